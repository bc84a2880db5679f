// Character-level scanning shared by the stage splitter and the lexer's custom token patterns:
// double-quoted strings, ``` comments, `macro` calls and [subsearch] brackets. Both must agree on
// where these end, or a `|` would split a stage in one and not in the other. The macro expander
// (core/macros) reads strings, comments and backtick runs with the same functions.
import type { Span } from '../text/lineIndex';

const BACKSLASH = 92;
const QUOTE = 34;
const BACKTICK = 96;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;

export interface ScanResult {
  /** Offset just after the construct (or `limit` when it is not closed). */
  readonly end: number;
  readonly closed: boolean;
}

/** Outside quotes, `\"` and `\\` are escapes too: the quote does not start a string. */
export function escapedPairAt(text: string, i: number): boolean {
  const next = text.charCodeAt(i + 1);
  return next === QUOTE || next === BACKSLASH;
}

/** A double-quoted string starting at `start` (a `"`). `\\` and `\"` are escapes; an unclosed
 * string runs to `limit`, as in Splunk. */
export function scanDoubleQuoted(text: string, start: number, limit: number): ScanResult {
  let i = start + 1;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === QUOTE) return { end: i + 1, closed: true };
    i++;
  }
  return { end: limit, closed: false };
}

/** Number of backticks in the run starting at `start`. */
export function backtickRun(text: string, start: number, limit = text.length): number {
  let i = start;
  while (i < limit && text.charCodeAt(i) === BACKTICK) i++;
  return i - start;
}

export interface CommentScan extends ScanResult {
  /** Runs of four or more backticks at the opening or closing of the comment. */
  readonly longRuns: readonly { start: number; end: number }[];
}

/** A ``` comment starting at `start` (a run of at least three backticks). A longer run is
 * ambiguous (a comment next to a macro call); it is consumed whole and reported. */
export function scanComment(text: string, start: number, limit: number): CommentScan {
  const longRuns: { start: number; end: number }[] = [];
  const openRun = backtickRun(text, start, limit);
  if (openRun >= 4) longRuns.push({ start, end: start + openRun });
  if (openRun >= 6) return { end: start + openRun, closed: true, longRuns };
  let i = start + openRun;
  while (i < limit) {
    if (text.charCodeAt(i) === BACKTICK) {
      const run = backtickRun(text, i, limit);
      if (run >= 3) {
        if (run >= 4) longRuns.push({ start: i, end: i + run });
        return { end: i + run, closed: true, longRuns };
      }
      i += run;
      continue;
    }
    i++;
  }
  return { end: limit, closed: false, longRuns };
}

/** A `macro(...)` call starting at `start` (one backtick). Unclosed, it stops at the end of the
 * line, so that the rest of the search still parses. */
export function scanMacroCall(text: string, start: number, limit: number): ScanResult {
  let i = start + 1;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === BACKTICK) return { end: i + 1, closed: true };
    i++;
  }
  return { end: lineEndOf(text, start + 1, limit), closed: false };
}

export interface BracketScan extends ScanResult {
  /** The bracket is unclosed because a string or comment inside it is (report that instead). */
  readonly unclosedInside: boolean;
}

/** A `[ ... ]` region starting at `start`, nested brackets, strings, comments and macro calls
 * included. */
export function scanBracket(text: string, start: number, limit: number): BracketScan {
  let depth = 0;
  let i = start;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const s = scanDoubleQuoted(text, i, limit);
      if (!s.closed) return { end: limit, closed: false, unclosedInside: true };
      i = s.end;
    } else if (c === BACKTICK) {
      if (backtickRun(text, i, limit) >= 3) {
        const s = scanComment(text, i, limit);
        if (!s.closed) return { end: limit, closed: false, unclosedInside: true };
        i = s.end;
      } else {
        i = scanMacroCall(text, i, limit).end;
      }
    } else if (c === OPEN_BRACKET) {
      depth++;
      i++;
    } else if (c === BACKSLASH) {
      i += escapedPairAt(text, i) ? 2 : 1;
    } else if (c === CLOSE_BRACKET) {
      depth--;
      i++;
      if (depth === 0) return { end: i, closed: true, unclosedInside: false };
    } else {
      i++;
    }
  }
  return { end: limit, closed: false, unclosedInside: false };
}

const PIPE = 124;

/** A lexical problem found while splitting; the parser turns it into a diagnostic. */
export interface LexicalProblem {
  readonly problem: 'unterminated-string' | 'unterminated-comment' | 'four-backticks' | 'unterminated-macro' | 'unclosed-bracket' | 'unmatched-bracket';
  readonly start: number;
  readonly end: number;
}

export interface StageSplit {
  /** Stage texts between pipes, as [start, end) ranges; always one more than `pipes`. */
  readonly stages: readonly { start: number; end: number }[];
  /** Offsets of the separating `|` characters. */
  readonly pipes: readonly number[];
  readonly problems: readonly LexicalProblem[];
}

/** Splits `text[start, end)` into stages on `|` outside strings, comments, macro calls and
 * brackets (Splunk does not consider parentheses). Problems inside brackets are left to the
 * nested split of that bracket. */
export function splitStages(text: string, start: number, end: number): StageSplit {
  const stages: { start: number; end: number }[] = [];
  const pipes: number[] = [];
  const problems: LexicalProblem[] = [];
  let stageStart = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const s = scanDoubleQuoted(text, i, end);
      if (!s.closed) problems.push({ problem: 'unterminated-string', start: i, end: lineEndOf(text, i, end) });
      i = s.end;
    } else if (c === BACKTICK) {
      if (backtickRun(text, i, end) >= 3) {
        const s = scanComment(text, i, end);
        for (const run of s.longRuns) problems.push({ problem: 'four-backticks', ...run });
        // A long opening run is reported as such; that it finds no end follows from it.
        if (!s.closed && s.longRuns[0]?.start !== i) problems.push({ problem: 'unterminated-comment', start: i, end: i + 3 });
        i = s.end;
      } else {
        const s = scanMacroCall(text, i, end);
        if (!s.closed) problems.push({ problem: 'unterminated-macro', start: i, end: s.end });
        i = s.end;
      }
    } else if (c === OPEN_BRACKET) {
      const s = scanBracket(text, i, end);
      if (!s.closed && !s.unclosedInside) problems.push({ problem: 'unclosed-bracket', start: i, end: i + 1 });
      i = s.end;
    } else if (c === BACKSLASH) {
      i += escapedPairAt(text, i) ? 2 : 1;
    } else if (c === CLOSE_BRACKET) {
      problems.push({ problem: 'unmatched-bracket', start: i, end: i + 1 });
      i++;
    } else if (c === PIPE) {
      stages.push({ start: stageStart, end: i });
      pipes.push(i);
      i++;
      stageStart = i;
    } else {
      i++;
    }
  }
  stages.push({ start: stageStart, end });
  return { stages, pipes, problems };
}

function lineEndOf(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === CARRIAGE_RETURN) break;
    i++;
  }
  return i;
}

/** Space, tab or line break: what surrounds a macro call's name and arguments. */
export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === CARRIAGE_RETURN;
}

/** `text[start, end)` without the spaces around it. */
export function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}
