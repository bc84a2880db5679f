// textDocument/foldingRange: YAML blocks and multi-line pipeline stages
// (core/ide/navigation/folding.ts), as line ranges.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver/node';
import { foldingSpans } from '../core/ide/navigation/folding';
import type { LspFeature } from './feature';

export const foldingFeature: LspFeature = {
  capabilities: { foldingRangeProvider: true },
  register({ connection, analyses }) {
    connection.onFoldingRanges(({ textDocument }) => {
      const document = analyses.of(textDocument.uri);
      if (!document) return null;
      const seen = new Set<string>();
      const out: FoldingRange[] = [];
      for (const { span, kind } of foldingSpans(document.file, document.text, document.spls, (spl) => document.analysisOf(spl).written.pipeline)) {
        const startLine = document.lines.positionAt(span.start).line;
        const endLine = document.lines.positionAt(span.end).line;
        const key = `${startLine}:${endLine}`;
        if (endLine <= startLine || seen.has(key)) continue;
        seen.add(key);
        out.push({ startLine, endLine, kind: kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region });
      }
      return out;
    });
  },
};
