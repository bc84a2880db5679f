// What a cursor names that lives in another file: a macro (a call, or the `name:` of a macro
// file), a data source (a `data_source:` entry, or a data source's own name), an analytic story
// (`analytic_story:` entry, or a story's name), a lookup (the table of `lookup` / `inputlookup`,
// or a lookup's name). Definition, references and rename start here.
import { splitDataSources, type ContentFile, type Detection, type Located } from '../../content';
import type { InputlookupCommand, LookupCommand, MacroCall, Pipeline } from '../../spl';
import type { Span } from '../../text/lineIndex';
import { splAtFileOffset, type EmbeddedSpl } from '../embeddedSpl';
import { nodesAt } from '../nodeAt';

export type NavigationTarget =
  | { readonly kind: 'macro'; readonly name: string; readonly arity: number; readonly span: Span }
  | { readonly kind: 'data-source' | 'story' | 'lookup'; readonly name: string; readonly span: Span };

/** The written tree of an embedded SPL (the caller's cache decides how it is computed). */
export type WrittenTree = (spl: EmbeddedSpl) => Pipeline;

/** A scalar's span without its quotes (`name: 'x'`), so that an edit keeps them. */
export function unquoted(text: string, span: Span): Span {
  const first = text[span.start];
  if ((first === "'" || first === '"') && span.end - span.start >= 2 && text[span.end - 1] === first) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

function inside(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The spans of each data source an entry names (`A AND B` names two), in file offsets. */
export function dataSourceNameSpans(detection: Detection, entry: Located<string>): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  let from = entry.span.start;
  for (const name of splitDataSources(entry.value)) {
    const at = detection.text.indexOf(name, from);
    // Escapes in a quoted entry can hide the name from the file text: fall back to the entry.
    const span = at >= 0 && at + name.length <= entry.span.end ? { start: at, end: at + name.length } : entry.span;
    out.push({ name, span });
    if (at >= 0) from = at + name.length;
  }
  return out;
}

function inSpl(spls: readonly EmbeddedSpl[], written: WrittenTree, offset: number): NavigationTarget | undefined {
  const found = splAtFileOffset(spls, offset);
  if (!found) return undefined;
  const chain = nodesAt(written(found.spl), found.offset);
  const source = found.spl.source;
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i];
    if (node.kind === 'macro-call') {
      const call = node as unknown as MacroCall;
      // An unterminated call runs on to the end of the line: it names no macro.
      if (!call.name || /[\s`|]/.test(call.name)) return undefined;
      return { kind: 'macro', name: call.name, arity: call.args.length, span: source.toFileSpan(call.nameSpan) };
    }
    if ((node.kind === 'lookup' || node.kind === 'inputlookup') && i + 1 < chain.length) {
      const table = (node as LookupCommand | InputlookupCommand).table;
      if (table && chain[i + 1] === table && table.text) return { kind: 'lookup', name: table.text, span: source.toFileSpan(table.span) };
    }
  }
  return undefined;
}

/** What the cursor at `offset` of `file` (or of a `.spl` file, when `file` is undefined) names. */
export function targetAt(file: ContentFile | undefined, spls: readonly EmbeddedSpl[], written: WrittenTree, offset: number): NavigationTarget | undefined {
  const spl = inSpl(spls, written, offset);
  if (spl) return spl;
  if (!file) return undefined;
  switch (file.kind) {
    case 'macro':
      if (file.name && inside(file.name.span, offset)) return { kind: 'macro', name: file.name.value, arity: file.macro?.args.length ?? 0, span: unquoted(file.text, file.name.span) };
      return undefined;
    case 'data-source':
    case 'story':
    case 'lookup':
      if (file.name && inside(file.name.span, offset)) return { kind: file.kind, name: file.name.value, span: file.name.span };
      return undefined;
    case 'detection': {
      for (const entry of file.dataSources) {
        if (!inside(entry.span, offset)) continue;
        const names = dataSourceNameSpans(file, entry);
        const hit = names.find((n) => inside(n.span, offset)) ?? names[0];
        if (hit) return { kind: 'data-source', name: hit.name, span: hit.span };
      }
      const story = file.stories.find((s) => inside(s.span, offset));
      if (story) return { kind: 'story', name: story.value, span: story.span };
      return undefined;
    }
    default:
      return undefined;
  }
}
