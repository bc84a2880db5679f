// A text taken out of a file (a YAML scalar, a macros.conf value, a whole .spl file) together
// with the way back: every offset of the decoded text maps to an offset of the file. This is
// what lets an error found in the SPL land on the right line and column of the YAML file, in all
// five YAML scalar styles.
import type { Span } from './lineIndex';

export interface SourceText {
  /** Path or URI of the file, exactly as the content model was given it. */
  readonly file: string;
  /** The decoded value (escapes resolved, block indentation removed). */
  readonly text: string;
  /** File offset of the character at `offset` of `text`; `text.length` maps to the end of the value. */
  toFileOffset(offset: number): number;
  /** File span covering the characters of `s`. */
  toFileSpan(s: Span): Span;
}

/** A text that sits verbatim in its file starting at `base` (a .spl file, a plain scalar on one
 * line, ...). */
export function verbatimSourceText(file: string, text: string, base = 0): SourceText {
  return {
    file,
    text,
    toFileOffset: (offset) => base + Math.max(0, Math.min(offset, text.length)),
    toFileSpan: (s) => ({ start: base + s.start, end: base + s.end }),
  };
}

/** A text whose characters map to file offsets through a table (one entry per character, plus
 * one for the end). Used for escaped and folded scalars. The table is kept as runs: a run is a
 * stretch of characters whose file offsets go up by one each, stored as where it starts in the
 * text and in the file. A block scalar has one run per line, so a search costs a few numbers per
 * line instead of one per character (the workspace holds thousands of them). */
export function mappedSourceText(file: string, text: string, offsets: readonly number[]): SourceText {
  if (offsets.length !== text.length + 1) {
    throw new RangeError(`offset table has ${offsets.length} entries for ${text.length} characters`);
  }
  const starts: number[] = [];
  const bases: number[] = [];
  for (let i = 0; i < offsets.length; i++) {
    if (i === 0 || offsets[i] !== offsets[i - 1] + 1) {
      starts.push(i);
      bases.push(offsets[i]);
    }
  }
  const runStarts = Int32Array.from(starts);
  const runBases = Float64Array.from(bases);
  const at = (offset: number): number => {
    const o = Math.max(0, Math.min(offset, text.length));
    // The last run starting at or before o.
    let lo = 0;
    let hi = runStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return runBases[lo] + (o - runStarts[lo]);
  };
  return {
    file,
    text,
    toFileOffset: at,
    toFileSpan: (s) => {
      if (s.end <= s.start) return { start: at(s.start), end: at(s.start) };
      // The end is just after the last character: map that character and step over it.
      return { start: at(s.start), end: at(s.end - 1) + 1 };
    },
  };
}
