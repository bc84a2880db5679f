// Find references: every place of the content root that names the target. Macros: every call
// with the same name and arity in detections, macro definitions and `.spl` files. Data sources
// and stories: the detections' `data_source` / `analytic_story` entries. Lookups: the table of
// every `lookup` / `inputlookup`, by the lookup's name or its file name.
import { baseName, type ContentRepository } from '../../content';
import type { MacroTable } from '../../macros/macroTable';
import { parseSpl, type InputlookupCommand, type LookupCommand } from '../../spl';
import { walk } from '../nodeAt';
import { definitionOf, lookupsNamed } from './definition';
import { macroCallSites, type FileSpan, type SplSource } from './splSources';
import { dataSourceNameSpans, type NavigationTarget } from './target';

export interface ReferenceOptions {
  /** Include where the target is defined (LSP `context.includeDeclaration`). */
  readonly includeDeclaration: boolean;
}

function lookupTableSites(sources: readonly SplSource[], names: ReadonlySet<string>): FileSpan[] {
  const out: FileSpan[] = [];
  for (const source of sources) {
    for (const spl of source.spls) {
      if (![...names].some((n) => spl.source.text.includes(n))) continue;
      for (const node of walk(parseSpl(spl.source.text).pipeline)) {
        if (node.kind !== 'lookup' && node.kind !== 'inputlookup') continue;
        const table = (node as LookupCommand | InputlookupCommand).table;
        if (table && (names.has(table.text) || names.has(baseName(table.text)))) out.push({ file: source.path, span: spl.source.toFileSpan(table.span) });
      }
    }
  }
  return out;
}

function uses(target: NavigationTarget, repository: ContentRepository, sources: readonly SplSource[]): FileSpan[] {
  switch (target.kind) {
    case 'macro':
      return macroCallSites(sources, target.name, target.arity);
    case 'data-source':
      return repository.detections().flatMap((d) =>
        d.dataSources.flatMap((entry) => dataSourceNameSpans(d, entry).filter((n) => n.name === target.name).map((n) => ({ file: d.path, span: n.span }))),
      );
    case 'story':
      return repository.detections().flatMap((d) => d.stories.filter((s) => s.value === target.name).map((s) => ({ file: d.path, span: s.span })));
    case 'lookup': {
      const names = new Set([target.name]);
      for (const l of lookupsNamed(repository, target.name)) {
        if (l.name) names.add(l.name.value);
        if (l.filename) names.add(baseName(l.filename.value));
      }
      return lookupTableSites(sources, names);
    }
  }
}

/** Every reference to the target, declarations first, then by file and offset. */
export function referencesOf(target: NavigationTarget, repository: ContentRepository, macros: MacroTable, sources: readonly SplSource[], options: ReferenceOptions): FileSpan[] {
  const declarations = options.includeDeclaration ? definitionOf(target, repository, macros) : [];
  const found = uses(target, repository, sources).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
  const seen = new Set<string>();
  const out: FileSpan[] = [];
  for (const r of [...declarations, ...found]) {
    const key = `${r.file}:${r.span.start}:${r.span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
