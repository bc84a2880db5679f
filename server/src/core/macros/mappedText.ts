// A text assembled from pieces of other texts, remembering where each piece came from. The
// expander builds every intermediate text (a definition with its arguments substituted) and the
// final expansion this way, so provenance is carried along instead of reconstructed.
import type { SourceText } from '../text/sourceText';
import type { MacroCallSite } from './expand';

/** A run of characters that come from one place. */
export interface Piece {
  /** Offset of the run in the assembled text. */
  readonly start: number;
  readonly length: number;
  readonly source: SourceText;
  /** Offset in `source.text` of the run's first character. */
  readonly sourceOffset: number;
  /** Characters of `source.text` the run stands for: `length` when copied, the whole comment
   * for the one space that replaces a comment. */
  readonly sourceLength: number;
  /** The macro expansions that brought `source` in, outermost first; empty for the root text. */
  readonly chain: readonly MacroCallSite[];
  /** The run is a copy of `source.text` (false for the space that replaces a comment). */
  readonly verbatim: boolean;
}

export interface MappedText {
  readonly text: string;
  /** Sorted by `start`, contiguous, covering the whole text. */
  readonly pieces: readonly Piece[];
}

const NO_CHAIN: readonly MacroCallSite[] = [];

export function sourceAsMappedText(source: SourceText): MappedText {
  const pieces: Piece[] = source.text.length
    ? [{ start: 0, length: source.text.length, source, sourceOffset: 0, sourceLength: source.text.length, chain: NO_CHAIN, verbatim: true }]
    : [];
  return { text: source.text, pieces };
}

/** Index of the piece holding `offset` (`offset` < text length). */
export function pieceIndexAt(pieces: readonly Piece[], offset: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private readonly pieces: Piece[] = [];
  length = 0;

  /** Appends `source.text[from, to)`, brought in through `chain`. */
  appendSource(source: SourceText, from: number, to: number, chain: readonly MacroCallSite[]): void {
    if (to <= from) return;
    this.push(source.text.slice(from, to), source, from, to - from, chain, true);
  }

  /** Appends the one space that stands for a comment. */
  appendComment(source: SourceText, sourceOffset: number, sourceLength: number, chain: readonly MacroCallSite[]): void {
    this.push(' ', source, sourceOffset, sourceLength, chain, false);
  }

  /** Appends `from.text[start, end)` with its provenance. */
  appendSlice(from: MappedText, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(from.text.slice(start, end));
    for (let i = pieceIndexAt(from.pieces, start); i < from.pieces.length; i++) {
      const p = from.pieces[i];
      if (p.start >= end) break;
      const a = Math.max(start, p.start);
      const b = Math.min(end, p.start + p.length);
      if (p.verbatim) this.pushPiece(p.source, p.sourceOffset + (a - p.start), b - a, b - a, p.chain, true);
      else this.pushPiece(p.source, p.sourceOffset, b - a, p.sourceLength, p.chain, false);
    }
  }

  finish(): MappedText {
    return { text: this.parts.join(''), pieces: this.pieces };
  }

  private push(text: string, source: SourceText, sourceOffset: number, sourceLength: number, chain: readonly MacroCallSite[], verbatim: boolean): void {
    this.parts.push(text);
    this.pushPiece(source, sourceOffset, text.length, sourceLength, chain, verbatim);
  }

  private pushPiece(source: SourceText, sourceOffset: number, length: number, sourceLength: number, chain: readonly MacroCallSite[], verbatim: boolean): void {
    const last = this.pieces[this.pieces.length - 1];
    if (
      verbatim && last?.verbatim && last.source === source && last.chain === chain &&
      last.sourceOffset + last.length === sourceOffset
    ) {
      // Contiguous text of the same origin stays one piece: the map stays small.
      this.pieces[this.pieces.length - 1] = { ...last, length: last.length + length, sourceLength: last.sourceLength + length };
    } else {
      this.pieces.push({ start: this.length, length, source, sourceOffset, sourceLength, chain, verbatim });
    }
    this.length += length;
  }
}
