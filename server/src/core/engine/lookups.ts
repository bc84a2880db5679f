// Lookup tables as values: the CSV files of a content repository's lookups (lookups/*.yml
// names a CSV), parsed here. The engine finds a table by the lookup's name or its file name.
import type { ContentRepository } from '../content/repository';
import { nodeAt, scalarText } from '../content/yamlFile';

export interface LookupTable {
  /** The lookup definition's name (`lookups/<x>.yml` name), or the file name. */
  readonly name: string;
  readonly filename?: string;
  readonly columns: readonly string[];
  /** One entry per CSV row, in the columns' order; '' is an empty cell. */
  readonly rows: readonly (readonly string[])[];
  /** Splunk matches lookup values case-sensitively unless the definition says otherwise. */
  readonly caseSensitive?: boolean;
  /** Columns matched as wildcard patterns (`match_type = WILDCARD(col)`). */
  readonly wildcardColumns?: readonly string[];
}

export interface LookupTables {
  /** By lookup name or file name (with and without `.csv`). */
  find(name: string): LookupTable | undefined;
  names(): string[];
}

export const NO_LOOKUPS: LookupTables = { find: () => undefined, names: () => [] };

export function lookupTables(tables: Iterable<LookupTable>): LookupTables {
  const byName = new Map<string, LookupTable>();
  for (const t of tables) {
    for (const key of [t.name, t.filename, t.filename?.replace(/\.csv$/i, ''), t.name.replace(/\.csv$/i, '')]) {
      if (key && !byName.has(key)) byName.set(key, t);
    }
  }
  return { find: (name) => byName.get(name), names: () => [...new Set([...byName.values()].map((t) => t.name))] };
}

/** RFC 4180 CSV: quoted cells with doubled quotes, CRLF or LF line ends, a header row. */
export function parseCsv(text: string): { columns: string[]; rows: string[][] } {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let rowHasContent = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      rowHasContent = true;
    } else if (ch === ',') {
      record.push(cell);
      cell = '';
      rowHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (rowHasContent || cell !== '') {
        record.push(cell);
        records.push(record);
      }
      record = [];
      cell = '';
      rowHasContent = false;
    } else {
      cell += ch;
      rowHasContent = true;
    }
  }
  if (rowHasContent || cell !== '') {
    record.push(cell);
    records.push(record);
  }
  const [columns = [], ...rows] = records;
  return { columns: columns.map((c) => c.trim()), rows: rows.map((r) => columns.map((_c, j) => r[j] ?? '')) };
}

/** The lookup tables of a repository: each `lookups/*.yml` with the CSV it names. */
export function lookupTablesOf(repo: ContentRepository): LookupTables {
  const tables: LookupTable[] = [];
  for (const lookup of repo.lookups()) {
    const name = lookup.name?.value;
    const filename = lookup.filename?.value;
    if (!name || !filename) continue;
    const csv = repo.lookupTable(filename);
    if (!csv) continue;
    const { columns, rows } = parseCsv(csv.text);
    // `case_sensitive_match: 'false'` and `match_type: WILDCARD(a), WILDCARD(b)` as in transforms.conf.
    const caseText = scalarText(nodeAt(lookup.yaml.root, ['case_sensitive_match']));
    const matchType = scalarText(nodeAt(lookup.yaml.root, ['match_type'])) ?? '';
    const wildcardColumns = [...matchType.matchAll(/WILDCARD\(\s*([^)\s]+)\s*\)/gi)].map((m) => m[1]);
    tables.push({ name, filename, columns, rows, caseSensitive: caseText === undefined ? true : !/^(false|0|f)$/i.test(caseText), wildcardColumns });
  }
  return lookupTables(tables);
}
