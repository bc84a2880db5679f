// The diagnostics no single file can produce: they need the whole repository. Names and ids
// used twice (contentctl keeps one table of each), a macro key defined twice, and data sources
// and stories nothing refers to. Cheap once the files are parsed (one pass over the models), so
// an editor can recompute them after every change and re-check only the files that changed.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { contentDuplicateDiagnostics, unreferencedDiagnostics, type ContentRepository } from '../content';
import { duplicateDiagnostics as macroDuplicateDiagnostics, type MacroTable } from '../macros/macroTable';

/** Cross-file diagnostics of `repo` keyed by path (only paths that have some). `macros` is the
 * repository's macro table (see `macroTableOf`), for its duplicate definitions. */
export function crossFileDiagnostics(repo: ContentRepository, macros: MacroTable): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const add = (path: string, diagnostics: readonly Diagnostic[]): void => {
    const list = out.get(path);
    if (list) list.push(...diagnostics);
    else out.set(path, [...diagnostics]);
  };
  for (const [path, diagnostics] of contentDuplicateDiagnostics(repo)) add(path, diagnostics);
  for (const { file, diagnostic } of macroDuplicateDiagnostics(macros.duplicates)) add(file, [diagnostic]);
  for (const [path, diagnostics] of unreferencedDiagnostics(repo)) add(path, diagnostics);
  return out;
}
