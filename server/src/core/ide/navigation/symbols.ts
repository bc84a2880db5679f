// Document symbols (the outline) and workspace symbols. A detection shows its name, its
// `search` with one child per pipeline stage (the command name, with the macro calls written in
// the stage below it) and its drilldowns; a macro file its name and the stages of its
// definition; a `macros.conf` one symbol per macro stanza with the stages of its definition;
// data sources, stories, lookups and deployments their name; a `.spl` file its stages.
// Workspace symbols are the named content of every content root.
import { fileStem, type ContentFile, type ContentRepository } from '../../content';
import type { MacroDefinition } from '../../macros/macroDefinition';
import type { Command, MacroCall } from '../../spl';
import type { Span } from '../../text/lineIndex';
import type { EmbeddedSpl } from '../embeddedSpl';
import { macroCallsOf, type FileSpan } from './splSources';
import type { WrittenTree } from './target';

export type ContentSymbolKind = 'detection' | 'macro' | 'data-source' | 'story' | 'lookup' | 'deployment' | 'search' | 'drilldown' | 'stage' | 'macro-call';

export interface ContentSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: ContentSymbolKind;
  /** The whole extent, in file offsets. */
  readonly span: Span;
  /** What to select (the name); always inside `span`. */
  readonly selectionSpan: Span;
  readonly children: readonly ContentSymbol[];
}

const DETAIL_LENGTH = 60;

function detailOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_LENGTH ? `${flat.slice(0, DETAIL_LENGTH - 1)}…` : flat;
}

function within(outer: Span, inner: Span): Span {
  const start = Math.min(Math.max(inner.start, outer.start), outer.end);
  return { start, end: Math.max(start, Math.min(inner.end, outer.end)) };
}

function callSymbol(spl: EmbeddedSpl, call: MacroCall): ContentSymbol {
  const span = spl.source.toFileSpan(call.span);
  return {
    name: `\`${call.name}\``,
    detail: call.args.length ? `${call.args.length} argument${call.args.length === 1 ? '' : 's'}` : '',
    kind: 'macro-call',
    span,
    selectionSpan: within(span, spl.source.toFileSpan(call.nameSpan)),
    children: [],
  };
}

function stageSymbol(spl: EmbeddedSpl, stage: Command): ContentSymbol {
  const source = spl.source;
  const span = source.toFileSpan(stage.span);
  const named = stage.nameSpan.end > stage.nameSpan.start;
  // A macro stage is its call; the calls below a stage are those written in it.
  const calls = macroCallsOf({ kind: 'pipeline', stages: [stage], leadingPipe: false, span: stage.span }).filter((c) => !(stage.kind === 'macro' && c === stage.macro));
  return {
    name: stage.kind === 'macro' ? `\`${stage.macro.name}\`` : stage.name || 'search',
    detail: detailOf(source.text.slice(stage.span.start, stage.span.end)),
    kind: 'stage',
    span,
    selectionSpan: named ? within(span, source.toFileSpan(stage.nameSpan)) : { start: span.start, end: span.start },
    children: calls.map((c) => callSymbol(spl, c)),
  };
}

function stagesOf(spl: EmbeddedSpl | undefined, written: WrittenTree): ContentSymbol[] {
  if (!spl) return [];
  return written(spl).stages.filter((s) => s.span.end > s.span.start).map((s) => stageSymbol(spl, s));
}

function whole(text: string): Span {
  return { start: 0, end: text.length };
}

function named(kind: ContentSymbolKind, file: ContentFile & { name?: { value: string; span: Span } | undefined }, children: ContentSymbol[] = []): ContentSymbol {
  const span = whole(file.text);
  return { name: file.name?.value ?? fileStem(file.path), kind, span, selectionSpan: file.name ? within(span, file.name.span) : { start: 0, end: 0 }, children };
}

export function documentSymbols(file: ContentFile | undefined, spls: readonly EmbeddedSpl[], written: WrittenTree): ContentSymbol[] {
  if (!file) return spls.flatMap((spl) => stagesOf(spl, written));
  switch (file.kind) {
    case 'detection': {
      const children: ContentSymbol[] = [];
      const search = spls.find((s) => s.role === 'search');
      const searchKey = file.keySpans(['search']);
      if (searchKey) {
        const span = { start: searchKey.key.start, end: Math.max(searchKey.key.end, searchKey.value.end) };
        children.push({ name: 'search', kind: 'search', span, selectionSpan: searchKey.key, children: stagesOf(search, written) });
      }
      const drilldowns = file.drilldowns.flatMap((d, i): ContentSymbol[] => {
        const item = file.keySpans(['drilldown_searches', i]);
        if (!item) return [];
        const spl = spls.find((s) => s.role === 'drilldown' && s.index === i);
        return [{
          name: d.name?.value ?? `drilldown ${i + 1}`,
          kind: 'drilldown',
          span: item.value,
          selectionSpan: d.name ? within(item.value, d.name.span) : { start: item.value.start, end: item.value.start },
          children: stagesOf(spl, written),
        }];
      });
      const drilldownKey = file.keySpans(['drilldown_searches']);
      if (drilldownKey && drilldowns.length) {
        children.push({ name: 'drilldown_searches', kind: 'drilldown', span: { start: drilldownKey.key.start, end: Math.max(drilldownKey.key.end, drilldownKey.value.end) }, selectionSpan: drilldownKey.key, children: drilldowns });
      }
      return [named('detection', file, children)];
    }
    case 'macro':
      return [named('macro', file, stagesOf(spls[0], written))];
    case 'data-source':
    case 'story':
    case 'lookup':
    case 'deployment':
      return [named(file.kind, file)];
    case 'macros-conf':
      return macrosConfSymbols(file.text, spls, written);
    default:
      return [];
  }
}

/** One symbol per macro stanza of a `macros.conf` (the stanzas' definitions are in `spls`): from
 * its `[name(n)]` header to the next header (trailing blank lines left out), the name selected,
 * its definition's stages below. */
function macrosConfSymbols(text: string, spls: readonly EmbeddedSpl[], written: WrittenTree): ContentSymbol[] {
  const headed = spls
    .flatMap((spl) => (spl.macro?.nameSpan ? [{ spl, macro: spl.macro, nameSpan: spl.macro.nameSpan }] : []))
    .sort((a, b) => a.nameSpan.start - b.nameSpan.start);
  return headed.map(({ spl, macro, nameSpan }, i) => {
    const start = text.lastIndexOf('[', nameSpan.start);
    let end = i + 1 < headed.length ? text.lastIndexOf('[', headed[i + 1].nameSpan.start) : text.length;
    while (end > start && /\s/.test(text[end - 1])) end--;
    const span = { start: Math.max(0, start), end: Math.max(end, nameSpan.end) };
    return {
      name: macro.name,
      detail: macro.args.length ? `(${macro.args.join(', ')})` : '',
      kind: 'macro' as const,
      span,
      selectionSpan: within(span, nameSpan),
      children: stagesOf(spl, written),
    };
  });
}

export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: 'detection' | 'macro' | 'data-source' | 'story';
  readonly location: FileSpan;
}

/** The query's characters appear in the name in order, ignoring case (as editors filter). */
export function matchesQuery(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let at = 0;
  for (const c of query.toLowerCase()) {
    if (c === ' ') continue;
    at = n.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Detections, macros (YAML files and the given macros.conf definitions), data sources and
 * stories of a repository whose name matches the query. */
export function workspaceSymbols(repository: ContentRepository, confMacros: readonly MacroDefinition[], query: string): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const add = (kind: WorkspaceSymbol['kind'], files: readonly { path: string; name?: { value: string; span: Span } | undefined }[]): void => {
    for (const f of files) if (f.name && matchesQuery(f.name.value, query)) out.push({ name: f.name.value, kind, location: { file: f.path, span: f.name.span } });
  };
  add('detection', repository.detections());
  add('macro', repository.macroFiles());
  for (const def of confMacros) {
    if (def.nameSpan && matchesQuery(def.name, query)) out.push({ name: def.name, kind: 'macro', location: { file: def.definition.file, span: def.nameSpan } });
  }
  add('data-source', repository.dataSources());
  add('story', repository.stories());
  return out;
}
