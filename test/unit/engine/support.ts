// Shared helpers of the engine tests: fixture cases, small macro tables, event lists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lookupTables, parseCsv, type EventMetadata, type LookupTable, type RawEvent, type SearchResult } from '../../../server/src/core/engine';
import type { MacroDefinition } from '../../../server/src/core/macros/macroDefinition';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';

export const repoRoot = path.resolve(__dirname, '../../..');
export const fixturesRoot = path.join(repoRoot, 'test/fixtures/engine');
export const samplesRoot = path.join(repoRoot, 'samples');

/** 2025-11-18T10:00:00Z: a fixed "now" so relative times are reproducible. */
export const FIXED_NOW = 1763460000;

export const DEFAULT_METADATA: EventMetadata = { sourcetype: 'test:json', source: 'events.ndjson', host: 'local', index: 'main' };

/** Events from NDJSON text (one per non-empty line), with line numbers and metadata. */
export function eventsOf(ndjson: string, metadata: EventMetadata = DEFAULT_METADATA, file = 'events.ndjson'): RawEvent[] {
  const out: RawEvent[] = [];
  ndjson.split('\n').forEach((raw, i) => {
    if (raw.trim() !== '') out.push({ raw: raw.replace(/\r$/, ''), metadata, file, line: i + 1 });
  });
  return out;
}

/** A macro table from `name` or `name(a,b)` keys to definitions. */
export function macroTable(definitions: Record<string, string>): MacroTable {
  const macros: MacroDefinition[] = Object.entries(definitions).map(([key, definition]) => {
    const m = /^([^(]+)(?:\(([^)]*)\))?$/.exec(key)!;
    const args = m[2] ? m[2].split(',').map((a) => a.trim()) : [];
    return { name: m[1], args, definition: verbatimSourceText(`macros/${m[1]}.yml`, definition), origin: 'repository-yaml' };
  });
  return new MacroTable(macros);
}

export interface FixtureOptions {
  readonly now?: number;
  readonly metadata?: EventMetadata;
  readonly eventOrder?: 'newest-first' | 'as-given';
  /** Macro definitions the search is expanded with (keys `name` or `name(a,b)`). */
  readonly macros?: Record<string, string>;
  /** Track the rows' origins, keeping this many events (expected.json then lists them). */
  readonly origins?: number;
}

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  readonly search: string;
  readonly events: string;
  readonly options: FixtureOptions;
  readonly lookups: LookupTable[];
}

export function fixtureCases(): FixtureCase[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(fixturesRoot, name);
      const read = (f: string): string | undefined => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : undefined);
      const optionsText = read('options.json');
      const lookups = readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => ({ name: f.replace(/\.csv$/, ''), filename: f, ...parseCsv(read(f)!) }));
      return { name, dir, search: read('search.spl') ?? '', events: read('events.ndjson') ?? '', options: optionsText ? (JSON.parse(optionsText) as FixtureOptions) : {}, lookups };
    });
}

export const lookupsOf = (c: FixtureCase) => lookupTables(c.lookups);

/** What expected.json records of a result: enough to pin behaviour, readable in a diff. */
export function fixtureView(result: SearchResult, text: string): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  if (result.error) {
    view.error = {
      code: result.error.code,
      message: result.error.message,
      ...(result.error.span ? { span: result.error.span, at: text.slice(result.error.span.start, result.error.span.end) } : {}),
    };
    return view;
  }
  view.columns = result.columns;
  view.rows = result.rows.map((r) => ({ ...r }));
  if (result.dropped.length) view.dropped = result.dropped;
  if (result.warnings.length) view.warnings = result.warnings.map((w) => w.message);
  if (result.origins) {
    // Per row: the ordinals of its events, with the count when the list is capped.
    view.origins = result.origins.rows.map((o) => (o === undefined ? null : o.count === o.events.length ? o.events : { events: o.events, count: o.count }));
    view.originEvents = result.origins.events.map((e) => ({ ...e }));
  }
  return view;
}
