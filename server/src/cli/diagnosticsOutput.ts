// Renders diagnostics for a terminal (file:line:col, severity, message, the line and a caret
// under the range) or as the JSON of `spl-workbench check --format json`.
import type { Diagnostic, Severity } from '../core/diagnostics/diagnostic';
import { LineIndex, type Range } from '../core/text/lineIndex';

/** One checked file: its text and its diagnostics, with spans in file offsets. */
export interface CheckedFile {
  readonly path: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface JsonDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly source: 'spl-workbench';
  readonly relatedInformation?: readonly { readonly path: string; readonly message: string; readonly range?: Range }[];
}

export interface CheckReport {
  readonly files: readonly { readonly path: string; readonly diagnostics: readonly JsonDiagnostic[] }[];
  readonly summary: { readonly files: number; readonly errors: number; readonly warnings: number };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function sorted(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.span.start - b.span.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code),
  );
}

/** `texts` resolves the text of a related file (for its line/character), when available;
 * `display` turns a related file's path into the form shown to the user. */
export function toCheckReport(
  files: readonly CheckedFile[],
  texts: (path: string) => string | undefined,
  display: (path: string) => string = (p) => p,
): CheckReport {
  let errors = 0;
  let warnings = 0;
  const lineIndexes = new Map<string, LineIndex | undefined>();
  const indexOf = (path: string): LineIndex | undefined => {
    if (!lineIndexes.has(path)) {
      const text = texts(path);
      lineIndexes.set(path, text === undefined ? undefined : new LineIndex(text));
    }
    return lineIndexes.get(path);
  };
  const out = files.map((file) => {
    const index = new LineIndex(file.text);
    return {
      path: file.path,
      diagnostics: sorted(file.diagnostics).map((d): JsonDiagnostic => {
        if (d.severity === 'error') errors++;
        else if (d.severity === 'warning') warnings++;
        const related = d.related?.map((r) => {
          const relatedIndex = indexOf(r.file);
          return { path: display(r.file), message: r.message, ...(relatedIndex ? { range: relatedIndex.rangeOf(r.span) } : {}) };
        });
        return {
          severity: d.severity,
          code: d.code,
          message: d.message,
          range: index.rangeOf(d.span),
          source: 'spl-workbench',
          ...(related?.length ? { relatedInformation: related } : {}),
        };
      }),
    };
  });
  return { files: out, summary: { files: files.length, errors, warnings } };
}

function caretLine(lineText: string, startChar: number, endChar: number): string {
  const prefix = lineText.slice(0, startChar).replace(/[^\t]/g, ' ');
  return prefix + '^'.repeat(Math.max(1, endChar - startChar));
}

/** `path:line:col: <header>`, then the line and a caret under the range (indented). */
export function locatedLines(path: string, text: string, index: LineIndex, range: Range, header: string): string[] {
  const { start, end } = range;
  const lineText = text.slice(index.lineStart(start.line), index.lineStart(start.line + 1)).replace(/\r?\n$|\r$/, '');
  const endChar = end.line === start.line ? end.character : lineText.length;
  return [`${path}:${start.line + 1}:${start.character + 1}: ${header}`, `    ${lineText}`, `    ${caretLine(lineText, start.character, endChar)}`];
}

/** Person-readable text: one block per diagnostic, then a summary line. */
export function formatCheckReportText(report: CheckReport, texts: (path: string) => string | undefined): string {
  const lines: string[] = [];
  for (const file of report.files) {
    const text = texts(file.path) ?? '';
    const index = new LineIndex(text);
    for (const d of file.diagnostics) {
      lines.push(...locatedLines(file.path, text, index, d.range, `${d.severity} [${d.code}] ${d.message}`));
      for (const r of d.relatedInformation ?? []) {
        const where = r.range ? `${r.path}:${r.range.start.line + 1}:${r.range.start.character + 1}` : r.path;
        lines.push(`    note: ${where}: ${r.message}`);
      }
    }
  }
  const { files, errors, warnings } = report.summary;
  lines.push(`${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
