// `spl-workbench check [paths...] [--format text|json] [--content-root DIR]`: diagnostics for
// files or whole content folders. Exit code 1 when any error, 0 otherwise, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { checkFileInRepository, checkSplFile, crossFileDiagnostics, macroTableOf } from '../core/analysis';
import type { Diagnostic } from '../core/diagnostics/diagnostic';
import { formatCheckReportText, toCheckReport, type CheckedFile } from './diagnosticsOutput';
import { displayPath, loadScopes } from './contentScope';
import { parseCommandLine, UsageError } from './usage';

/** A file's text, or undefined when it cannot be read (a built-in macro's pseudo-path, ...). */
export function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export async function runCheck(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
        format: { type: 'string', default: 'text' },
        'content-root': { type: 'string' },
        today: { type: 'string' },
      });
  const { format, today } = parsed.values;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('--today must be YYYY-MM-DD');
  const inputs = parsed.positionals.length ? parsed.positionals : ['.'];
  const scopes = loadScopes(inputs, parsed.values['content-root']);
  const options = { today: today ?? todayIso() };

  const checked: CheckedFile[] = [];
  const texts = new Map<string, string>();
  for (const scope of scopes) {
    const macros = macroTableOf(scope.repository);
    // Duplicate names and ids, unreferenced data sources and stories: computed over the whole
    // repository even when only some of its files are reported.
    const crossFile = crossFileDiagnostics(scope.repository, macros.table);
    for (const path of scope.files) {
      const unreadable = scope.unreadable.get(path);
      const file = scope.repository.file(path);
      let diagnostics: Diagnostic[];
      if (unreadable) diagnostics = [...unreadable];
      else if (!file) continue;
      else diagnostics = [...checkFileInRepository(file, scope.repository, macros, options), ...(crossFile.get(path) ?? [])];
      const text = file?.text ?? '';
      texts.set(displayPath(path), text);
      checked.push({ path: displayPath(path), text, diagnostics });
    }
    for (const path of scope.splFiles) {
      const text = readFileSync(path, 'utf8');
      texts.set(displayPath(path), text);
      checked.push({ path: displayPath(path), text, diagnostics: checkSplFile(path, text, macros.table) });
    }
  }
  // Related locations point into macro files that may not be among the checked ones.
  const textOf = (p: string): string | undefined => texts.get(p) ?? texts.get(displayPath(p)) ?? readTextOrUndefined(p);
  const report = toCheckReport(checked, textOf, displayPath);
  process.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatCheckReportText(report, textOf));
  return report.summary.errors > 0 ? 1 : 0;
}
