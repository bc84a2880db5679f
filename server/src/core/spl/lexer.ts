// Chevrotain tokens and the lexer, built once. One stage is lexed at a time, in the mode its
// command needs (catalog.ts): in `search` mode `*\\cmd.exe`, `-70m@m`, `10.0.0.0/8` and
// `sourcetype=cisco:isovalent:processExec`'s value are single words; in `eval` mode `a-b` is a
// subtraction and `'x y'` a field name; `stats` mode is search mode where `eval(...)` switches
// to eval mode until its closing parenthesis. Strings, comments, macro calls and whole
// `[ ... ]` brackets are single tokens (custom patterns sharing scan.ts with the splitter);
// the parser lexes and parses a bracket's inside on its own.
import { createToken, Lexer, type CustomPatternMatcherReturn, type IToken, type TokenType } from 'chevrotain';
import { backtickRun, scanBracket, scanComment, scanDoubleQuoted, scanMacroCall } from './scan';

/** Every token is also an `AnyToken`, so that a rule can skip whatever it does not understand. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });

function token(config: Parameters<typeof createToken>[0]): TokenType {
  const categories = config.categories ? [AnyToken, ...(Array.isArray(config.categories) ? config.categories : [config.categories])] : [AnyToken];
  return createToken({ ...config, categories });
}

function matched(text: string, offset: number, end: number, payload: unknown): CustomPatternMatcherReturn {
  const result = [text.slice(offset, end)] as unknown as CustomPatternMatcherReturn;
  result.payload = payload;
  return result;
}

const BACKTICK = 96;
const DOUBLE_QUOTE = 34;
const OPEN_BRACKET = 91;

// --- Tokens every mode has ------------------------------------------------------------------

export const Whitespace = createToken({ name: 'Whitespace', pattern: /\s+/, group: Lexer.SKIPPED });

/** ``` ... ``` (kept in its own group: the parser skips it, semantic tokens use it). */
export const Comment = token({
  name: 'Comment',
  pattern: {
    exec: (text: string, offset: number) =>
      backtickRun(text, offset, text.length) >= 3 ? matched(text, offset, scanComment(text, offset, text.length).end, undefined) : null,
  },
  start_chars_hint: ['`'],
  line_breaks: true,
  group: 'comments',
});

/** `name` or `name(args)`; the payload says whether the closing backtick is there. */
export const MacroCallToken = token({
  name: 'MacroCall',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== BACKTICK || text.charCodeAt(offset + 1) === BACKTICK) {
        // "``" is an empty macro name: still one token, so the parser can report it.
        if (text.charCodeAt(offset) === BACKTICK && backtickRun(text, offset, text.length) === 2) {
          return matched(text, offset, offset + 2, { closed: true });
        }
        return null;
      }
      const s = scanMacroCall(text, offset, text.length);
      return matched(text, offset, s.end, { closed: s.closed });
    },
  },
  start_chars_hint: ['`'],
  line_breaks: true,
});

export const DoubleQuoted = token({
  name: 'DoubleQuoted',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== DOUBLE_QUOTE) return null;
      const s = scanDoubleQuoted(text, offset, text.length);
      return matched(text, offset, s.end, { closed: s.closed });
    },
  },
  start_chars_hint: ['"'],
  line_breaks: true,
});

/** A whole `[ ... ]`; the payload says whether the closing bracket is there. */
export const SubsearchToken = token({
  name: 'Subsearch',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== OPEN_BRACKET) return null;
      const s = scanBracket(text, offset, text.length);
      return matched(text, offset, s.end, { closed: s.closed });
    },
  },
  start_chars_hint: ['['],
  line_breaks: true,
});

/** A `]` without its `[`: reported by the splitter, kept out of the parser's way. */
export const StrayCloseBracket = token({ name: 'StrayCloseBracket', pattern: /]/, group: 'stray' });

export const LParen = token({ name: 'LParen', pattern: /\(/ });
export const RParen = token({ name: 'RParen', pattern: /\)/ });
export const Comma = token({ name: 'Comma', pattern: /,/ });

/** Comparison operators, shared by both expression grammars. */
export const ComparisonOp = createToken({ name: 'ComparisonOp', pattern: Lexer.NA });
export const NotEquals = token({ name: 'NotEquals', pattern: /!=/, categories: [ComparisonOp] });
export const DoubleEquals = token({ name: 'DoubleEquals', pattern: /==/, categories: [ComparisonOp] });
export const Equals = token({ name: 'Equals', pattern: /=/, categories: [ComparisonOp] });
export const LessOrEqual = token({ name: 'LessOrEqual', pattern: /<=/, categories: [ComparisonOp] });
export const GreaterOrEqual = token({ name: 'GreaterOrEqual', pattern: />=/, categories: [ComparisonOp] });
export const Less = token({ name: 'Less', pattern: /</, categories: [ComparisonOp] });
export const Greater = token({ name: 'Greater', pattern: />/, categories: [ComparisonOp] });

/** First characters a token may start with, for chevrotain's first-character optimisation
 * (it cannot read negated character classes): every ASCII character but `excluded`, and one
 * character per bin chevrotain sorts the other UTF-16 code units into. */
function startCharsExcept(excluded: string): number[] {
  const codes: number[] = [];
  for (let c = 0; c < 128; c++) if (!excluded.includes(String.fromCharCode(c))) codes.push(c);
  for (let c = 128; c < 256; c++) codes.push(c);
  for (let bin = 1; bin <= 257; bin++) codes.push(Math.max(256, bin * 255));
  return codes;
}

const WHITESPACE_CHARS = ' \t\n\r\v\f';

// --- Search mode ----------------------------------------------------------------------------

/** Anything but whitespace and `= < > != ( ) [ ] | " \` ,`; also `<<FIELD>>` placeholders, and
 * `\"` / `\\`, which escape outside quotes too (`x=*\"privileged\":true*` is one word). */
export const Word = token({
  name: 'Word',
  pattern: /(?:<<\w+>>|\\["\\]|[^\s=<>!()[\]|"`,]|!(?!=))+/,
  start_chars_hint: startCharsExcept(`${WHITESPACE_CHARS}=>()[]|"\`,`),
  line_breaks: true,
});

function searchKeyword(name: string, pattern: RegExp, isWord: boolean): TokenType {
  return token({ name, pattern, longer_alt: Word, categories: isWord ? [Word] : [] });
}

// Boolean operators are operators only in uppercase (semantics §1.5); they are not words.
export const SearchAnd = searchKeyword('AND', /AND/, false);
export const SearchOr = searchKeyword('OR', /OR/, false);
export const SearchNot = searchKeyword('NOT', /NOT/, false);
export const SearchIn = searchKeyword('IN', /IN/, false);
// Clause keywords are case-insensitive and stay words (a field may be called `from`).
export const By = searchKeyword('By', /by/i, true);
export const As = searchKeyword('As', /as/i, true);
export const Over = searchKeyword('Over', /over/i, true);
export const OutputNew = searchKeyword('OutputNew', /outputnew/i, true);
export const Output = searchKeyword('Output', /output/i, true);
export const Where = searchKeyword('Where', /where/i, true);
export const From = searchKeyword('From', /from/i, true);

/** `eval(` in stats-like commands: what follows up to the matching `)` is an eval expression. */
export const EvalOpen = token({ name: 'EvalOpen', pattern: /eval(?=\s*\()/i, push_mode: 'evalEntry' });
/** The `(` after `eval`: leaves `evalEntry` for `evalNested`. */
export const EvalEntryParen = token({ name: 'EvalEntryParen', pattern: /\(/, categories: [LParen], pop_mode: true, push_mode: 'evalNested' });

// --- Eval mode ------------------------------------------------------------------------------

/** A field name: letters, digits, `_`, `$tokens$`, `{}`, `<<FIELD>>`, and dots between them. */
export const Identifier = token({
  name: 'Identifier',
  pattern: /(?:<<\w+>>|[A-Za-z_$@{}\u0080-\uffff])(?:<<\w+>>|[\w$@{}\u0080-\uffff]|\.(?=[\w$@{<\u0080-\uffff]))*/,
  categories: [Word],
});

function evalKeyword(name: string, pattern: RegExp): TokenType {
  return token({ name, pattern, longer_alt: Identifier });
}

// In eval the operators are case-insensitive (`where a>1 and b<2`).
export const EvalAnd = evalKeyword('EvalAnd', /and/i);
export const EvalOr = evalKeyword('EvalOr', /or/i);
export const EvalXor = evalKeyword('EvalXor', /xor/i);
export const EvalNot = evalKeyword('EvalNot', /not/i);
export const EvalLike = evalKeyword('EvalLike', /like/i);
export const EvalIn = evalKeyword('EvalIn', /in/i);

/** `'field name'`; an unclosed one runs to the end of the stage (the parser reports it). */
export const SingleQuoted = token({ name: 'SingleQuoted', pattern: /'(?:[^'\\]|\\[\s\S])*'?/, line_breaks: true });
export const NumberLiteral = token({ name: 'Number', pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/ });
export const Bang = token({ name: 'Bang', pattern: /!/ });
/** `+ - .` (one precedence level) and `* / %`. */
export const AdditiveOp = createToken({ name: 'AdditiveOp', pattern: Lexer.NA });
export const MultiplicativeOp = createToken({ name: 'MultiplicativeOp', pattern: Lexer.NA });
export const Plus = token({ name: 'Plus', pattern: /\+/, categories: [AdditiveOp] });
export const Minus = token({ name: 'Minus', pattern: /-/, categories: [AdditiveOp] });
export const Dot = token({ name: 'Dot', pattern: /\./, categories: [AdditiveOp] });
export const Star = token({ name: 'Star', pattern: /\*/, categories: [MultiplicativeOp] });
export const Slash = token({ name: 'Slash', pattern: /\//, categories: [MultiplicativeOp] });
export const Percent = token({ name: 'Percent', pattern: /%/, categories: [MultiplicativeOp] });
/** `(` inside eval: nests one level, so that the matching `)` can leave a stats `eval(...)`. */
export const EvalLParen = token({ name: 'EvalLParen', pattern: /\(/, categories: [LParen], push_mode: 'evalNested' });
export const EvalRParenPop = token({ name: 'EvalRParenPop', pattern: /\)/, categories: [RParen], pop_mode: true });
/** Any other character in eval (`#`, `;`, an unclosed `'`): the parser reports it. */
export const Unknown = token({ name: 'Unknown', pattern: /[^\s]/, start_chars_hint: startCharsExcept(WHITESPACE_CHARS) });

const shared = [Whitespace, Comment, MacroCallToken, DoubleQuoted, SubsearchToken, StrayCloseBracket];
const comparisons = [NotEquals, DoubleEquals, Equals, LessOrEqual, GreaterOrEqual, Less, Greater];
const searchWords = [SearchAnd, SearchOr, SearchNot, SearchIn, By, As, Over, OutputNew, Output, Where, From, Word];
const evalTokens = [
  SingleQuoted, NumberLiteral, EvalAnd, EvalOr, EvalXor, EvalNot, EvalLike, EvalIn, Identifier,
  ...comparisons, Bang, Plus, Minus, Star, Slash, Percent, Dot, Comma,
];

/** Every token type, for the parser's vocabulary. */
export const ALL_TOKEN_TYPES: readonly TokenType[] = [
  AnyToken, ComparisonOp, AdditiveOp, MultiplicativeOp, ...shared, LParen, RParen, Comma, ...comparisons, ...searchWords,
  EvalOpen, EvalEntryParen, ...evalTokens.filter((t) => !comparisons.includes(t) && t !== Comma), EvalLParen, EvalRParenPop, Unknown,
];

export type LexerMode = 'search' | 'stats' | 'evalTop';

const splLexer = new Lexer(
  {
    defaultMode: 'search',
    modes: {
      search: [...shared, LParen, RParen, Comma, ...searchWords, ...comparisons],
      stats: [...shared, EvalOpen, LParen, RParen, Comma, ...searchWords, ...comparisons],
      evalEntry: [Whitespace, Comment, EvalEntryParen],
      // The top of an eval/where stage: an unmatched `)` stays in this mode (and is reported).
      evalTop: [...shared, ...evalTokens, EvalLParen, RParen, Unknown],
      evalNested: [...shared, ...evalTokens, EvalLParen, EvalRParenPop, Unknown],
    },
  },
  { positionTracking: 'onlyOffset', ensureOptimizations: true },
);

export interface LexedStage {
  /** Tokens for the parser, offsets into the whole text. */
  readonly tokens: IToken[];
  /** Comments and stray `]`: kept for highlighting, not parsed. */
  readonly skipped: IToken[];
}

/** Lexes `text[start, end)` in `mode`; token offsets are into `text`. */
export function lexStage(text: string, start: number, end: number, mode: LexerMode): LexedStage {
  const result = splLexer.tokenize(text.slice(start, end), mode);
  const shift = (t: IToken): IToken => {
    t.startOffset += start;
    t.endOffset = t.startOffset + t.image.length - 1;
    return t;
  };
  const tokens = result.tokens.map(shift);
  const comments = result.groups.comments ?? [];
  const stray = result.groups.stray ?? [];
  const skipped = (stray.length === 0 ? comments : [...comments, ...stray].sort((a, b) => a.startOffset - b.startOffset)).map(shift);
  return { tokens, skipped };
}
