// `splWorkbench/preview`: runs the detection of a document with the local engine on its tests'
// attack data (or the files the client names) and returns what the preview panel shows: the
// header, the rows, the risk events with their message split into literal text and token values,
// the rows in and out of each stage, the rows dropped for a null by-field, the events that formed
// each row (for drilldown and the timeline) and the expanded search with each macro's part.
// A newer request for the same document cancels the older one (the client cancels it too).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ContentRepository } from '../core/content';
import type { Detection, RiskBlock } from '../core/content/model';
import {
  compileSearch, defaultFieldDefinitions, EngineError, isoTime, lookupTablesOf, prepareDetectionSearch, renderRisk, scalarText,
  severityOf, toDetectionFileSpan, valuesOf, type DetectionSearch, type FieldDefinitions, type FieldValue, type Row, type SearchResult, type TimeWindow,
} from '../core/engine';
import type { Expansion } from '../core/macros/expand';
import type { StatsCommand } from '../core/spl/ast';
import { LineIndex, type Span } from '../core/text/lineIndex';
import type { TestDataCache } from '../node/events/detectionTest';
import type { EventFileInput } from '../node/events/readNdjson';
import { runSearchOnFiles, type FileRunProgress } from '../node/events/runOnFiles';
import { chooseScheduledWindow } from '../node/events/scheduleWindow';
import { WorkDoneProgress, type Connection, type ProgressToken } from 'vscode-languageserver/node';
import type { LspFeature } from './feature';
import { cachesOf, chosenDataFiles, dataFilePaths, fieldDefinitionsOf, settingsNow, testDataFiles } from './runInputs';
import { DEFAULT_ROW_LIMIT, DEFAULT_RUN_SETTINGS } from './settings';
import {
  PREVIEW_REQUEST, type ExpandedPiece, type MessagePart, type PreviewError, type PreviewParams, type PreviewResult, type PreviewRiskEvent,
  type PreviewValue,
} from './protocol';
import { uriToPath } from './workspace/uri';

/** The first matching events kept for drilldown and the timeline. */
const MAX_PREVIEW_EVENTS = 2_000;
/** The largest time a JavaScript date holds, in epoch seconds. */
const MAX_EPOCH_SECONDS = 8.64e12;
/** Fields of an event shown in the drilldown (besides _time, the by-fields and _raw). */
const MAX_EVENT_FIELDS = 60;
const TOKEN = /\$([^$\s]+)\$/g;

class Cancelled extends Error {}

function cell(value: FieldValue | undefined): PreviewValue {
  const values = valuesOf(value);
  const one = (v: string | number): string | number => (typeof v === 'number' ? v : scalarText(v));
  if (values.length === 0) return null;
  if (values.length === 1) return one(values[0]);
  return values.map(one);
}

function rowOut(row: Row, columns: readonly string[]): Record<string, PreviewValue> {
  const out: Record<string, PreviewValue> = {};
  for (const c of columns) out[c] = cell(row[c]);
  return out;
}

/** A risk message template split into text and token values for one row. */
export function messageParts(template: string, row: Row): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: template.slice(last, at) });
    const values = valuesOf(row[m[1]]);
    parts.push(values.length ? { text: values.map(scalarText).join(', '), token: m[1] } : { text: m[0], token: m[1], missing: true });
    last = at + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

function riskEvents(risk: RiskBlock, rows: readonly Row[]): { events: PreviewRiskEvent[]; warnings: string[] } {
  const rendering = renderRisk(risk, rows);
  const templates = risk.messages.length ? risk.messages.map((m) => m.text) : risk.message ? [risk.message.value] : [];
  const perObject = templates.length > 1 && templates.length === risk.riskObjects.length;
  const events = rendering.events.map((e): PreviewRiskEvent => {
    const index = perObject ? Math.max(0, risk.riskObjects.findIndex((r) => r.field.value === e.risk_object_field)) : 0;
    const template = templates[index] ?? '';
    return {
      row: e.row,
      message: e.risk_message,
      parts: messageParts(template, rows[e.row]),
      riskObject: e.risk_object,
      riskObjectField: e.risk_object_field,
      riskObjectType: e.risk_object_type,
      score: e.risk_score ?? null,
      severity: e.risk_score === undefined ? null : severityOf(e.risk_score),
      threatObjects: e.threat_objects.map((t) => ({ field: t.field, type: t.type, value: t.value })),
    };
  });
  return { events, warnings: rendering.warnings.map((w) => w.message) };
}

/** The expanded search cut into the detection's own text and each outermost macro's expansion. */
export function expandedPieces(expansion: Expansion): ExpandedPiece[] {
  const pieces: ExpandedPiece[] = [];
  let last = 0;
  const calls = [...expansion.calls].sort((a, b) => a.expandedSpan.start - b.expandedSpan.start);
  for (const call of calls) {
    if (call.expandedSpan.start < last) continue;
    if (call.expandedSpan.start > last) pieces.push({ text: expansion.text.slice(last, call.expandedSpan.start) });
    pieces.push({ text: expansion.text.slice(call.expandedSpan.start, call.expandedSpan.end), macro: call.name });
    last = call.expandedSpan.end;
  }
  if (last < expansion.text.length) pieces.push({ text: expansion.text.slice(last) });
  return pieces;
}

function locatedError(fileText: string, search: DetectionSearch | undefined, fallback: Span | undefined, error: { code: string; message: string; span?: Span }): PreviewError {
  const span = search && error.span ? toDetectionFileSpan(search, error.span) : fallback;
  if (!span) return { code: error.code, message: error.message };
  const index = new LineIndex(fileText);
  const at = index.positionAt(span.start);
  return { code: error.code, message: error.message, line: at.line, character: at.character, lineText: fileText.split(/\r?\n/)[at.line] ?? '' };
}

/** The by-fields of the first stats (the groups of the chart and the drilldown's wording). */
function firstStatsBy(search: DetectionSearch): string[] {
  const stats = search.pipeline.stages.find((s): s is StatsCommand => s.kind === 'stats' && s.name === 'stats');
  return stats ? stats.by.map((f) => f.name) : [];
}

/** Event fields shown in the drilldown: _time and the by-fields first, _raw last. */
function eventFields(events: readonly Row[], groupBy: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const e of events) for (const key in e) seen.add(key);
  const first = ['_time', ...groupBy].filter((f) => seen.has(f));
  const rest = [...seen].filter((f) => !first.includes(f) && f !== '_raw').sort();
  return [...first, ...rest.slice(0, MAX_EVENT_FIELDS), ...(seen.has('_raw') ? ['_raw'] : [])];
}

/** Drilldown and timeline: the events each of the first `rows` rows came from (the engine
 * tracks them), among the first MAX_PREVIEW_EVENTS matching events; each event is sent once. */
function drilldownOf(result: SearchResult, rows: number, groupBy: readonly string[]): Pick<PreviewResult, 'events' | 'rowEvents' | 'rowEventCounts' | 'eventsCapped'> {
  const origins = result.origins?.rows ?? [];
  const keptEvents = result.origins?.events ?? [];
  const indexOf = new Map<number, number>();
  const used: Row[] = [];
  let eventsCapped = false;
  const rowEvents = Array.from({ length: rows }, (_, i) => {
    const origin = origins[i];
    if (!origin) return [];
    if (origin.count > origin.events.length) eventsCapped = true;
    const out: number[] = [];
    for (const ordinal of origin.events) {
      const event = keptEvents[ordinal];
      if (!event) {
        eventsCapped = true;
        continue;
      }
      let index = indexOf.get(ordinal);
      if (index === undefined) {
        index = used.length;
        indexOf.set(ordinal, index);
        used.push(event);
      }
      out.push(index);
    }
    return out;
  });
  const fields = eventFields(used, groupBy);
  return {
    events: used.map((e) => rowOut(e, fields)),
    rowEvents,
    rowEventCounts: Array.from({ length: rows }, (_, i) => origins[i]?.count ?? 0),
    eventsCapped,
  };
}

export interface PreviewContext {
  readonly detection: Detection;
  readonly fileText: string;
  readonly contentRoot: string;
  readonly search: () => DetectionSearch;
  readonly lookups: ReturnType<typeof lookupTablesOf>;
  readonly cancelled: () => boolean;
  readonly repository: ContentRepository;
  /** Result rows sent (`splWorkbench.preview.rowLimit`); the rest are counted in `totalRows` only. */
  readonly rowLimit?: number;
  readonly fieldDefinitions?: FieldDefinitions;
  /** `splWorkbench.testData.urlMap`, tried before contentctl.yml's caches. */
  readonly extraCaches?: readonly TestDataCache[];
  /** `splWorkbench.schedule.now`, used when the request gives no `now`. */
  readonly settingsNow?: number;
  /** Bytes and events read, while the search runs. */
  readonly onProgress?: (progress: FileRunProgress) => void;
}

export async function computePreview(params: PreviewParams, context: PreviewContext): Promise<PreviewResult> {
  const started = Date.now();
  const { detection } = context;
  const chosen = dataFilePaths(params.dataFiles);
  const empty = {
    uri: params.uri, columns: [], rows: [], totalRows: 0, risk: [], riskWarnings: [], stages: [], dropped: [], events: [], groupBy: [], rowEvents: [], rowEventCounts: [], eventsCapped: false, expanded: [], warnings: [],
  };
  const header = (files: readonly EventFileInput[], events: number, window?: PreviewResult['header']['window']): PreviewResult['header'] => ({
    name: detection.name?.value ?? path.basename(detection.path),
    type: detection.type?.value ?? '',
    dataSources: detection.dataSources.map((d) => d.value),
    files: files.map((f) => ({ path: f.path, ...(f.metadata?.sourcetype ? { sourcetype: f.metadata.sourcetype } : {}) })),
    data: chosen ? 'chosen' : 'tests',
    events,
    ...(window ? { window } : {}),
    runMs: Date.now() - started,
  });
  // A "now" a date cannot hold (NaN, 1e300) would only fail later, unlocated.
  if (params.now !== undefined && !(typeof params.now === 'number' && Math.abs(params.now) <= MAX_EPOCH_SECONDS)) {
    return { ...empty, header: header([], 0), error: { code: 'engine-input', message: `now must be a time in epoch seconds, not ${String(params.now)}` } };
  }
  const now = params.now ?? context.settingsNow;
  let search: DetectionSearch | undefined;
  try {
    search = context.search();
    compileSearch(search, { lookups: context.lookups, ...(now !== undefined ? { now } : {}) });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const fallback = detection.search ? detection.search.toFileSpan({ start: 0, end: 0 }) : undefined;
    return { ...empty, ...(search ? { expanded: expandedPieces(search.expansion) } : {}), header: header([], 0), error: locatedError(context.fileText, search, fallback, error) };
  }
  const expanded = expandedPieces(search.expansion);
  const given = chosen ? chosenDataFiles(detection, chosen) : testDataFiles(detection, context.contentRoot, context.extraCaches ?? []);
  if (typeof given === 'string') return { ...empty, expanded, header: header([], 0), error: { code: 'engine-input', message: given } };
  // testDataFiles has checked the tests' files; chosen ones may be gone.
  const missing = chosen ? given.find((f) => !existsSync(f.path)) : undefined;
  if (missing) return { ...empty, expanded, header: header(given, 0), error: { code: 'engine-input', message: `no such data file: ${missing.path}` } };

  let window: TimeWindow | undefined;
  let windowOut: PreviewResult['header']['window'];
  if (params.window === 'schedule') {
    const choice = await chooseScheduledWindow(context.repository, context.detection.type?.value, given, now);
    if (typeof choice === 'string') return { ...empty, expanded, header: header(given, 0), error: { code: 'engine-input', message: choice } };
    window = choice.window;
    const nowNote = choice.nowFromData ? 'the newest event + 10 minutes' : params.now !== undefined ? 'the chosen now' : 'splWorkbench.schedule.now';
    const from = choice.deployment ? `deployment "${choice.deployment.name?.value ?? choice.deployment.path}"` : "ESCU's default schedule";
    windowOut = { now: isoTime(choice.now), earliest: isoTime(choice.window.earliest), latest: isoTime(choice.window.latest), note: `${nowNote}; ${from}` };
  }

  if (context.cancelled()) throw new Cancelled();
  const runNow = now ?? window?.latest;
  const result: SearchResult = await runSearchOnFiles(search, given, {
    lookups: context.lookups,
    fieldDefinitions: context.fieldDefinitions ?? defaultFieldDefinitions(),
    ...(runNow !== undefined ? { now: runNow } : {}),
    ...(window ? { window } : {}),
    origins: { keepEvents: MAX_PREVIEW_EVENTS },
    isCancelled: context.cancelled,
    ...(context.onProgress ? { onFileProgress: context.onProgress } : {}),
  });
  if (context.cancelled() || result.error?.code === 'engine-cancelled') throw new Cancelled();
  const warnings = result.warnings.map((w) => w.message);
  if (result.error) {
    return { ...empty, expanded, warnings, header: header(given, result.input.events, windowOut), error: locatedError(context.fileText, search, undefined, result.error) };
  }
  const kept = result.rows.slice(0, context.rowLimit ?? DEFAULT_ROW_LIMIT);
  const rows = kept.map((r) => rowOut(r, result.columns));
  const risk = detection.risk ? riskEvents(detection.risk, kept) : { events: [], warnings: [] };

  const groupBy = firstStatsBy(search);
  const drilldown = drilldownOf(result, kept.length, groupBy);
  return {
    uri: params.uri,
    header: header(given, result.input.events, windowOut),
    columns: result.columns,
    rows,
    totalRows: result.rows.length,
    risk: risk.events,
    riskWarnings: risk.warnings,
    stages: result.stages.map((s) => ({ command: s.command, rows_in: s.rows_in, rows_out: s.rows_out, ms: s.ms })),
    dropped: result.dropped.map((d) => ({ stage: d.stage, command: d.command, by_field: d.by_field, rows: d.rows })),
    ...drilldown,
    groupBy,
    expanded,
    warnings,
  };
}

/** Reports a run's progress on the request's work-done token ($/progress), when it has one. */
function progressReporter(connection: Connection, token: ProgressToken | undefined, title: string): { report(p: FileRunProgress): void; done(): void } {
  if (token === undefined) return { report: () => undefined, done: () => undefined };
  void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title, percentage: 0 });
  return {
    report(p) {
      const percentage = p.totalBytes > 0 ? Math.min(99, Math.floor((100 * p.bytesRead) / p.totalBytes)) : undefined;
      const read = p.bytesRead >= 1024 * 1024 ? `${(p.bytesRead / (1024 * 1024)).toFixed(0)} of ${(p.totalBytes / (1024 * 1024)).toFixed(0)} MB` : `${p.bytesRead} of ${p.totalBytes} bytes`;
      const message = `${read}${p.eventsRead ? `, ${p.eventsRead.toLocaleString('en-US')} events` : ''}`;
      void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'report', message, ...(percentage !== undefined ? { percentage } : {}) });
    },
    done() {
      void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'end' });
    },
  };
}

export const previewFeature: LspFeature = {
  capabilities: {},
  register({ connection, analyses, settings }) {
    /** The latest request per document: an older one still running stops at its next check. */
    const latest = new Map<string, number>();
    const log = (message: string): void => connection.console.error(message);
    let counter = 0;
    connection.onRequest(PREVIEW_REQUEST, async (params: PreviewParams, token): Promise<PreviewResult | null> => {
      const id = ++counter;
      latest.set(params.uri, id);
      const document = analyses.of(params.uri);
      const file = document?.file;
      if (!document || file?.kind !== 'detection') return null;
      const root = document.root;
      const contentRoot = root.folder ?? path.dirname(uriToPath(params.uri));
      await settings.ready();
      const run = settings.current.run ?? DEFAULT_RUN_SETTINGS;
      const progress = progressReporter(connection, params.workDoneToken, `Running ${file.name?.value ?? path.basename(file.path)}`);
      try {
        const now = settingsNow(run, log);
        return await computePreview(params, {
          rowLimit: run.rowLimit,
          detection: file,
          fileText: document.text,
          contentRoot,
          search: () => prepareDetectionSearch(file, root.macros().table),
          lookups: lookupTablesOf(root.repository),
          cancelled: () => token.isCancellationRequested || latest.get(params.uri) !== id,
          repository: root.repository,
          fieldDefinitions: fieldDefinitionsOf(run, contentRoot, log),
          extraCaches: cachesOf(run, contentRoot),
          ...(now !== undefined ? { settingsNow: now } : {}),
          onProgress: (p) => progress.report(p),
        });
      } catch (error) {
        if (error instanceof Cancelled) return null;
        throw error;
      } finally {
        progress.done();
      }
    });
  },
};
