// textDocument/definition: macro calls, data source and story entries, lookup tables (see
// core/ide/navigation/definition.ts). Also the conversion of core file spans to LSP locations,
// shared by the other navigation capabilities.
import type { Location } from 'vscode-languageserver/node';
import { definitionOf } from '../core/ide/navigation/definition';
import type { FileSpan } from '../core/ide/navigation/splSources';
import { targetAt, type NavigationTarget } from '../core/ide/navigation/target';
import { LineIndex, type Position } from '../core/text/lineIndex';
import type { DocumentAnalyses, DocumentAnalysis } from './documentAnalysis';
import type { LspFeature } from './feature';
import type { Workspace } from './workspace/workspace';

/** File spans as LSP locations; spans of files the server has no text for are left out. */
export function toLocations(workspace: Workspace, spans: readonly FileSpan[]): Location[] {
  const lines = new Map<string, LineIndex | undefined>();
  const out: Location[] = [];
  for (const { file, span } of spans) {
    if (!lines.has(file)) {
      const text = workspace.textOf(file);
      lines.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    const index = lines.get(file);
    if (index) out.push({ uri: workspace.uriOf(file), range: index.rangeOf(span) });
  }
  return out;
}

/** The document's analysis and what the cursor names. */
export function navigationTargetAt(analyses: DocumentAnalyses, uri: string, position: Position): { document: DocumentAnalysis; target: NavigationTarget } | undefined {
  const document = analyses.of(uri);
  if (!document) return undefined;
  const target = targetAt(document.file, document.spls, (spl) => document.analysisOf(spl).written.pipeline, document.lines.offsetAt(position));
  return target ? { document, target } : undefined;
}

export const definitionFeature: LspFeature = {
  capabilities: { definitionProvider: true },
  register({ connection, workspace, analyses }) {
    connection.onDefinition(({ textDocument, position }) => {
      const found = navigationTargetAt(analyses, textDocument.uri, position);
      if (!found) return null;
      const { root } = found.document;
      return toLocations(workspace, definitionOf(found.target, root.repository, root.macros().table));
    });
  },
};
