// Search results as an aligned text table for a terminal. Values come from sample data and may be
// hostile: control characters (newlines, ANSI escapes, NUL) are shown escaped so they cannot move
// the cursor or recolour the terminal, long values are cut, and widths count what a terminal
// shows (combining marks and zero-width characters take no column, wide characters two).
import { numberText, type FieldValue, type Scalar } from '../core/engine';

export interface TableOptions {
  /** Longest cell, in terminal columns; longer values end with "…" (default 60). */
  readonly maxCellWidth?: number;
  /** Right-align columns whose every value is a number (default true). */
  readonly alignNumbers?: boolean;
}

export interface RenderedTable {
  readonly text: string;
  /** Whether some value was cut to the maximum width. */
  readonly truncated: boolean;
}

const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200B-\u200F\u2060-\u2064\uFEFF]/u;
const WIDE = /[\p{Extended_Pictographic}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** Terminal columns one character takes. */
function charWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** The text with every control character (C0, DEL, C1, line and paragraph separators, bidi
 * overrides) written as an escape, and lone surrogates as \uXXXX. */
export function escapeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (ch) => {
    switch (ch) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default: {
        const code = ch.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      }
    }
  });
}

/** Cuts a text to `max` terminal columns, ending with "…" when cut. */
export function truncateToWidth(text: string, max: number): { text: string; cut: boolean } {
  if (displayWidth(text) <= max) return { text, cut: false };
  let width = 0;
  let out = '';
  for (const ch of text) {
    const w = charWidth(ch);
    if (width + w > max - 1) break;
    width += w;
    out += ch;
  }
  return { text: `${out}…`, cut: true };
}

export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

function scalarCell(value: Scalar): string {
  return typeof value === 'number' ? numberText(value) : escapeForTerminal(value);
}

/** A cell's lines: one per value of a multivalue field (as Splunk shows them), none for null. */
export function cellLines(value: FieldValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string' || typeof value === 'number') return [scalarCell(value)];
  return value.map(scalarCell);
}

const isNumberCell = (value: FieldValue | undefined): boolean =>
  value === undefined || typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'number'));

/** Columns separated by two spaces, a dashed rule under the header, multivalue cells on several
 * lines. Trailing spaces are trimmed from every line. */
export function renderTable(columns: readonly string[], rows: readonly Readonly<Record<string, FieldValue>>[], options: TableOptions = {}): RenderedTable {
  const max = options.maxCellWidth ?? 60;
  let truncated = false;
  const cut = (text: string): string => {
    const t = truncateToWidth(text, max);
    if (t.cut) truncated = true;
    return t.text;
  };
  const headers = columns.map((c) => cut(escapeForTerminal(c)));
  const cells = rows.map((row) => columns.map((c) => cellLines(row[c]).map(cut)));
  const widths = headers.map((h, j) => Math.max(displayWidth(h), ...cells.map((r) => Math.max(0, ...r[j].map(displayWidth)))));
  const right = columns.map((c) => (options.alignNumbers ?? true) && rows.length > 0 && rows.every((r) => isNumberCell(r[c])) && rows.some((r) => r[c] !== undefined));
  const line = (parts: readonly string[]): string => parts.map((p, j) => padToWidth(p, widths[j], right[j] ? 'right' : 'left')).join('  ').trimEnd();
  const out = [line(headers), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of cells) {
    const height = Math.max(1, ...row.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((c) => c[k] ?? '')));
  }
  return { text: out.join('\n') + '\n', truncated };
}
