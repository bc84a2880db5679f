// Shared helpers of the sample-data tests: where things are, key paths of JSON events, and the
// Markdown tables of samples/data/README.md.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
export const samplesRoot = path.join(repoRoot, 'samples');
export const dataReadme = path.join(samplesRoot, 'data', 'README.md');

/** The shared reference events: $SPL_WORKBENCH_REFERENCE, or ../shared/reference beside the repo.
 * Missing means failing, never skipping. */
export function referenceEvents(): Record<string, unknown>[] {
  const dir = path.resolve(repoRoot, process.env.SPL_WORKBENCH_REFERENCE ?? '../shared/reference');
  const file = path.join(dir, 'tetragon-process-exec-examples.ndjson');
  if (!existsSync(file)) throw new Error(`reference events not found at ${file}; set SPL_WORKBENCH_REFERENCE to the shared reference folder`);
  return nonEmptyLines(readFileSync(file, 'utf8')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** Objects whose keys are data (label names), not schema: their own path is kept, their keys are not. */
const MAP_LIKE = new Set(['pod_labels', 'node_labels', 'security_context']);

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

const typeOf = (v: unknown): JsonType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));

/** Every key path of a JSON value with its type: `process_exec.process.pod.name`, array elements
 * as `ancestors[]` (the union over the elements). */
export function keyPaths(value: unknown, prefix = '', out = new Map<string, JsonType>()): Map<string, JsonType> {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${prefix}[]`, out);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const p = prefix ? `${prefix}.${key}` : key;
      out.set(p, typeOf(child));
      if (!MAP_LIKE.has(key)) keyPaths(child, p, out);
    }
  }
  return out;
}

/** Tetragon leaves `arguments` out when a process has none: optional wherever it appears. */
export const isOptionalPath = (p: string): boolean => /(^|\.)arguments$/.test(p);

/** `parent` and `ancestors[]` hold the same kind of object as `process`. */
export const asProcessPath = (p: string): string => p.replace(/^process_exec\.(parent|ancestors\[\])(?=\.|$)/, 'process_exec.process');

/** The rows of the first Markdown table whose header cells are `header` (cells trimmed). */
export function markdownTable(markdown: string, header: readonly string[]): string[][] {
  const lines = markdown.split('\n');
  const cells = (line: string): string[] => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
  const start = lines.findIndex((l) => l.trim().startsWith('|') && JSON.stringify(cells(l)) === JSON.stringify(header));
  if (start < 0) throw new Error(`no table with header ${header.join(' | ')}`);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i += 1) rows.push(cells(lines[i]!));
  return rows;
}

/** `\`sh\`` → `sh` */
export const unquote = (cell: string): string => cell.replace(/`/g, '').trim();

/** Every string in a JSON value (keys included). */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  }
  return out;
}
