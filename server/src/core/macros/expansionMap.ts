// The source map of an expansion: for every offset of the expanded text, where it came from.
// A sorted list of pieces searched by bisection: O(log pieces) per question, a few dozen pieces
// for a typical detection.
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import type { MacroCallSite } from './expand';
import { pieceIndexAt, type MappedText, type Piece } from './mappedText';

export interface ExpansionOrigin {
  /** The root text or a macro definition (or the text an argument was written in). */
  readonly source: SourceText;
  /** Offset in `source.text`. */
  readonly offset: number;
  /** The expansions that brought `source` in, outermost first; empty for the root text. */
  readonly chain: readonly MacroCallSite[];
  /** The character is a copy of `source.text[offset]`; false for the space that replaces a
   * comment (it maps to the comment's first backtick) and for the end of the text. */
  readonly verbatim: boolean;
}

export interface ExpansionMap {
  /** Length of the expanded text. */
  readonly length: number;
  /** Where the character at `offset` of the expanded text came from; `length` maps to the end
   * of the root text. */
  origin(offset: number): ExpansionOrigin;
  /** The root offset: the character itself for root text, else the start of the outermost call
   * whose expansion produced it. */
  toRoot(offset: number): number;
  /** A root span covering whatever produced the expanded span (whole calls when it reaches into
   * a macro expansion). */
  toRootSpan(span: Span): Span;
  /** The pieces themselves, sorted and contiguous, for callers that walk the whole text. */
  readonly pieces: readonly Piece[];
}

export class PieceExpansionMap implements ExpansionMap {
  readonly length: number;
  readonly pieces: readonly Piece[];

  constructor(
    private readonly root: SourceText,
    expanded: MappedText,
  ) {
    this.length = expanded.text.length;
    this.pieces = expanded.pieces;
  }

  origin(offset: number): ExpansionOrigin {
    const at = Math.max(0, offset);
    if (at >= this.length) return { source: this.root, offset: this.root.text.length, chain: [], verbatim: false };
    const p = this.pieces[pieceIndexAt(this.pieces, at)];
    const inPiece = at - p.start;
    return { source: p.source, offset: p.verbatim ? p.sourceOffset + inPiece : p.sourceOffset, chain: p.chain, verbatim: p.verbatim };
  }

  toRoot(offset: number): number {
    const o = this.origin(offset);
    return o.chain.length ? o.chain[0].span.start : o.offset;
  }

  toRootSpan(s: Span): Span {
    const start = Math.max(0, Math.min(s.start, this.length));
    const end = Math.max(start, Math.min(s.end, this.length));
    if (start === end) {
      const o = this.origin(start);
      return o.chain.length ? o.chain[0].span : { start: o.offset, end: o.offset };
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = pieceIndexAt(this.pieces, start); i < this.pieces.length; i++) {
      const p = this.pieces[i];
      if (p.start >= end) break;
      let covered: Span;
      if (p.chain.length) covered = p.chain[0].span;
      else if (!p.verbatim) covered = { start: p.sourceOffset, end: p.sourceOffset + p.sourceLength };
      else {
        const a = Math.max(start, p.start) - p.start;
        const b = Math.min(end, p.start + p.length) - p.start;
        covered = { start: p.sourceOffset + a, end: p.sourceOffset + b };
      }
      lo = Math.min(lo, covered.start);
      hi = Math.max(hi, covered.end);
    }
    return { start: lo, end: hi };
  }
}
