// The documents the language server is told about: SPL files, and the YAML of every content
// folder (and macros.conf) wherever the repository sits in the workspace, so edits to a data
// source or a story are checked as the user types, like those to a detection or a macro.
import type { DocumentSelector } from 'vscode-languageclient';

export const DETECTION_DOCUMENT_SELECTOR: DocumentSelector = [
  { language: 'spl' },
  { language: 'yaml', pattern: '**/detections/**/*.{yml,yaml}' },
  { language: 'yaml', pattern: '**/macros/*.{yml,yaml}' },
  { language: 'yaml', pattern: '**/{data_sources,stories,lookups,deployments,schedules}/**/*.{yml,yaml}' },
  { pattern: '**/macros.conf' },
];
