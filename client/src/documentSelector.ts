// The documents the language server is told about: SPL files, and content-repository YAML
// (detections and macros) wherever the repository sits in the workspace.
import type { DocumentSelector } from 'vscode-languageclient';

export const DETECTION_DOCUMENT_SELECTOR: DocumentSelector = [
  { language: 'spl' },
  { language: 'yaml', pattern: '**/detections/**/*.{yml,yaml}' },
  { language: 'yaml', pattern: '**/macros/*.{yml,yaml}' },
];
