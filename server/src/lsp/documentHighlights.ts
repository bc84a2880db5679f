// textDocument/documentHighlight: the field or macro under the cursor in the same SPL, and for a
// detection's fields their rba `field:` values and message tokens
// (core/ide/navigation/highlights.ts).
import { DocumentHighlightKind } from 'vscode-languageserver/node';
import { highlightsAt } from '../core/ide/navigation/highlights';
import type { LspFeature } from './feature';

const KINDS = { read: DocumentHighlightKind.Read, write: DocumentHighlightKind.Write, text: DocumentHighlightKind.Text } as const;

export const documentHighlightsFeature: LspFeature = {
  capabilities: { documentHighlightProvider: true },
  register({ connection, analyses }) {
    connection.onDocumentHighlight(({ textDocument, position }) => {
      const document = analyses.of(textDocument.uri);
      if (!document) return null;
      const highlights = highlightsAt(document.file, document.spls, (spl) => document.analysisOf(spl).written.pipeline, document.lines.offsetAt(position));
      return highlights.map((h) => ({ range: document.lines.rangeOf(h.span), kind: KINDS[h.kind] }));
    });
  },
};
