// `spl-workbench summary`: a person-readable account of a detection file.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './usage';

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '(none)' : JSON.stringify(value);
}

export async function runSummary(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('expected at least one detection file');
  let failures = 0;
  for (const file of args) {
    let doc: unknown;
    try {
      doc = parseYaml(await readFile(file, 'utf8'));
    } catch (error) {
      process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      failures++;
      continue;
    }
    if (typeof doc !== 'object' || doc === null) {
      process.stderr.write(`${file}: not a YAML mapping\n`);
      failures++;
      continue;
    }
    const d = doc as Record<string, unknown>;
    const search = typeof d.search === 'string' ? d.search : '';
    const macros = [...search.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const lines = [
      `${file}`,
      `  name:        ${text(d.name)}`,
      `  type:        ${text(d.type)}`,
      `  status:      ${text(d.status)}`,
      `  data source: ${Array.isArray(d.data_source) ? d.data_source.join(', ') : text(d.data_source)}`,
      `  macros:      ${macros.length ? macros.join(', ') : '(none)'}`,
      `  search:`,
      ...search.trimEnd().split('\n').map((l) => `    ${l}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return failures ? 1 : 0;
}
