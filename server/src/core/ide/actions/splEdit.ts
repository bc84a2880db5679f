// Changing SPL where it is written. In a `.spl` file the SPL is the file. In YAML, a replacement
// whose text needs no escaping in any scalar style and whose span is written verbatim is made in
// place; any other change rewrites the whole value as a literal block scalar, the one style that
// holds any SPL as it is (checked by reading the file back).
import { splValueAsLiteralBlock, type TextEdit } from '../format';
import type { Span } from '../../text/lineIndex';
import type { EmbeddedSpl } from '../embeddedSpl';
import type { ActionDocument } from './codeAction';

/** Text safe anywhere in every scalar style (names): no quotes, escapes, indicators or breaks. */
const PLAIN_SAFE = /^[A-Za-z0-9_.]+$/;

/** The file span `splSpan` of `spl` was written at, when each of its characters is written as
 * itself, one after the other. */
function verbatimFileSpan(spl: EmbeddedSpl, splSpan: Span): Span | undefined {
  const source = spl.source;
  const start = source.toFileOffset(splSpan.start);
  for (let i = splSpan.start; i < splSpan.end; i++) {
    if (source.toFileOffset(i) !== start + (i - splSpan.start)) return undefined;
  }
  const end = splSpan.end === splSpan.start ? start : source.toFileOffset(splSpan.end - 1) + 1;
  return { start, end };
}

/** The file edits that replace `edits` (spans in `spl.source.text`, not overlapping) in the
 * document; undefined when the file cannot be edited safely. */
export function splEdits(document: ActionDocument, spl: EmbeddedSpl, edits: readonly TextEdit[]): TextEdit[] | undefined {
  if (spl.role === 'spl-file') return edits.map((e) => ({ span: spl.source.toFileSpan(e.span), newText: e.newText }));
  const inPlace: TextEdit[] = [];
  for (const e of edits) {
    const span = PLAIN_SAFE.test(e.newText) ? verbatimFileSpan(spl, e.span) : undefined;
    if (!span) break;
    inPlace.push({ span, newText: e.newText });
  }
  if (inPlace.length === edits.length) return inPlace;
  if (!document.file) return undefined;
  const text = spl.source.text;
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let newSpl = text;
  for (const e of sorted) newSpl = newSpl.slice(0, e.span.start) + e.newText + newSpl.slice(e.span.end);
  const block = splValueAsLiteralBlock(document.file, spl, newSpl);
  return block ? [block] : undefined;
}
