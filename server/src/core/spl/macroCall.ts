// A backtick macro call split into its name and arguments. Arguments split on commas outside
// double quotes and parentheses (`m(a, b="x, y", c=(p, q))` has three); `name=value` is a named
// argument. Values are kept as written: unwrapping quotes is the expander's business.
import type { MacroArgument, MacroCall } from './ast';

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;
const BACKTICK = 96;
const NAMED_ARGUMENT = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** The call written at `text[start, end)`, backticks included (the closing one may be missing). */
export function parseMacroCall(text: string, start: number, end: number): MacroCall {
  const innerStart = start + 1;
  const innerEnd = end > innerStart && text.charCodeAt(end - 1) === BACKTICK ? end - 1 : end;
  const open = text.indexOf('(', innerStart);
  const hasArgs = open >= 0 && open < innerEnd;
  const nameEnd = hasArgs ? open : innerEnd;
  const [nameStart, nameStop] = trimmed(text, innerStart, nameEnd);
  const args: MacroArgument[] = [];
  if (hasArgs) {
    // The arguments end at the last `)` before the closing backtick (or at the end if none).
    let close = innerEnd - 1;
    while (close > open && isSpace(text.charCodeAt(close))) close--;
    const argsEnd = text.charCodeAt(close) === CLOSE_PAREN && close > open ? close : innerEnd;
    splitArguments(text, open + 1, argsEnd, args);
  }
  return {
    kind: 'macro-call',
    name: text.slice(nameStart, nameStop),
    nameSpan: { start: nameStart, end: nameStop },
    args,
    span: { start, end },
  };
}

function splitArguments(text: string, start: number, end: number, out: MacroArgument[]): void {
  const [first, last] = trimmed(text, start, end);
  if (first === last) return; // `m()` has no arguments
  let depth = 0;
  let pieceStart = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < end && text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
      i++;
      continue;
    }
    if (c === OPEN_PAREN) depth++;
    else if (c === CLOSE_PAREN) depth = Math.max(0, depth - 1);
    else if (c === COMMA && depth === 0) {
      out.push(argument(text, pieceStart, i));
      pieceStart = i + 1;
    }
    i++;
  }
  out.push(argument(text, pieceStart, end));
}

function argument(text: string, start: number, end: number): MacroArgument {
  const [s, e] = trimmed(text, start, Math.min(end, text.length));
  const written = text.slice(s, e);
  const named = NAMED_ARGUMENT.exec(written);
  const span = { start: s, end: e };
  if (!named) return { value: written, span };
  return { name: named[1], value: written.slice(named[0].length).trim(), span };
}

function trimmed(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
