// A backtick macro call split into its name and arguments. Arguments split on commas outside
// double quotes and parentheses (`m(a, b="x, y", c=(p, q))` has three); `name=value` is a named
// argument. Values are kept as written: unwrapping quotes is the expander's business.
//
// The argument scanner also serves the macro expander (core/macros), which reads a call as Splunk
// does and refuses one that does not parse; the parser reads any call and never fails.
import type { MacroArgument, MacroCall } from './ast';
import type { Span } from '../text/lineIndex';
import { isSpace, scanDoubleQuoted, trimSpan } from './scan';

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const COMMA = 44;
const QUOTE = 34;
const BACKTICK = 96;
/** `name=value` at the start of an argument; `a==b` is a comparison, not a named argument. */
export const NAMED_ARGUMENT = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/;

/** The call written at `text[start, end)`, backticks included (the closing one may be missing). */
export function parseMacroCall(text: string, start: number, end: number): MacroCall {
  const innerStart = start + 1;
  const innerEnd = end > innerStart && text.charCodeAt(end - 1) === BACKTICK ? end - 1 : end;
  const open = text.indexOf('(', innerStart);
  const hasArgs = open >= 0 && open < innerEnd;
  const nameEnd = hasArgs ? open : innerEnd;
  const name = trimSpan(text, innerStart, nameEnd);
  let args: MacroArgument[] = [];
  if (hasArgs) {
    // The arguments end at the last `)` before the closing backtick (or at the end if none).
    let close = innerEnd - 1;
    while (close > open && isSpace(text.charCodeAt(close))) close--;
    const argsEnd = text.charCodeAt(close) === CLOSE_PAREN && close > open ? close : innerEnd;
    args = scanMacroArguments(text, open, argsEnd, 'as-written').args.map((span) => argument(text, span));
  }
  return {
    kind: 'macro-call',
    name: text.slice(name.start, name.end),
    nameSpan: name,
    args,
    span: { start, end },
  };
}

function argument(text: string, span: Span): MacroArgument {
  const written = text.slice(span.start, span.end);
  const named = NAMED_ARGUMENT.exec(written);
  if (!named) return { value: written, span };
  return { name: named[1], value: written.slice(named[0].length).trim(), span };
}

export interface ArgumentScan {
  /** Each argument, spaces around it left out; none for `m()` and `m( )`. */
  readonly args: Span[];
  /** Offset of the `)` that closes the list (`limit` as written). */
  readonly close: number;
}

/** How a call's arguments are read. `as-written` (the parser): the list runs to `limit`, the last
 * `)` of the call, which the caller has found; a `)` without its `(` or an unclosed quote is part
 * of an argument, so there is always a result. The parser's call token ends at the first backtick
 * after the opening one, so its arguments hold no nested call. `as-splunk` (the expander): the
 * list ends at the `)` that closes `open`; nested calls (`` `outer(`inner(a, b)`)` ``) are skipped
 * whole; a quote, parenthesis or nested call not closed before `limit` makes the call unreadable
 * (undefined), and Splunk refuses to expand it. */
export type ArgumentReading = 'as-written' | 'as-splunk';

/** Splits the arguments after the `(` at `open` on commas outside double quotes, parentheses and
 * nested calls. */
export function scanMacroArguments(text: string, open: number, limit: number, reading: 'as-written'): ArgumentScan;
export function scanMacroArguments(text: string, open: number, limit: number, reading: ArgumentReading): ArgumentScan | undefined;
export function scanMacroArguments(text: string, open: number, limit: number, reading: ArgumentReading): ArgumentScan | undefined {
  const asSplunk = reading === 'as-splunk';
  const args: Span[] = [];
  const nested: NestedCall[] = [];
  let depth = 1;
  let argStart = open + 1;
  let i = open + 1;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const quoted = scanDoubleQuoted(text, i, limit);
      if (!quoted.closed && asSplunk) return undefined;
      i = quoted.end;
      continue;
    }
    if (nested.length > 0) {
      if (!stepNested(nested, c)) return undefined;
    } else if (c === OPEN_PAREN) {
      depth++;
    } else if (c === CLOSE_PAREN) {
      if (depth > 1) depth--;
      else if (asSplunk) return { args: lastArgument(args, trimSpan(text, argStart, i)), close: i };
    } else if (c === COMMA && depth === 1) {
      args.push(trimSpan(text, argStart, i));
      argStart = i + 1;
    } else if (c === BACKTICK && asSplunk) {
      nested.push({ depth: 0, inArgs: false });
    }
    i++;
  }
  return asSplunk ? undefined : { args: lastArgument(args, trimSpan(text, argStart, limit)), close: limit };
}

function lastArgument(args: Span[], last: Span): Span[] {
  args.push(last);
  // `name()` (or `name( )`) has no arguments, not one empty argument.
  if (args.length === 1 && args[0].start === args[0].end) args.length = 0;
  return args;
}

/** A call nested inside another call's arguments, tracked only to find where it ends. */
interface NestedCall {
  /** 0 while reading the name, the parenthesis depth inside its arguments, -1 after its `)`. */
  depth: number;
  inArgs: boolean;
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
