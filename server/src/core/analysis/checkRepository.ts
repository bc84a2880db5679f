// The diagnostics of a whole content repository, file by file (file offsets): what
// `spl-workbench check` prints and what the language server publishes for the workspace.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { validateFile, validateRepository, type ContentFile, type ContentRepository, type ValidationOptions } from '../content';
import { parseMacrosConf, type MacrosConf } from '../macros/macrosConf';
import { duplicateDiagnostics, MacroTable, type MacroTableOptions } from '../macros/macroTable';
import { verbatimSourceText } from '../text/sourceText';
import { analyzeSearch } from './analyzeSearch';
import { analyzeDetectionSpl, checkDetection } from './checkDetection';

/** The macros of a repository: `macros/*.yml` and every `macros.conf`, plus the built-ins. */
export function macroTableOf(repo: ContentRepository, options: MacroTableOptions = {}): { table: MacroTable; confs: Map<string, MacrosConf> } {
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

/** A `.spl` file: its whole text is one search. */
export function checkSplFile(path: string, text: string, macros: MacroTable): Diagnostic[] {
  return [...analyzeSearch(verbatimSourceText(path, text), macros).diagnostics];
}

/** Every file of the repository with its diagnostics (including files with none). */
export function checkRepository(repo: ContentRepository, options: ValidationOptions): Map<string, Diagnostic[]> {
  const { table, confs } = macroTableOf(repo);
  const result = validateRepository(repo, options);
  // validateRepository ran the content rules (and cross-file ones); add what needs the SPL.
  for (const detection of repo.detections()) {
    result.set(detection.path, [...(result.get(detection.path) ?? []), ...analyzeDetectionSpl(detection, repo, table).diagnostics]);
  }
  for (const [path, conf] of confs) result.set(path, [...(result.get(path) ?? []), ...conf.diagnostics]);
  for (const { file, diagnostic } of duplicateDiagnostics(table.duplicates)) {
    result.set(file, [...(result.get(file) ?? []), diagnostic]);
  }
  return result;
}
