// The diagnostics of a whole content repository, file by file (file offsets): what
// `spl-workbench check` prints and what the language server publishes for the workspace. A
// file's diagnostics are its own (`checkFileInRepository`, which reads other files only to look
// names up) plus the cross-file ones (`crossFileDiagnostics`); the language server recomputes
// the two separately, so both go through the functions below.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { validateFile, type ContentFile, type ContentRepository, type ValidationOptions } from '../content';
import { parseMacrosConf, type MacrosConf } from '../macros/macrosConf';
import { MacroTable, type MacroTableOptions } from '../macros/macroTable';
import { verbatimSourceText } from '../text/sourceText';
import { analyzeSearch } from './analyzeSearch';
import { checkDetection } from './checkDetection';
import { crossFileDiagnostics } from './crossFile';

/** A repository's macro table and the parsed `macros.conf` files it was built from (by path). */
export interface RepositoryMacros {
  readonly table: MacroTable;
  readonly confs: Map<string, MacrosConf>;
}

/** The macros of a repository: `macros/*.yml` and every `macros.conf`, plus the built-ins. */
export function macroTableOf(repo: ContentRepository, options: MacroTableOptions = {}): RepositoryMacros {
  const confs = new Map<string, MacrosConf>();
  for (const file of repo.macrosConfFiles()) confs.set(file.path, parseMacrosConf(verbatimSourceText(file.path, file.text)));
  const table = new MacroTable([...repo.macros(), ...[...confs.values()].flatMap((c) => c.macros)], options);
  return { table, confs };
}

/** Diagnostics of one file of the repository, given the repository's macro table. */
export function checkFile(file: ContentFile, repo: ContentRepository, macros: MacroTable, options: ValidationOptions): Diagnostic[] {
  if (file.kind === 'detection') return [...checkDetection(file, repo, macros, options).diagnostics];
  return validateFile(file, repo, options);
}

/** Everything one file of the repository reports on its own: `checkFile`, and for a
 * `macros.conf` the problems of its stanzas. Not the cross-file rules. */
export function checkFileInRepository(file: ContentFile, repo: ContentRepository, macros: RepositoryMacros, options: ValidationOptions): Diagnostic[] {
  return [...checkFile(file, repo, macros.table, options), ...(macros.confs.get(file.path)?.diagnostics ?? [])];
}

/** A `.spl` file: its whole text is one search. */
export function checkSplFile(path: string, text: string, macros: MacroTable): Diagnostic[] {
  return [...analyzeSearch(verbatimSourceText(path, text), macros).diagnostics];
}

/** Every file of the repository with its diagnostics (including files with none). */
export function checkRepository(repo: ContentRepository, options: ValidationOptions): Map<string, Diagnostic[]> {
  const macros = macroTableOf(repo);
  const result = new Map<string, Diagnostic[]>();
  for (const file of repo.files()) result.set(file.path, checkFileInRepository(file, repo, macros, options));
  for (const [path, diagnostics] of crossFileDiagnostics(repo, macros.table)) {
    result.set(path, [...(result.get(path) ?? []), ...diagnostics]);
  }
  return result;
}
