// Semantic tokens of the SPL written in a file: what the lexer says a token looks like
// (strings, numbers, operators, comments, macro calls, command names, keywords), refined by the
// tree for words whose meaning only the parser knows (field names, function names, option
// names). Spans are file spans, in file order.
import type { SplParseResult } from '../../spl';
import type { SplTokenKind } from '../../spl';
import type { Span } from '../../text/lineIndex';
import type { EmbeddedSpl } from '../embeddedSpl';
import { walk } from '../nodeAt';

/** Standard LSP token type names; the LSP layer's legend lists them in this order. */
export const SEMANTIC_TOKEN_TYPES = ['keyword', 'function', 'macro', 'variable', 'property', 'string', 'number', 'operator', 'comment'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export interface SemanticToken {
  readonly span: Span;
  readonly type: SemanticTokenType;
}

const BY_TOKEN_KIND: Partial<Record<SplTokenKind, SemanticTokenType>> = {
  command: 'keyword',
  keyword: 'keyword',
  operator: 'operator',
  string: 'string',
  'quoted-field': 'variable',
  number: 'number',
  comment: 'comment',
  'macro-call': 'macro',
};

/** Types the tree gives to spans (by start offset): fields, functions, option names. */
function typesFromTree(parse: SplParseResult): Map<number, { end: number; type: SemanticTokenType }> {
  const out = new Map<number, { end: number; type: SemanticTokenType }>();
  const set = (span: Span, type: SemanticTokenType): void => {
    out.set(span.start, { end: span.end, type });
  };
  for (const node of walk(parse.pipeline)) {
    const n = node as unknown as Record<string, unknown> & { kind: string; span: Span };
    switch (n.kind) {
      case 'field':
      case 'eval-field':
        set(n.span, 'variable');
        break;
      case 'eval-call':
        set(n.nameSpan as Span, 'function');
        break;
      case 'aggregation':
      case 'conversion':
        set(n.functionSpan as Span, 'function');
        break;
      case 'option':
        set(n.nameSpan as Span, 'property');
        break;
    }
  }
  return out;
}

export function semanticTokens(spls: readonly EmbeddedSpl[], parseOf: (spl: EmbeddedSpl) => SplParseResult): SemanticToken[] {
  const out: SemanticToken[] = [];
  for (const spl of spls) {
    const parse = parseOf(spl);
    const fromTree = typesFromTree(parse);
    for (const token of parse.tokens) {
      const refined = fromTree.get(token.span.start);
      const type = refined && refined.end === token.span.end ? refined.type : BY_TOKEN_KIND[token.kind];
      if (!type || token.span.end <= token.span.start) continue;
      out.push({ span: spl.source.toFileSpan(token.span), type });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
