// textDocument/documentSymbol: the outline of a content file or a `.spl` file
// (core/ide/navigation/symbols.ts), as hierarchical DocumentSymbols.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { documentSymbols, type ContentSymbol, type ContentSymbolKind } from '../core/ide/navigation/symbols';
import type { LineIndex } from '../core/text/lineIndex';
import type { LspFeature } from './feature';

export const SYMBOL_KINDS: Record<ContentSymbolKind, SymbolKind> = {
  detection: SymbolKind.Class,
  macro: SymbolKind.Function,
  'data-source': SymbolKind.Interface,
  story: SymbolKind.Namespace,
  lookup: SymbolKind.Struct,
  deployment: SymbolKind.Object,
  search: SymbolKind.Property,
  drilldown: SymbolKind.Object,
  stage: SymbolKind.Operator,
  'macro-call': SymbolKind.Function,
};

function toDocumentSymbol(symbol: ContentSymbol, lines: LineIndex): DocumentSymbol {
  return {
    name: symbol.name || ' ',
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    kind: SYMBOL_KINDS[symbol.kind],
    range: lines.rangeOf(symbol.span),
    selectionRange: lines.rangeOf(symbol.selectionSpan),
    children: symbol.children.map((c) => toDocumentSymbol(c, lines)),
  };
}

export const documentSymbolsFeature: LspFeature = {
  capabilities: { documentSymbolProvider: { label: 'SPL Workbench' } },
  register({ connection, analyses }) {
    connection.onDocumentSymbol(({ textDocument }) => {
      const document = analyses.of(textDocument.uri);
      if (!document) return null;
      const symbols = documentSymbols(document.file, document.spls, (spl) => document.analysisOf(spl).written.pipeline);
      return symbols.map((s) => toDocumentSymbol(s, document.lines));
    });
  },
};
