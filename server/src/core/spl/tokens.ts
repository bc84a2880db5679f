// The lexical tokens parseSpl returns (comments included), for semantic highlighting: a kind
// and a span, in text order. The tree says what a word means (field, value, function); this says
// what it looks like.
import type { IToken, TokenType } from 'chevrotain';
import type { Span } from '../text/lineIndex';
import {
  As, Bang, By, Comma, Comment, DoubleQuoted, EvalAnd, EvalIn, EvalLike, EvalNot, EvalOpen, EvalOr, EvalXor, From, Identifier,
  LParen, MacroCallToken, NumberLiteral, Output, OutputNew, Over, RParen, SearchAnd, SearchIn, SearchNot, SearchOr, SingleQuoted,
  StrayCloseBracket, Unknown, Where, Word, ComparisonOp, AdditiveOp, MultiplicativeOp,
} from './lexer';
import { tokenMatcher } from 'chevrotain';

export type SplTokenKind =
  /** The name of a stage's command. */
  | 'command'
  | 'word'
  /** by, as, over, from, where, output, outputnew; `eval` in `count(eval(...))`. */
  | 'keyword'
  /** AND OR NOT IN XOR LIKE, comparisons, arithmetic. */
  | 'operator'
  | 'string'
  /** `'field name'` in eval. */
  | 'quoted-field'
  | 'number'
  | 'comment'
  | 'macro-call'
  | 'pipe'
  | 'bracket'
  | 'parenthesis'
  | 'comma'
  | 'unknown';

export interface SplToken {
  readonly kind: SplTokenKind;
  readonly span: Span;
}

const KEYWORDS = [By, As, Over, From, Where, Output, OutputNew, EvalOpen];
const OPERATORS = [SearchAnd, SearchOr, SearchNot, SearchIn, EvalAnd, EvalOr, EvalXor, EvalNot, EvalLike, EvalIn, ComparisonOp, AdditiveOp, MultiplicativeOp, Bang];

const kindOfType = new Map<TokenType, SplTokenKind>();

/** The kind of a token (it depends only on its type: cached). */
export function tokenKind(t: IToken): SplTokenKind {
  let kind = kindOfType.get(t.tokenType);
  if (kind === undefined) {
    kind = kindOf(t);
    kindOfType.set(t.tokenType, kind);
  }
  return kind;
}

function kindOf(t: IToken): SplTokenKind {
  const type = t.tokenType;
  if (type === Comment) return 'comment';
  if (type === DoubleQuoted) return 'string';
  if (type === SingleQuoted) return 'quoted-field';
  if (type === NumberLiteral) return 'number';
  if (type === MacroCallToken) return 'macro-call';
  if (type === Comma) return 'comma';
  if (type === StrayCloseBracket) return 'bracket';
  if (type === Unknown) return 'unknown';
  if (KEYWORDS.includes(type)) return 'keyword';
  if (OPERATORS.some((op) => tokenMatcher(t, op))) return 'operator';
  if (tokenMatcher(t, LParen) || tokenMatcher(t, RParen)) return 'parenthesis';
  if (type === Identifier || tokenMatcher(t, Word)) return 'word';
  return 'unknown';
}
