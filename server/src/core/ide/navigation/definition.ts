// Go to definition: from a macro call to the macro's name in its file (YAML `name:` or the
// macros.conf stanza), from a data source, story or lookup name to the `name:` of its file.
import { baseName, type ContentRepository, type Lookup } from '../../content';
import type { MacroDefinition } from '../../macros/macroDefinition';
import type { MacroTable } from '../../macros/macroTable';
import type { FileSpan } from './splSources';
import type { NavigationTarget } from './target';

function macroLocation(def: MacroDefinition): FileSpan | undefined {
  // Built-in macros (Splunk apps) have no file to go to.
  if (def.origin === 'builtin') return undefined;
  return { file: def.definition.file, span: def.nameSpan ?? def.definition.toFileSpan({ start: 0, end: def.definition.text.length }) };
}

/** The lookups a lookup command's table names: by `name`, or by the CSV file it describes. */
export function lookupsNamed(repository: ContentRepository, name: string): Lookup[] {
  const byName = repository.named('lookup', name);
  const byFile = repository.lookups().filter((l) => l.filename && !byName.includes(l) && baseName(l.filename.value) === baseName(name));
  return [...byName, ...byFile];
}

/** Where the target is defined; empty when nothing defines it (or only a built-in does). A
 * macro called with an arity nobody defines goes to the definitions of its other arities. */
export function definitionOf(target: NavigationTarget, repository: ContentRepository, macros: MacroTable): FileSpan[] {
  const located = (files: readonly { path: string; name?: { span: FileSpan['span'] } | undefined }[]): FileSpan[] =>
    files.flatMap((f) => (f.name ? [{ file: f.path, span: f.name.span }] : []));
  switch (target.kind) {
    case 'macro': {
      const exact = macros.get(target.name, target.arity);
      const defs = exact ? [exact] : macros.arities(target.name).flatMap((n) => macros.get(target.name, n) ?? []);
      return defs.flatMap((d) => macroLocation(d) ?? []);
    }
    case 'data-source':
      return located(repository.named('data-source', target.name));
    case 'story':
      return located(repository.named('story', target.name));
    case 'lookup':
      return located(lookupsNamed(repository, target.name));
  }
}
