// Runs a compiled search over events. Events stream through: each is extracted (only the fields
// the first stage tests), filtered, completed (the fields later stages read) and pushed down the
// chain of stage instances; nothing holds the input except stages that must (stats, sort, the
// newest-first ordering when a later stage depends on order). Subsearches run first, over the
// same events.
import type { Span } from '../text/lineIndex';
import type { CompiledSearch, EventSource } from './compile';
import { FieldExtractor, parseEventJson, type ExtractionPlan, type RawEvent } from './extract';
import { rulesFor, type FieldDefinitions } from './fieldDefinitions';
import { EngineError, type EngineErrorCode, type EngineWarning } from './problems';
import { RegexBudgetError } from './regex';
import { rawPrefilter } from './search/rawPrefilter';
import { OPEN_COLUMNS, type Columns, type RunState, type Sink, type StageInstance } from './runtime';
import { inWindow, type TimeWindow } from './time/relativeTime';
import { inheritOrigin, newRow, originOf, setOrigin, type Row, type RowOrigin } from './values';

/** Events, or a way to read them again (subsearches read the events once more). */
export type EventInput = readonly RawEvent[] | (() => Iterable<RawEvent> | AsyncIterable<RawEvent>);

export interface RunOptions {
  readonly fieldDefinitions: FieldDefinitions;
  /** Only events with `earliest <= _time < latest` (a scheduled search's window). */
  readonly window?: TimeWindow;
  /** 'newest-first' (Splunk's order, the default) sorts matching events by _time descending
   * when a later stage depends on order; 'as-given' keeps the input order. */
  readonly eventOrder?: 'newest-first' | 'as-given';
  /** Called now and then with the number of events read, to show progress. */
  readonly onProgress?: (eventsRead: number) => void;
  /** Track which events each result row came from (a preview's drilldown): the result gets
   * `origins`, with a copy of the first `keepEvents` matching events (every field). */
  readonly origins?: { readonly keepEvents: number };
}

export interface StageReport {
  readonly command: string;
  readonly span: Span;
  readonly rows_in: number;
  readonly rows_out: number;
  readonly ms: number;
}

export interface DroppedReport {
  readonly stage: number;
  readonly command: string;
  /** The by-field (or key field) that was null. A row missing two by-fields counts for both. */
  readonly by_field: string;
  readonly rows: number;
}

export interface BadLine {
  readonly file?: string;
  readonly line?: number;
  readonly error: string;
}

export interface SearchResult {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly stages: readonly StageReport[];
  readonly dropped: readonly DroppedReport[];
  readonly warnings: readonly EngineWarning[];
  readonly input: {
    readonly events: number;
    /** Lines that are not JSON objects (the first 1000; `bad_line_count` has the total). */
    readonly bad_lines: readonly BadLine[];
    readonly bad_line_count: number;
  };
  readonly elapsed_ms: number;
  /** With RunOptions.origins: for each row, the events it came from (ordinals of the matching
   * events; undefined for a row no event made, e.g. from a subsearch), and the first matching
   * events themselves (`events[i]` is the event of ordinal i). */
  readonly origins?: { readonly rows: readonly (RowOrigin | undefined)[]; readonly events: readonly Row[] };
  /** Why the search stopped; rows are empty then. Spans are offsets into the text that ran. */
  readonly error?: { readonly code: EngineErrorCode; readonly message: string; readonly span?: Span };
}

const MAX_BAD_LINES_KEPT = 1000;

const clock = (): number => performance.now();

/** Counts rows and time of one stage (time spent downstream is subtracted afterwards). */
class Meter implements Sink {
  rowsIn = 0;
  inclusive = 0;

  constructor(private readonly inner: Sink) {}

  push(row: Row): void {
    this.rowsIn++;
    const t = clock();
    this.inner.push(row);
    this.inclusive += clock() - t;
  }

  end(): void {
    const t = clock();
    this.inner.end();
    this.inclusive += clock() - t;
  }
}

class Collector implements Sink {
  readonly rows: Row[] = [];
  rowsIn = 0;

  push(row: Row): void {
    this.rowsIn++;
    this.rows.push(row);
  }

  end(): void {}
}

interface PipelineRun {
  rows: Row[];
  columns: Columns;
  stages: StageReport[];
  dropped: DroppedReport[];
  events: number;
}

function isAsyncIterable(x: Iterable<RawEvent> | AsyncIterable<RawEvent>): x is AsyncIterable<RawEvent> {
  return typeof (x as AsyncIterable<RawEvent>)[Symbol.asyncIterator] === 'function';
}

class Executor {
  readonly badLines: BadLine[] = [];
  /** The first matching events, kept when origins are tracked. */
  readonly originEvents: Row[] = [];
  badLineCount = 0;
  private readonly extractor: FieldExtractor;
  private readonly subsearchCache = new Map<object, Promise<{ rows: Row[]; columns: Columns }>>();

  constructor(
    private readonly events: EventInput,
    private readonly options: RunOptions,
    private readonly run: RunState,
  ) {
    this.extractor = new FieldExtractor(options.fieldDefinitions);
  }

  async execute(compiled: CompiledSearch, report: boolean): Promise<PipelineRun> {
    for (const stage of compiled.stages) {
      if (stage.prepare) {
        await stage.prepare(this.run, (key) => {
          let pending = this.subsearchCache.get(key);
          if (!pending) {
            const sub = compiled.subsearches.get(key);
            if (!sub) throw new Error('internal: subsearch not compiled');
            pending = this.execute(sub, false).then((r) => ({ rows: r.rows, columns: r.columns }));
            this.subsearchCache.set(key, pending);
          }
          return pending;
        });
      }
    }

    // Connect instances from the last stage to the first, each behind a meter.
    const collector = new Collector();
    const instances: StageInstance[] = new Array<StageInstance>(compiled.stages.length);
    const meters: Meter[] = new Array<Meter>(compiled.stages.length);
    const sourceColumns: Columns = compiled.source.kind === 'events' ? OPEN_COLUMNS : compiled.source.columns();
    const columnsBefore = (i: number): Columns => {
      let c = sourceColumns;
      for (let j = 0; j < i; j++) c = instances[j].columns(c);
      return c;
    };
    let next: Sink = collector;
    for (let i = compiled.stages.length - 1; i >= 0; i--) {
      const instance = compiled.stages[i].connect(next, this.run, () => columnsBefore(i));
      instances[i] = instance;
      meters[i] = new Meter(instance);
      next = meters[i];
    }
    const head = next;

    const t0 = clock();
    let events = 0;
    let produced = 0;
    if (compiled.source.kind === 'events') {
      const counts = await this.readEvents(compiled.source, head, report && this.options.origins !== undefined);
      events = counts.read;
      produced = counts.matched;
    } else {
      for (const row of compiled.source.generate(this.run)) {
        produced++;
        head.push(row);
      }
      head.end();
    }
    const total = clock() - t0;

    const stages: StageReport[] = [];
    if (report) {
      const firstCommand = compiled.source.command;
      const downstream = meters.length ? meters[0].inclusive : 0;
      stages.push({ command: firstCommand.name || 'search', span: firstCommand.span, rows_in: compiled.source.kind === 'events' ? events : 0, rows_out: produced, ms: round(total - downstream) });
      compiled.stages.forEach((stage, i) => {
        const rowsOut = i + 1 < meters.length ? meters[i + 1].rowsIn : collector.rowsIn;
        const inner = i + 1 < meters.length ? meters[i + 1].inclusive : 0;
        stages.push({ command: stage.command.name || stage.command.kind, span: stage.command.span, rows_in: meters[i].rowsIn, rows_out: rowsOut, ms: round(meters[i].inclusive - inner) });
      });
    }
    const dropped: DroppedReport[] = [];
    instances.forEach((instance, i) => {
      for (const [field, rows] of instance.dropped?.() ?? []) {
        dropped.push({ stage: i + 1, command: compiled.stages[i].command.name, by_field: field, rows });
      }
    });
    return { rows: collector.rows, columns: columnsBefore(instances.length), stages, dropped, events };
  }

  private async readEvents(source: EventSource, head: Sink, trackOrigins: boolean): Promise<{ read: number; matched: number }> {
    const newestFirst = source.newestFirst && (this.options.eventOrder ?? 'newest-first') === 'newest-first';
    const buffer: Row[] = [];
    const target = newestFirst ? (row: Row) => void buffer.push(row) : (row: Row) => head.push(row);
    const filterFields = source.needs.filter;
    const rest = source.needs.rest;
    const window = this.options.window;
    const onProgress = this.options.onProgress;
    const keepEvents = this.options.origins?.keepEvents ?? 0;
    let read = 0;
    let matched = 0;
    // Lines that cannot match are ruled out before their JSON is parsed (rawPrefilter.ts).
    const prefilters = new Map<string | undefined, ((raw: string) => boolean) | undefined>();
    const prefilterFor = (sourcetype: string | undefined): ((raw: string) => boolean) | undefined => {
      if (!prefilters.has(sourcetype)) prefilters.set(sourcetype, rawPrefilter(source.expression, rulesFor(this.options.fieldDefinitions, sourcetype)));
      return prefilters.get(sourcetype);
    };
    const plans = new Map<string | undefined, { filter: ExtractionPlan; rest: ExtractionPlan | undefined }>();
    const plansFor = (sourcetype: string | undefined): { filter: ExtractionPlan; rest: ExtractionPlan | undefined } => {
      let p = plans.get(sourcetype);
      if (!p) {
        p = { filter: this.extractor.plan(sourcetype, filterFields), rest: rest === 'all' || rest.length > 0 ? this.extractor.plan(sourcetype, rest) : undefined };
        plans.set(sourcetype, p);
      }
      return p;
    };
    const handle = (event: RawEvent): void => {
      read++;
      if (onProgress && read % 10_000 === 0) onProgress(read);
      let json = event.json;
      if (json === undefined) {
        const prefilter = prefilterFor(event.metadata?.sourcetype);
        if (prefilter && !prefilter(event.raw)) return;
        const parsed = parseEventJson(event);
        if (parsed.error !== undefined) {
          this.badLineCount++;
          if (this.badLines.length < MAX_BAD_LINES_KEPT) this.badLines.push({ file: event.file, line: event.line, error: parsed.error });
        }
        json = parsed.json;
      }
      const plans = plansFor(event.metadata?.sourcetype);
      const row = newRow();
      plans.filter.apply(row, event, json);
      if (window && !inWindow(typeof row._time === 'number' ? row._time : undefined, window)) return;
      if (!source.predicate(row)) return;
      plans.rest?.apply(row, event, json);
      if (trackOrigins) {
        setOrigin(row, { events: [matched], count: 1 });
        if (matched < keepEvents) {
          const copy = newRow();
          this.extractor.plan(event.metadata?.sourcetype, 'all').apply(copy, event, json);
          this.originEvents.push(copy);
        }
      }
      matched++;
      target(row);
    };
    const input = typeof this.events === 'function' ? this.events() : this.events;
    if (isAsyncIterable(input)) {
      for await (const event of input) handle(event);
    } else {
      for (const event of input) handle(event);
    }
    if (newestFirst) {
      // Stable: events with the same _time keep their input order; events without _time last.
      const time = (r: Row): number => (typeof r._time === 'number' ? r._time : -Infinity);
      buffer.sort((a, b) => time(b) - time(a));
      for (const row of buffer) head.push(row);
    }
    head.end();
    return { read, matched };
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The rows as callers see them: closed results hold exactly their columns; open results list
 * the declared columns, then every other field in the order rows first have it. */
function finish(rows: Row[], columns: Columns): { columns: string[]; rows: Row[] } {
  if (!columns.open) {
    const names = [...columns.names];
    const out = rows.map((row) => {
      const o = newRow();
      for (const n of names) if (n in row) o[n] = row[n];
      return inheritOrigin(o, row);
    });
    return { columns: names, rows: out };
  }
  const declared = new Set(columns.names);
  const seen = new Set<string>();
  for (const row of rows) for (const key in row) if (!declared.has(key)) seen.add(key);
  // Raw events read best with _time first and _raw last, as Splunk lists them.
  const others = [...seen].filter((n) => n !== '_time' && n !== '_raw');
  const ordered = [...(seen.has('_time') ? ['_time'] : []), ...columns.names, ...others, ...(seen.has('_raw') ? ['_raw'] : [])];
  return { columns: ordered, rows };
}

function errorOf(error: unknown): { code: EngineErrorCode; message: string; span?: Span } {
  if (error instanceof EngineError) return error.span ? { code: error.code, message: error.message, span: error.span } : { code: error.code, message: error.message };
  if (error instanceof RegexBudgetError) return { code: 'engine-regex', message: error.message };
  if (error instanceof Error && /Cannot read|ENOENT|EACCES|EISDIR/.test(error.message)) return { code: 'engine-input', message: error.message };
  return { code: 'engine-input', message: error instanceof Error ? error.message : String(error) };
}

/** Runs a compiled search. Never throws: a problem is the result's `error`. */
export async function runCompiled(compiled: CompiledSearch, events: EventInput, options: RunOptions): Promise<SearchResult> {
  const started = clock();
  const run: RunState = { now: compiled.now, warnings: compiled.warnings, subsearchRows: new Map(), subsearchColumns: new Map(), trackOrigins: options.origins !== undefined };
  const executor = new Executor(events, options, run);
  const input = (n: number): SearchResult['input'] => ({ events: n, bad_lines: executor.badLines, bad_line_count: executor.badLineCount });
  try {
    const result = await executor.execute(compiled, true);
    const { columns, rows } = finish(result.rows, result.columns);
    if (executor.badLineCount > 0) {
      const n = executor.badLineCount;
      compiled.warnings.add(n === 1 ? '1 input line is not a JSON object; its JSON fields are missing.' : `${n} input lines are not JSON objects; their JSON fields are missing.`);
    }
    const origins = options.origins ? { origins: { rows: rows.map(originOf), events: executor.originEvents } } : {};
    return { columns, rows, stages: result.stages, dropped: result.dropped, warnings: compiled.warnings.list(), input: input(result.events), elapsed_ms: round(clock() - started), ...origins };
  } catch (error) {
    return { columns: [], rows: [], stages: [], dropped: [], warnings: compiled.warnings.list(), input: input(0), elapsed_ms: round(clock() - started), error: errorOf(error) };
  }
}
