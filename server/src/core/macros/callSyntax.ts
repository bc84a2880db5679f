// Backtick macro calls as macro expansion reads them: name, arguments and where the call ends.
// Knows nothing about which macros exist. Strings, comments, backtick runs and the splitting of
// arguments are scanned by the same code as in the parser (spl/scan.ts, spl/macroCall.ts).
import type { Span } from '../text/lineIndex';
import { NAMED_ARGUMENT, scanMacroArguments } from '../spl/macroCall';
import { isSpace, scanDoubleQuoted, trimSpan } from '../spl/scan';

const BACKTICK = 96;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_PAREN = 40;

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

  const scanned = scanMacroArguments(text, i, text.length, 'as-splunk');
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

/** `name=value` at the start of an argument: the name and where the value starts. */
export function namedArgument(text: string, arg: Span): { name: string; value: Span } | undefined {
  const m = NAMED_ARGUMENT.exec(text.slice(arg.start, arg.end));
  if (!m) return undefined;
  return { name: m[1], value: trimSpan(text, arg.start + m[0].length, arg.end) };
}

/** The ranges of `text` that make up an argument's value: the argument itself, or, when it is
 * wrapped in exactly one pair of double quotes, its inside with each `\"` reduced to `"`. */
export function argumentValueRanges(text: string, arg: Span): Span[] {
  if (!isOneQuotedString(text, arg)) return [arg];
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

function isOneQuotedString(text: string, arg: Span): boolean {
  if (arg.end - arg.start < 2 || text.charCodeAt(arg.start) !== QUOTE) return false;
  const quoted = scanDoubleQuoted(text, arg.start, text.length);
  return quoted.closed && quoted.end === arg.end;
}
