// parseSpl: text in, tree + diagnostics + tokens out; never throws. The text is split into
// stages on `|` first (scan.ts), so that an error in one stage leaves the others whole; each
// stage is lexed in the mode its command needs and parsed by the rule for that command. A
// bracket is parsed as a nested pipeline before the stage that holds it.
import { EOF, tokenMatcher, type IRecognitionException, type IToken } from 'chevrotain';
import type { Command, ErrorCommand, Pipeline } from './ast';
import { closestName, knownCommandNames, lookupCommand, type BracketKind } from './catalog';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { Span } from '../text/lineIndex';
import { lexStage, LParen, MacroCallToken, RParen, SubsearchToken, Unknown, Word, type LexerMode } from './lexer';
import { describeToken, tokenSpan, type SubsearchPayload } from './parser/parserBase';
import { splParser, stageRuleFor, type SplParser } from './parser/splParser';
import { splitStages, type LexicalProblem } from './scan';
import { tokenKind, type SplToken } from './tokens';

export interface SplParseOptions {
  /** Backtick macro calls are part of the text (default). `false`: the text is already expanded,
   * and a call left in it is reported (`spl-macro-not-expanded`), though still parsed. */
  readonly allowMacros?: boolean;
  /** The text is a macro definition, a fragment of a search: it may start with a command without
   * `|` (`eval x=1 | lookup ...`), and a leading `|` need not be followed by a generating command
   * (the call may stand after other commands). */
  readonly macroDefinition?: boolean;
}

export interface SplParseResult {
  readonly pipeline: Pipeline;
  /** Sorted by start offset; every span lies within the text. */
  readonly diagnostics: Diagnostic[];
  /** Every token in text order, comments included (for semantic highlighting). */
  readonly tokens: readonly SplToken[];
}

/** Deeper nesting is reported instead of parsed: the parser is recursive, and no real search
 * comes near these. */
const MAX_BRACKET_DEPTH = 50;
const MAX_PARENTHESIS_DEPTH = 100;

/** What kind of text a pipeline is: it decides how its first stage is read. */
type RegionKind = 'search' | BracketKind | 'macro-definition';

interface ParseRun {
  readonly text: string;
  readonly allowMacros: boolean;
  readonly diagnostics: Diagnostic[];
  readonly tokens: SplToken[];
}

export function parseSpl(text: string, options: SplParseOptions = {}): SplParseResult {
  const run: ParseRun = { text, allowMacros: options.allowMacros ?? true, diagnostics: [], tokens: [] };
  let pipeline: Pipeline;
  try {
    pipeline = parseRegion(run, 0, text.length, options.macroDefinition ? 'macro-definition' : 'search', 0);
  } catch (error) {
    run.diagnostics.push(internalError(error, { start: 0, end: text.length }));
    pipeline = { kind: 'pipeline', stages: [], leadingPipe: false, span: { start: 0, end: text.length } };
  }
  return { pipeline, diagnostics: finishDiagnostics(run.diagnostics, text.length), tokens: run.tokens };
}

// --- Pipelines and stages -------------------------------------------------------------------

function parseRegion(run: ParseRun, start: number, end: number, kind: RegionKind, depth: number): Pipeline {
  if (depth > MAX_BRACKET_DEPTH) {
    const bracket = { start: Math.max(0, start - 1), end: Math.min(run.text.length, start) };
    run.diagnostics.push(diagnostic('spl-syntax', `subsearches are nested more than ${MAX_BRACKET_DEPTH} levels deep; this one is not parsed`, bracket));
    return { kind: 'pipeline', stages: [], leadingPipe: false, span: { start, end } };
  }
  const split = splitStages(run.text, start, end);
  for (const problem of split.problems) run.diagnostics.push(lexicalDiagnostic(problem));
  const stages: Command[] = [];
  let leadingPipe = false;
  const count = split.stages.length;
  for (let i = 0; i < count; i++) {
    if (i > 0) run.tokens.push({ kind: 'pipe', span: { start: split.pipes[i - 1], end: split.pipes[i - 1] + 1 } });
    const command = parseStage(run, split.stages[i], kind, { first: i === 0, afterLeadingPipe: leadingPipe && stages.length === 0, depth });
    if (command) {
      stages.push(command);
      continue;
    }
    if (i === 0) {
      leadingPipe = count > 1;
      continue;
    }
    const pipe = split.pipes[i - 1];
    if (i === count - 1) {
      run.diagnostics.push(diagnostic('spl-empty-stage', "a command is missing after this '|'", { start: pipe, end: pipe + 1 }));
    } else {
      run.diagnostics.push(diagnostic('spl-empty-stage', 'two pipes in a row: a command is missing between them', { start: pipe, end: split.pipes[i] + 1 }));
    }
  }
  if (stages.length === 0 && !leadingPipe && (kind === 'subsearch' || kind === 'subpipeline')) {
    const bracket = { start: Math.max(0, start - 1), end: Math.min(run.text.length, end + 1) };
    run.diagnostics.push(diagnostic('spl-syntax', 'this subsearch is empty', bracket));
  }
  return { kind: 'pipeline', stages, leadingPipe, span: { start, end } };
}

interface StagePosition {
  /** The first stage of its pipeline (no `|` before it). */
  readonly first: boolean;
  /** The first command after a leading `|`. */
  readonly afterLeadingPipe: boolean;
  /** How many brackets the pipeline is inside. */
  readonly depth: number;
}

/** Parses one stage; undefined when it holds no command (only spaces or comments). */
function parseStage(run: ParseRun, range: { start: number; end: number }, kind: RegionKind, position: StagePosition): Command | undefined {
  const { first, afterLeadingPipe } = position;
  const head = peekCommandWord(run.text, range.start, range.end);
  const implicitSearch = first && !(head && !head.comparisonFollows && startsRegion(kind, head.word));
  const info = !implicitSearch && head ? lookupCommand(head.word) : undefined;
  const mode: LexerMode = info?.mode === 'eval' ? 'evalTop' : info?.mode === 'stats' ? 'stats' : 'search';
  const lexed = lexStage(run.text, range.start, range.end, mode);
  const tokens = lexed.tokens;
  if (tokens.length === 0) {
    for (const t of lexed.skipped) run.tokens.push({ kind: tokenKind(t), span: tokenSpan(t) });
    return undefined;
  }
  const firstToken = tokens[0];
  const named = !implicitSearch && tokenMatcher(firstToken, Word);
  const name = named ? firstToken.image.toLowerCase() : undefined;
  const brackets: RegionKind = name && lookupCommand(name)?.brackets === 'subpipeline' ? 'subpipeline' : 'subsearch';
  collectTokens(run, tokens, lexed.skipped, named ? firstToken : undefined, brackets, position.depth);

  const stageSpan = { start: firstToken.startOffset, end: tokens[tokens.length - 1].startOffset + tokens[tokens.length - 1].image.length };
  const tooDeep = tooDeeplyNested(tokens);
  if (tooDeep) {
    run.diagnostics.push(diagnostic('spl-syntax', `parentheses are nested more than ${MAX_PARENTHESIS_DEPTH} levels deep; this command is not parsed`, tokenSpan(tooDeep)));
    return errorCommand(run.text, stageSpan, name, true);
  }
  if (!implicitSearch && !named && firstToken.tokenType !== MacroCallToken) {
    run.diagnostics.push(diagnostic('spl-syntax', `expected a command name after '|', found ${describeToken(firstToken)}`, tokenSpan(firstToken)));
    return errorCommand(run.text, stageSpan, undefined, false);
  }
  const rule = implicitSearch ? (p: SplParser) => p.implicitSearch() : name ? stageRuleFor(name) : (p: SplParser) => p.macroStage();
  const command = runRule(run, tokens, rule, implicitSearch ? undefined : name, stageSpan);
  if (name) checkCommand(run, command, kind, afterLeadingPipe);
  return command;
}

function runRule(run: ParseRun, tokens: IToken[], rule: (p: SplParser) => Command, name: string | undefined, stageSpan: Span): Command {
  const stageDiagnostics: Diagnostic[] = [];
  splParser.startStage(tokens, { text: run.text, allowMacros: run.allowMacros, diagnostics: stageDiagnostics });
  let command: Command | undefined;
  let failed = false;
  try {
    command = rule(splParser);
  } catch (error) {
    failed = true;
    stageDiagnostics.push(internalError(error, stageSpan));
  }
  const [firstError] = splParser.errors;
  if (firstError) {
    failed = true;
    const converted = parserDiagnostic(firstError, name, tokens[tokens.length - 1]);
    // One message per place: a rule may already have said what is wrong there.
    if (!stageDiagnostics.some((d) => d.span.start === converted.span.start)) stageDiagnostics.push(converted);
  }
  run.diagnostics.push(...stageDiagnostics);
  command ??= splParser.current;
  if (!command) return errorCommand(run.text, stageSpan, name, true);
  return failed ? { ...command, span: stageSpan, incomplete: true } : { ...command, span: stageSpan };
}

/** A stage kept as text: it has no command name, or it could not be parsed at all. */
function errorCommand(text: string, span: Span, name: string | undefined, incomplete: boolean): ErrorCommand {
  const nameSpan = { start: span.start, end: span.start };
  return { kind: 'error', name: name ?? '', nameSpan, span, text: text.slice(span.start, span.end), ...(incomplete ? { incomplete: true as const } : {}) };
}

/** Lexes and parses the brackets of a stage (before the stage itself: the parser is not
 * re-entrant), and records every token in text order. */
function collectTokens(run: ParseRun, tokens: IToken[], skipped: IToken[], commandName: IToken | undefined, brackets: RegionKind, depth: number): void {
  let s = 0;
  const flushSkippedBefore = (offset: number): void => {
    while (s < skipped.length && skipped[s].startOffset < offset) {
      const t = skipped[s++];
      run.tokens.push({ kind: tokenKind(t), span: tokenSpan(t) });
    }
  };
  for (const t of tokens) {
    flushSkippedBefore(t.startOffset);
    if (t.tokenType === SubsearchToken) {
      const span = tokenSpan(t);
      const payload = t.payload as SubsearchPayload;
      const innerEnd = payload.closed ? span.end - 1 : span.end;
      run.tokens.push({ kind: 'bracket', span: { start: span.start, end: span.start + 1 } });
      payload.pipeline = parseRegion(run, span.start + 1, innerEnd, brackets, depth + 1);
      if (payload.closed) run.tokens.push({ kind: 'bracket', span: { start: span.end - 1, end: span.end } });
    } else {
      run.tokens.push({ kind: t === commandName ? 'command' : tokenKind(t), span: tokenSpan(t) });
    }
  }
  flushSkippedBefore(Number.POSITIVE_INFINITY);
}

/** The `(` that opens one level too many, if any. */
function tooDeeplyNested(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (tokenMatcher(t, LParen)) {
      depth++;
      if (depth > MAX_PARENTHESIS_DEPTH) return t;
    } else if (tokenMatcher(t, RParen)) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Whether a first stage starting with `word` names a command rather than starting a search. */
function startsRegion(kind: RegionKind, word: string): boolean {
  const info = lookupCommand(word);
  switch (kind) {
    case 'search':
      return word.toLowerCase() === 'search';
    case 'subsearch':
      return info !== undefined && info.generating;
    case 'subpipeline':
    case 'macro-definition':
      return info !== undefined;
  }
}

function checkCommand(run: ParseRun, command: Command, kind: RegionKind, afterLeadingPipe: boolean): void {
  const info = lookupCommand(command.name);
  if (!info) {
    const suggestion = closestName(command.name, knownCommandNames());
    const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
    run.diagnostics.push(diagnostic('spl-unknown-command', `unknown command '${command.name}'${hint}; a Splunk app may provide it`, command.nameSpan));
    return;
  }
  if (afterLeadingPipe && !info.generating && (kind === 'search' || kind === 'subsearch')) {
    run.diagnostics.push(
      diagnostic(
        'spl-not-generating',
        `'${command.name}' cannot start a search: after a leading '|' the first command must generate results (tstats, inputlookup, makeresults, from, rest, ...)`,
        command.nameSpan,
      ),
    );
  }
}

// --- Looking at the text before lexing ------------------------------------------------------

const COMMAND_WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The word a stage starts with (after spaces and comments), to choose the lexing mode, and
 * whether a comparison follows it (`search=1` is a search, not the search command). */
function peekCommandWord(text: string, start: number, end: number): { word: string; comparisonFollows: boolean } | undefined {
  let i = start;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (!text.startsWith('```', i)) break;
    const close = text.indexOf('```', i + 3);
    if (close < 0 || close >= end) return undefined;
    i = close + 3;
    while (i < end && text.charCodeAt(i) === 96) i++;
  }
  COMMAND_WORD.lastIndex = i;
  const match = COMMAND_WORD.exec(text);
  if (!match || i + match[0].length > end) return undefined;
  let j = i + match[0].length;
  while (j < end && isSpace(text.charCodeAt(j))) j++;
  const next = text.charCodeAt(j);
  const after = text.charCodeAt(j + 1);
  // `<<FIELD>>` (a foreach placeholder) is not a comparison.
  const comparisonFollows = next === 61 /* = */ || (next === 60 /* < */ && after !== 60) || next === 62 /* > */ || (next === 33 /* ! */ && after === 61);
  return { word: match[0], comparisonFollows };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

// --- Diagnostics ----------------------------------------------------------------------------

function lexicalDiagnostic(problem: LexicalProblem): Diagnostic {
  const at = { start: problem.start, end: problem.end };
  switch (problem.problem) {
    case 'unterminated-string':
      return diagnostic('spl-unterminated-string', 'this string is not closed: add the closing \'"\'', at);
    case 'unterminated-comment':
      return diagnostic('spl-unterminated-comment', 'this ``` comment is not closed: add the closing ```', at);
    case 'four-backticks':
      return diagnostic('spl-four-backticks', 'four backticks in a row are ambiguous (a comment next to a macro call): put a space between them', at);
    case 'unterminated-macro':
      return diagnostic('macro-unterminated', 'this macro call has no closing backtick', at);
    case 'unclosed-bracket':
      return diagnostic('spl-unbalanced-bracket', "this '[' is not closed: the subsearch needs a closing ']'", at);
    case 'unmatched-bracket':
      return diagnostic('spl-unbalanced-bracket', "unmatched ']': there is no '[' before it", at);
  }
}

function parserDiagnostic(error: IRecognitionException, command: string | undefined, lastToken: IToken): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType === EOF;
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  const at = atEnd ? tokenSpan(previous && previous.tokenType !== EOF ? previous : lastToken) : tokenSpan(token);
  if (!atEnd && tokenMatcher(token, RParen)) return diagnostic('spl-unbalanced-bracket', "unmatched ')': there is no '(' before it", at);
  if (!atEnd && token.tokenType === Unknown && token.image === "'") {
    return diagnostic('spl-syntax', "this single quote is not closed (in eval, 'single quotes' enclose a field name)", at);
  }
  const where = command ? `'${command}'` : 'the search';
  if (error.name === 'NotAllInputParsedException') return diagnostic('spl-syntax', `unexpected ${describeToken(token)}: ${where} does not take it here`, at);
  return diagnostic('spl-syntax', `${error.message} in ${where}`, at);
}

function internalError(error: unknown, at: Span): Diagnostic {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return diagnostic('spl-syntax', `the SPL parser failed on this text (internal error: ${reason})`, at);
}

/** Clamps every span into the text and sorts by position. */
function finishDiagnostics(diagnostics: Diagnostic[], length: number): Diagnostic[] {
  const clamp = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.min(n, length)) : 0);
  return diagnostics
    .map((d) => {
      const start = clamp(d.span.start);
      const end = Math.max(start, clamp(d.span.end));
      return start === d.span.start && end === d.span.end ? d : { ...d, span: { start, end } };
    })
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
