// Cell values of the preview: text for display, filtering, sorting and copying.
import type { PreviewValue } from '../../server/src/lsp/protocol';

export function scalarText(value: string | number | boolean | null): string {
  return value === null ? '' : String(value);
}

export function cellText(value: PreviewValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(scalarText).join('\n');
  return scalarText(value as string | number | boolean);
}

/** An event's `_time` (epoch seconds) as Splunk shows it, in UTC with milliseconds; other values as
 * they are. */
export function timeText(value: PreviewValue | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return cellText(value);
  const date = new Date(Math.round(value * 1000));
  return Number.isNaN(date.getTime()) ? cellText(value) : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** Orders numbers numerically, then text; empty cells last. */
export function compareValues(a: PreviewValue | undefined, b: PreviewValue | undefined): number {
  const x = Array.isArray(a) ? a[0] : a;
  const y = Array.isArray(b) ? b[0] : b;
  const emptyX = x === undefined || x === null || x === '';
  const emptyY = y === undefined || y === null || y === '';
  if (emptyX || emptyY) return emptyX === emptyY ? 0 : emptyX ? 1 : -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y), undefined, { numeric: true });
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, PreviewValue>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(row[c]))).join(','));
  return lines.join('\r\n') + '\r\n';
}
