// The bottom layer of the SPL parser: per-stage state, node helpers, diagnostics, the loops most
// commands' arguments are made of, and the rules for single words (values, field names, macro
// calls, subsearches). The grammar is split in layers by inheritance (search expressions, eval
// expressions, commands), one file each; the last layer runs chevrotain's self-analysis once,
// for the module-level parser singleton.
//
// Rules build nodes inside ACTION (skipped while chevrotain records the grammar) and never branch
// on LA() outside a GATE, so that the recorded grammar has every alternative. Problems the user
// is likely to make (a missing value, a missing parenthesis) are empty alternatives that report
// a diagnostic and leave a `Missing` node, so parsing goes on; anything else stops the stage
// with chevrotain's error, and the command built so far is kept.
import {
  EmbeddedActionsParser, EOF, tokenMatcher, type IOrAlt, type IParserErrorMessageProvider, type IToken, type ParserMethod, type TokenType,
} from 'chevrotain';
import type { Command, FieldRef, MacroCall, Missing, Pipeline, Subsearch, Value } from '../ast';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic';
import type { DiagnosticCode } from '../../diagnostics/codes';
import type { Span } from '../../text/lineIndex';
import {
  ALL_TOKEN_TYPES, AnyToken, By, Comma, DoubleQuoted, Equals, From, LParen, MacroCallToken, Output, OutputNew, Over,
  RParen, SubsearchToken, Where, Word, As,
} from '../lexer';
import { parseMacroCall } from '../macroCall';

/** What the driver attaches to a Subsearch token before the stage is parsed. */
export interface SubsearchPayload {
  readonly closed: boolean;
  pipeline?: Pipeline;
}

/** The per-stage inputs of a parse. */
export interface StageContext {
  readonly text: string;
  readonly allowMacros: boolean;
  readonly diagnostics: Diagnostic[];
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

export function isEndOfInput(t: IToken): boolean {
  return t.tokenType === EOF;
}

/** No whitespace (or comment) between `previous` and `next`. */
export function isGlued(previous: IToken, next: IToken): boolean {
  return !isEndOfInput(next) && next.startOffset === tokenEnd(previous);
}

export function spanBetween(first: { span: Span } | IToken, last: { span: Span } | IToken): Span {
  const start = 'span' in first ? first.span.start : first.startOffset;
  const end = 'span' in last ? last.span.end : tokenEnd(last);
  return { start, end: Math.max(start, end) };
}

/** `\\` and `\"` are escapes inside double quotes; any other `\c` stays as written. */
export function unescapeQuoted(image: string): string {
  const closed = image.length >= 2 && image.endsWith('"') && !isEscapedAt(image, image.length - 1);
  const body = image.slice(1, closed ? -1 : undefined);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && (body[i + 1] === '\\' || body[i + 1] === '"')) {
      out += body[i + 1];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

function isEscapedAt(image: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 1 && image[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

const MAX_SHOWN = 40;

/** How a token is named in a message. */
export function describeToken(t: IToken | undefined): string {
  if (!t || isEndOfInput(t)) return 'the end of the command';
  const shown = t.image.length > MAX_SHOWN ? `${t.image.slice(0, MAX_SHOWN)}…` : t.image;
  switch (t.tokenType) {
    case DoubleQuoted:
      return `the string ${shown}`;
    case MacroCallToken:
      return `the macro call ${shown}`;
    case SubsearchToken:
      return 'a subsearch [ ... ]';
    default:
      return `'${shown}'`;
  }
}

function describeTokenType(type: TokenType): string {
  switch (type) {
    case RParen:
      return "')'";
    case LParen:
      return "'('";
    case Equals:
      return "'='";
    case Comma:
      return "','";
    case DoubleQuoted:
      return 'a quoted string';
    case SubsearchToken:
      return 'a subsearch [ ... ]';
    case MacroCallToken:
      return 'a macro call';
    default:
      return type.name === 'Word' || type.name === 'Identifier' ? 'a word' : `'${type.name}'`;
  }
}

/** Chevrotain's messages, in the words of the person writing the search. */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeTokenType(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual }) => `unexpected ${describeToken(actual[0])}`,
  buildEarlyExitMessage: ({ actual }) => `unexpected ${describeToken(actual[0])}`,
};

/** A rule whose results a command keeps: `{ rule: this.fieldRef, into: fields }`. `into` is a
 * function where the command does more with a result than keep it. */
export interface Collected<T, A extends unknown[] = []> {
  readonly rule: ParserMethod<A, T>;
  readonly args?: A;
  readonly into: T[] | ((result: T) => void);
}

/** What may stand among the items of a list (options, macro calls), taken when `starts` holds. */
export interface Among<T> extends Collected<T> {
  readonly starts: () => boolean;
}

/** The arguments of most commands: items separated by spaces (and commas, when `commas`), with
 * `among` elements mixed in. */
export interface ArgumentList<T, A extends unknown[], O> {
  /** Another element (an item, an `among` element or a comma) comes next. */
  readonly continues: () => boolean;
  readonly among?: Among<O>;
  readonly commas: boolean;
  readonly item: Collected<T, A>;
}

/** Words that start a clause and so end a list of fields or aggregations. */
const CLAUSE_KEYWORDS: readonly TokenType[] = [By, As, Over, From, Where, Output, OutputNew];

export abstract class SplParserBase extends EmbeddedActionsParser {
  protected context: StageContext = { text: '', allowMacros: true, diagnostics: [] };
  /** The command of the stage being parsed, filled in as its parts are parsed: what the stage
   * gives when a syntax error stops the parse halfway. */
  current: Command | undefined;

  /** `validateGrammar`: run chevrotain's grammar checks (duplicate DSL indices, ambiguities,
   * left recursion). They cost ~30 ms at startup, so the shared instance skips them and a unit
   * test runs them. Lookahead is one token: rules decide the rest with GATEs. */
  constructor(validateGrammar: boolean) {
    super(ALL_TOKEN_TYPES as TokenType[], {
      maxLookahead: 1,
      recoveryEnabled: false,
      skipValidations: !validateGrammar,
      errorMessageProvider: messages,
    });
  }

  /** Prepares the parser for one stage. */
  startStage(tokens: IToken[], context: StageContext): void {
    this.input = tokens;
    this.context = context;
    this.current = undefined;
  }

  // --- Diagnostics and nodes --------------------------------------------------------------

  protected report(code: DiagnosticCode, message: string, at: Span): void {
    this.context.diagnostics.push(diagnostic(code, message, at));
  }

  /** Reports `message` at `at` and returns a zero-length Missing node just after it. */
  protected missing(message: string, at: Span, code: DiagnosticCode = 'spl-syntax'): Missing {
    this.report(code, message, at);
    return { kind: 'missing', span: { start: at.end, end: at.end } };
  }

  protected begin<T extends Command>(command: T): T {
    this.current = command;
    return command;
  }

  protected commandBase(name: IToken): { name: string; nameSpan: Span; span: Span } {
    return { name: name.image.toLowerCase(), nameSpan: tokenSpan(name), span: tokenSpan(name) };
  }

  protected sourceText(span: Span): string {
    return this.context.text.slice(span.start, span.end);
  }

  /** One token, or several glued ones, as a Value. */
  protected valueNode(first: IToken, last: IToken): Value {
    if (first === last && first.tokenType === DoubleQuoted) {
      const text = unescapeQuoted(first.image);
      return { kind: 'value', text, quoted: true, wildcard: text.includes('*'), span: tokenSpan(first) };
    }
    const span = spanBetween(first, last);
    const text = this.sourceText(span);
    return { kind: 'value', text, quoted: false, wildcard: text.includes('*'), span };
  }

  protected fieldNode(t: IToken): FieldRef {
    const quoted = t.tokenType === DoubleQuoted;
    const name = quoted ? unescapeQuoted(t.image) : t.image;
    return { kind: 'field', name, quoted, wildcard: name.includes('*'), span: tokenSpan(t) };
  }

  protected macroNode(t: IToken): MacroCall {
    const call = parseMacroCall(this.context.text, t.startOffset, tokenEnd(t));
    if (call.name === '') this.report('spl-syntax', 'this macro call has no name between its backticks', call.span);
    if (!this.context.allowMacros) {
      this.report('spl-macro-not-expanded', `the macro \`${call.name}\` is not expanded here`, call.span);
    }
    return call;
  }

  protected subsearchNode(t: IToken): Subsearch {
    const payload = t.payload as SubsearchPayload | undefined;
    const span = tokenSpan(t);
    const pipeline = payload?.pipeline ?? { kind: 'pipeline', stages: [], leadingPipe: false, span: { start: span.start + 1, end: span.end } };
    return { kind: 'subsearch', pipeline, span };
  }

  // --- Lookahead predicates (used in GATEs) ----------------------------------------------

  /** LA for helpers outside the class. */
  peek(k: number): IToken {
    return this.LA(k);
  }

  protected next(type: TokenType, k = 1): boolean {
    return tokenMatcher(this.LA(k), type);
  }

  protected atEnd(): boolean {
    return isEndOfInput(this.LA(1));
  }

  /** A word that is not a clause keyword (`by`, `as`, `over`, `from`, `where`, `output`). */
  protected isPlainWord(k = 1): boolean {
    const t = this.LA(k);
    return tokenMatcher(t, Word) && !CLAUSE_KEYWORDS.some((kw) => t.tokenType === kw);
  }

  /** The next tokens are `name=`. */
  protected startsOption(): boolean {
    return this.next(Word) && this.next(Equals, 2);
  }

  /** A field name can start here (a plain word or a quoted name, and not `name=`). */
  protected startsField(): boolean {
    return (this.isPlainWord() || this.next(DoubleQuoted)) && !this.next(Equals, 2);
  }

  protected startsValue(): boolean {
    return this.next(Word) || this.next(DoubleQuoted) || this.next(MacroCallToken);
  }

  protected isNumberWord(k = 1): boolean {
    const t = this.LA(k);
    return tokenMatcher(t, Word) && /^\d+$/.test(t.image);
  }

  protected wordIs(k: number, ...words: string[]): boolean {
    const t = this.LA(k);
    return tokenMatcher(t, Word) && words.includes(t.image.toLowerCase());
  }

  // --- Lists ------------------------------------------------------------------------------
  // `index` keeps the DSL calls of a helper apart from the rule's others: chevrotain needs one
  // occurrence index per call site of MANY, OR, OPTION, each token type and each rule.

  /** Parses `part.rule` and keeps its result. */
  protected collect<T, A extends unknown[]>(index: number, part: Collected<T, A>): void {
    const result = this.subrule(index, part.rule, part.args && { ARGS: part.args });
    this.ACTION(() => {
      if (typeof part.into === 'function') part.into(result);
      else part.into.push(result);
    });
  }

  /** The alternative of an OR that takes an `among` element. */
  protected amongAlternative<T>(index: number, among: Among<T>): IOrAlt<void> {
    return { GATE: among.starts, ALT: () => this.collect(index, among) };
  }

  /** `part` again and again while `starts` holds. */
  protected collectWhile<T>(index: number, starts: () => boolean, part: Collected<T>): void {
    this.many(index, { GATE: starts, DEF: () => this.collect(index, part) });
  }

  /** A list of arguments: each turn takes an `among` element (tried first), a comma or an item. */
  protected argumentList<T, A extends unknown[], O>(index: number, list: ArgumentList<T, A, O>): void {
    const alternatives: IOrAlt<void>[] = [];
    if (list.among) alternatives.push(this.amongAlternative(index, list.among));
    if (list.commas) alternatives.push({ ALT: () => this.consume(index, Comma) });
    alternatives.push({ ALT: () => this.collect(index, list.item) });
    this.many(index, { GATE: list.continues, DEF: () => this.or(index, { IGNORE_AMBIGUITIES: true, DEF: alternatives }) });
  }

  /** Consumes the tokens up to the `)` that closes a `(` already consumed (or up to the end of the
   * stage), nested groups included; returns the last one consumed, if any. */
  protected skipToClosingParen(index: number): IToken | undefined {
    let last: IToken | undefined;
    let depth = 0;
    this.many(index, {
      GATE: () => !this.atEnd() && (depth > 0 || !this.next(RParen)),
      DEF: () => {
        const t = this.consume(index, AnyToken);
        last = t;
        this.ACTION(() => {
          if (tokenMatcher(t, LParen)) depth++;
          else if (tokenMatcher(t, RParen)) depth--;
        });
      },
    });
    return last;
  }

  // --- Rules for single words ---------------------------------------------------------------

  /** A word, a quoted string or a macro call, with the tokens glued to it: `a=b=c` has the value
   * `b=c`, `x=`m`_suffix` the value `` `m`_suffix ``. Commas glue too unless `inList`. */
  readonly value = this.RULE('value', (inList: boolean): Value | MacroCall => {
    const first = this.OR([
      { ALT: () => this.CONSUME(Word) },
      { ALT: () => this.CONSUME(DoubleQuoted) },
      { ALT: () => this.CONSUME(MacroCallToken) },
    ]);
    const glue = new Glue(first);
    this.MANY({
      GATE: () => glue.continuesWith(this, this.gluesToValue(inList)),
      DEF: () => glue.add(this.CONSUME(AnyToken)),
    });
    return this.ACTION(() => (first === glue.last && first.tokenType === MacroCallToken ? this.macroNode(first) : this.valueNode(first, glue.last)));
  });

  private gluesToValue(inList: boolean): boolean {
    return this.next(Word) || this.next(DoubleQuoted) || this.next(Equals) || this.next(MacroCallToken) || (!inList && this.next(Comma));
  }

  /** `(...)` glued to the previous token and closed before any space: `*GetCurrent()*` is one
   * value, `predicted(x)` one field name. */
  gluedGroupAhead(previous: IToken): boolean {
    let prev = previous;
    let depth = 0;
    for (let k = 1; ; k++) {
      const t = this.LA(k);
      if (!isGlued(prev, t)) return false;
      if (tokenMatcher(t, LParen)) depth++;
      else if (tokenMatcher(t, RParen)) {
        depth--;
        if (depth === 0) return true;
      } else if (depth === 0) return false;
      prev = t;
    }
  }

  /** A field name: a word (`Processes.dest`, `tcp.*`, `predicted(x)`) or a quoted name
   * (`"Search Name"`). */
  readonly fieldRef = this.RULE('fieldRef', (): FieldRef => {
    const first = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(DoubleQuoted) }]);
    const glue = new Glue(first);
    this.MANY({
      GATE: () => glue.continuesWith(this, false),
      DEF: () => glue.add(this.CONSUME(AnyToken)),
    });
    return this.ACTION((): FieldRef => {
      if (glue.last === first) return this.fieldNode(first);
      const span = spanBetween(first, glue.last);
      const name = this.sourceText(span);
      return { kind: 'field', name, quoted: false, wildcard: name.includes('*'), span };
    });
  });

  /** `as name` after a field or a function, when written. `what` names the missing name in the
   * message when `as` is not followed by one. */
  protected optionalAlias(index: number, what: string): FieldRef | undefined {
    let alias: FieldRef | undefined;
    this.option(index, () => {
      const as = this.consume(index, As);
      this.or(index, [
        {
          GATE: () => this.next(Word) || this.next(DoubleQuoted),
          ALT: () => {
            alias = this.subrule(index, this.fieldRef);
          },
        },
        { ALT: () => this.ACTION(() => this.report('spl-syntax', `expected ${what} after '${as.image}'`, tokenSpan(as))) },
      ]);
    });
    return alias;
  }

  readonly macroCall = this.RULE('macroCall', (): MacroCall => {
    const t = this.CONSUME(MacroCallToken);
    return this.ACTION(() => this.macroNode(t));
  });

  readonly subsearch = this.RULE('subsearch', (): Subsearch => {
    const t = this.CONSUME(SubsearchToken);
    return this.ACTION(() => this.subsearchNode(t));
  });

  /** The `)` closing `open`. When something else comes first, report it and skip to the
   * matching `)` (or the end of the stage), so that the rest of the stage still parses. */
  readonly closingParen = this.RULE('closingParen', (open: IToken, what: string): void => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(RParen) },
        {
          ALT: () => {
            const found = this.LA(1);
            this.ACTION(() => {
              if (isEndOfInput(found)) this.report('spl-unbalanced-bracket', `missing closing parenthesis for this '(' (${what})`, tokenSpan(open));
              else this.report('spl-syntax', `unexpected ${describeToken(found)}: expected ')' to close the '(' of ${what}`, tokenSpan(found));
            });
            this.skipToClosingParen(0);
            this.OPTION(() => this.CONSUME2(RParen));
          },
        },
      ],
    });
  });
}

/** Tokens glued into one word: the parser continues while the next token touches the last one
 * and either `allowed` says so or it opens a glued, balanced `(...)` group. */
export class Glue {
  last: IToken;
  private depth = 0;

  constructor(first: IToken) {
    this.last = first;
  }

  continuesWith(parser: SplParserBase, allowed: boolean): boolean {
    const next = parser.peek(1);
    if (!isGlued(this.last, next)) return false;
    if (this.depth > 0) return true;
    return (allowed && !tokenMatcher(next, LParen) && !tokenMatcher(next, RParen)) || (tokenMatcher(next, LParen) && parser.gluedGroupAhead(this.last));
  }

  add(t: IToken): void {
    this.last = t;
    if (tokenMatcher(t, LParen)) this.depth++;
    else if (tokenMatcher(t, RParen)) this.depth--;
  }
}
