// The lexical shape of SPL text as macro expansion sees it: double-quoted strings, ``` comments
// and backtick macro calls with their arguments. Knows nothing about which macros exist.
import type { Span } from '../text/lineIndex';

const BACKTICK = 96;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const COMMA = 44;

export interface CallSyntax {
  /** Offset just after the call's closing backtick. */
  readonly end: number;
  readonly name: string;
  readonly nameSpan: Span;
  /** Argument spans, whitespace trimmed; empty for `name` and `name()`. */
  readonly args: readonly Span[];
  /** The call cannot be expanded as written. `unterminated`: no closing backtick at all. */
  readonly problem?: 'unterminated' | 'bad-arguments' | 'empty-name';
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

const QUOTE_OR_BACKSLASH = /["\\]/g;

/** Offset just after the double-quoted string opening at `open`, or -1 when it is not closed.
 * A backslash escapes the next character (`\"`, `\\`). */
export function skipQuoted(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    QUOTE_OR_BACKSLASH.lastIndex = i;
    const m = QUOTE_OR_BACKSLASH.exec(text);
    if (!m) return -1;
    if (m[0] === '"') return m.index + 1;
    i = m.index + 2;
  }
}


export function backtickRun(text: string, at: number): number {
  let end = at;
  while (text.charCodeAt(end) === BACKTICK) end++;
  return end - at;
}

export function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** Reads the macro call whose opening backtick is at `start`. Arguments may hold quoted strings,
 * parentheses and whole nested calls (`` `outer(`inner`)` ``); when they do not parse, the call
 * ends at the next backtick, as a plain backtick pair would. */
export function parseCall(text: string, start: number): CallSyntax {
  let i = start + 1;
  while (i < text.length && text.charCodeAt(i) !== BACKTICK && text.charCodeAt(i) !== OPEN_PAREN) i++;
  if (i >= text.length) return unterminated(text, start);
  const nameSpan = trimSpan(text, start + 1, i);
  const name = text.slice(nameSpan.start, nameSpan.end);
  const nameProblem = name ? undefined : ('empty-name' as const);
  if (text.charCodeAt(i) === BACKTICK) return { end: i + 1, name, nameSpan, args: [], problem: nameProblem };

  const scanned = scanArguments(text, i);
  if (scanned) {
    let j = scanned.close + 1;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === BACKTICK) return { end: j + 1, name, nameSpan, args: scanned.args, problem: nameProblem };
  }
  const next = text.indexOf('`', i);
  if (next < 0) return unterminated(text, start);
  return { end: next + 1, name, nameSpan, args: [], problem: 'bad-arguments' };
}

function unterminated(text: string, start: number): CallSyntax {
  let end = start + 1;
  while (end < text.length && /[\w.:-]/.test(text[end])) end++;
  return { end, name: text.slice(start + 1, end), nameSpan: { start: start + 1, end }, args: [], problem: 'unterminated' };
}

/** A call nested inside another call's arguments, tracked only to find where it ends. */
interface NestedCall {
  /** 0 while reading the name, the parenthesis depth inside its arguments, -1 after its `)`. */
  depth: number;
  inArgs: boolean;
}

/** Splits the arguments after the `(` at `open` on top-level commas. Undefined when a quote or
 * parenthesis is not closed. */
function scanArguments(text: string, open: number): { args: Span[]; close: number } | undefined {
  const args: Span[] = [];
  const nested: NestedCall[] = [];
  let depth = 1;
  let argStart = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const after = skipQuoted(text, i);
      if (after < 0) return undefined;
      i = after - 1;
      continue;
    }
    if (nested.length > 0) {
      if (!stepNested(nested, c)) return undefined;
      continue;
    }
    if (c === OPEN_PAREN) depth++;
    else if (c === CLOSE_PAREN) {
      depth--;
      if (depth === 0) {
        args.push(trimSpan(text, argStart, i));
        // `name()` (or `name( )`) has no arguments, not one empty argument.
        if (args.length === 1 && args[0].start === args[0].end) args.length = 0;
        return { args, close: i };
      }
    } else if (c === COMMA && depth === 1) {
      args.push(trimSpan(text, argStart, i));
      argStart = i + 1;
    } else if (c === BACKTICK) nested.push({ depth: 0, inArgs: false });
  }
  return undefined;
}

/** Advances the innermost nested call by one (unquoted) character; false when it cannot be a call. */
function stepNested(nested: NestedCall[], c: number): boolean {
  const top = nested[nested.length - 1];
  if (!top.inArgs) {
    if (c === BACKTICK) nested.pop();
    else if (c === OPEN_PAREN) {
      top.inArgs = true;
      top.depth = 1;
    }
  } else if (top.depth > 0) {
    if (c === OPEN_PAREN) top.depth++;
    else if (c === CLOSE_PAREN) top.depth = top.depth === 1 ? -1 : top.depth - 1;
    else if (c === BACKTICK) nested.push({ depth: 0, inArgs: false });
  } else {
    if (c === BACKTICK) nested.pop();
    else if (!isSpace(c)) return false;
  }
  return true;
}

/** `name=value` at the start of an argument: the name and where the value starts. */
export function namedArgument(text: string, arg: Span): { name: string; value: Span } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(text.slice(arg.start, arg.end));
  if (!m) return undefined;
  return { name: m[1], value: trimSpan(text, arg.start + m[0].length, arg.end) };
}

/** The ranges of `text` that make up an argument's value: the argument itself, or, when it is
 * wrapped in exactly one pair of double quotes, its inside with each `\"` reduced to `"`. */
export function argumentValueRanges(text: string, arg: Span): Span[] {
  if (arg.end - arg.start < 2 || text.charCodeAt(arg.start) !== QUOTE || skipQuoted(text, arg.start) !== arg.end) {
    return [arg];
  }
  const ranges: Span[] = [];
  let from = arg.start + 1;
  const end = arg.end - 1;
  for (let i = from; i < end; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    if (text.charCodeAt(i + 1) === QUOTE) {
      if (i > from) ranges.push({ start: from, end: i });
      from = i + 1;
    }
    i++;
  }
  if (end > from) ranges.push({ start: from, end });
  return ranges;
}
