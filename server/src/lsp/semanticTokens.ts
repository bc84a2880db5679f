// textDocument/semanticTokens/full: the SPL of the document (core/ide/navigation/semanticTokens.ts)
// encoded relative to the previous token; a token that spans lines (a string continued in a
// folded scalar) is cut at each line end, since clients need not support multi-line tokens.
import { SemanticTokensBuilder } from 'vscode-languageserver/node';
import { SEMANTIC_TOKEN_TYPES, semanticTokens } from '../core/ide/navigation/semanticTokens';
import type { LspFeature } from './feature';

const TYPE_INDEX = new Map<string, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));

export const semanticTokensFeature: LspFeature = {
  capabilities: {
    semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
  },
  register({ connection, analyses }) {
    connection.languages.semanticTokens.on(({ textDocument }) => {
      const builder = new SemanticTokensBuilder();
      const document = analyses.of(textDocument.uri);
      if (!document) return builder.build();
      const { lines, text } = document;
      let lastEnd = 0;
      for (const { span, type } of semanticTokens(document.spls, (spl) => document.analysisOf(spl).written)) {
        // Tokens never overlap in the encoding: a token starting inside the previous one is dropped.
        if (span.start < lastEnd) continue;
        lastEnd = span.end;
        let start = span.start;
        while (start < span.end) {
          const position = lines.positionAt(start);
          const lineEnd = Math.min(span.end, lines.lineStart(position.line + 1));
          let end = lineEnd;
          while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
          if (end > start) builder.push(position.line, position.character, end - start, TYPE_INDEX.get(type) ?? 0, 0);
          if (lineEnd <= start) break;
          start = lineEnd;
        }
      }
      return builder.build();
    });
  },
};
