// textDocument/hover: the core's hover (markdown and a file span) as an LSP Hover.
import path from 'node:path';
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { hoverAt, type HoverDocument } from '../core/ide/hover';
import type { DocumentAnalysis } from './documentAnalysis';
import type { LspFeature } from './feature';
import { sampleDataOf } from './sampleData';
import type { Workspace } from './workspace/workspace';

/** The document as hover sees it; paths of other files are shown relative to the content root.
 * With the workspace, the document's sample data as loaded so far. */
export function hoverDocumentOf(document: DocumentAnalysis, workspace?: Workspace): HoverDocument {
  const folder = document.root.folder;
  const samples = workspace ? sampleDataOf(workspace)?.samplesFor(document) : undefined;
  return {
    ...(samples ? { samples } : {}),
    file: document.file,
    spls: document.spls,
    analysisOf: (spl) => document.analysisOf(spl),
    repository: document.root.repository,
    displayPath: (file) => (folder !== undefined && path.isAbsolute(file) ? path.relative(folder, file).split(path.sep).join('/') : file),
  };
}

export const hoverFeature: LspFeature = {
  capabilities: { hoverProvider: true },
  register({ connection, analyses, workspace }) {
    connection.onHover((params): Hover | null => {
      try {
        const document = analyses.of(params.textDocument.uri);
        if (!document) return null;
        const result = hoverAt(hoverDocumentOf(document, workspace), document.lines.offsetAt(params.position));
        if (!result) return null;
        return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: document.lines.rangeOf(result.span) };
      } catch (error) {
        // A hover is never worth a broken server: report and answer nothing.
        connection.console.error(`Hover failed at ${params.textDocument.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return null;
      }
    });
  },
};
