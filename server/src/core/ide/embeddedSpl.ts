// Where SPL is written in a file: a detection's `search` and drilldown searches, a macro's
// `definition` (in a macro YAML file or a `macros.conf` stanza), a whole `.spl` file. Editor
// features start here: from a file offset under the cursor to the SPL text (and offset in it)
// the cursor is in.
import type { ContentFile } from '../content';
import type { MacroDefinition } from '../macros/macroDefinition';
import { parseMacrosConf } from '../macros/macrosConf';
import type { Span } from '../text/lineIndex';
import { verbatimSourceText, type SourceText } from '../text/sourceText';

export type EmbeddedSplRole = 'search' | 'drilldown' | 'macro-definition' | 'spl-file';

export interface EmbeddedSpl {
  readonly role: EmbeddedSplRole;
  readonly source: SourceText;
  /** File span the SPL occupies (from its first to just after its last character). */
  readonly fileSpan: Span;
  /** For drilldowns, the index in `drilldown_searches`. */
  readonly index?: number;
  /** For a `macros.conf` stanza's definition, the macro it defines (name, arguments, where). */
  readonly macro?: MacroDefinition;
}

function embedded(role: EmbeddedSplRole, source: SourceText, index?: number): EmbeddedSpl {
  const fileSpan = source.toFileSpan({ start: 0, end: source.text.length });
  return { role, source, fileSpan, ...(index === undefined ? {} : { index }) };
}

/** Every SPL text written in `file`, in file order. */
export function embeddedSplOf(file: ContentFile): EmbeddedSpl[] {
  const out: EmbeddedSpl[] = [];
  if (file.kind === 'detection') {
    if (file.search) out.push(embedded('search', file.search));
    file.drilldowns.forEach((d, i) => {
      if (d.search) out.push(embedded('drilldown', d.search, i));
    });
  } else if (file.kind === 'macro' && file.macro) {
    out.push(embedded('macro-definition', file.macro.definition));
  } else if (file.kind === 'macros-conf') {
    for (const macro of parseMacrosConf(verbatimSourceText(file.path, file.text)).macros) out.push({ ...embedded('macro-definition', macro.definition), macro });
  }
  return out.sort((a, b) => a.fileSpan.start - b.fileSpan.start);
}

/** A `.spl` file: its whole text is the search. */
export function splFileEmbedding(path: string, text: string): EmbeddedSpl {
  return embedded('spl-file', verbatimSourceText(path, text));
}

/** The offset of `source.text` whose character is at (or, for a file offset between two mapped
 * characters, just after) `fileOffset`. Source maps are monotonic, so a binary search suffices. */
export function toSourceOffset(source: SourceText, fileOffset: number): number {
  let lo = 0;
  let hi = source.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (source.toFileOffset(mid) < fileOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The embedded SPL the file offset is in (the end of a text counts as inside it), with the
 * offset in its text. */
export function splAtFileOffset(candidates: readonly EmbeddedSpl[], fileOffset: number): { spl: EmbeddedSpl; offset: number } | undefined {
  for (const spl of candidates) {
    if (fileOffset < spl.fileSpan.start || fileOffset > spl.fileSpan.end) continue;
    return { spl, offset: toSourceOffset(spl.source, fileOffset) };
  }
  return undefined;
}
