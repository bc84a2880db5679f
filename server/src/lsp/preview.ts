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
  compileSearch, defaultFieldDefinitions, EngineError, lookupTablesOf, prepareDetectionSearch, renderRisk, scalarText,
  severityOf, toDetectionFileSpan, valuesOf, type DetectionSearch, type FieldValue, type Row, type SearchResult, type TimeWindow,
} from '../core/engine';
import type { Expansion } from '../core/macros/expand';
import type { StatsCommand } from '../core/spl/ast';
import { LineIndex, type Span } from '../core/text/lineIndex';
import { readTestDataCaches, resolveAttackData } from '../node/events/detectionTest';
import type { EventFileInput } from '../node/events/readNdjson';
import { runSearchOnFiles } from '../node/events/runOnFiles';
import { chooseScheduledWindow } from '../node/events/scheduleWindow';
import type { LspFeature } from './feature';
import { DEFAULT_ROW_LIMIT, DEFAULT_RUN_SETTINGS } from './settings';
import {
  PREVIEW_REQUEST, type ExpandedPiece, type MessagePart, type PreviewError, type PreviewParams, type PreviewResult, type PreviewRiskEvent,
  type PreviewValue,
} from './protocol';
import { uriToPath } from './workspace/uri';

/** Events kept for drilldown and the timeline. */
const MAX_PREVIEW_EVENTS = 5_000;
/** ESCU's schedule of Anomaly and TTP detections, used when no deployment applies. */
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

function isoTime(epoch: number): string {
  return new Date(Math.round(epoch * 1000)).toISOString().replace('.000Z', 'Z');
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

/** The local files of every test's attack data, or a message naming what is missing. */
function testInputs(detection: Detection, contentRoot: string): EventFileInput[] | string {
  const caches = readTestDataCaches(contentRoot);
  const inputs: EventFileInput[] = [];
  const seen = new Set<string>();
  for (const test of detection.tests) {
    for (const data of test.attackData) {
      const url = data.data?.value;
      if (!url) continue;
      const sourcetype = data.sourcetype?.value;
      const source = data.source?.value;
      const file = resolveAttackData(url, caches, contentRoot);
      if (!file) return `no local file for the attack data ${url}: no test_data_caches entry in contentctl.yml maps its prefix`;
      if (!existsSync(file)) return `missing data file ${file}: the test "${test.name?.value ?? '?'}" names ${url}`;
      const key = `${file}\u0000${sourcetype ?? ''}\u0000${source ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inputs.push({ path: file, metadata: { ...(sourcetype ? { sourcetype } : {}), ...(source ? { source } : {}) } });
    }
  }
  if (inputs.length === 0) return "the detection's tests name no attack data: choose data files";
  return inputs;
}

/** The first grouping stage (stats by ...): its index and by-fields. */
function firstStats(search: DetectionSearch): { index: number; by: string[] } | undefined {
  const index = search.pipeline.stages.findIndex((s) => s.kind === 'stats' && s.name === 'stats');
  if (index < 0) return undefined;
  const stats = search.pipeline.stages[index] as StatsCommand;
  return { index, by: stats.by.map((f) => f.name) };
}

function sameValue(a: FieldValue | undefined, b: PreviewValue): boolean {
  const x = valuesOf(a).map(scalarText);
  const y = b === null ? [] : Array.isArray(b) ? b.map((v) => String(v)) : [String(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export async function computePreview(
  params: PreviewParams,
  context: { detection: Detection; fileText: string; contentRoot: string; search: () => DetectionSearch; lookups: ReturnType<typeof lookupTablesOf>; cancelled: () => boolean; repository: ContentRepository;
    /** Result rows sent (`splWorkbench.preview.rowLimit`); the rest are counted in `totalRows` only. */
    rowLimit?: number },
): Promise<PreviewResult> {
  const started = Date.now();
  const { detection } = context;
  const empty = {
    uri: params.uri, columns: [], rows: [], totalRows: 0, risk: [], riskWarnings: [], stages: [], dropped: [], events: [], groupBy: [], rowEvents: [], expanded: [], warnings: [],
  };
  const header = (files: readonly EventFileInput[], events: number, window?: PreviewResult['header']['window']): PreviewResult['header'] => ({
    name: detection.name?.value ?? path.basename(detection.path),
    type: detection.type?.value ?? '',
    dataSources: detection.dataSources.map((d) => d.value),
    files: files.map((f) => ({ path: f.path, ...(f.metadata?.sourcetype ? { sourcetype: f.metadata.sourcetype } : {}) })),
    events,
    ...(window ? { window } : {}),
    runMs: Date.now() - started,
  });
  let search: DetectionSearch | undefined;
  try {
    search = context.search();
    compileSearch(search, { lookups: context.lookups, ...(params.now !== undefined ? { now: params.now } : {}) });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const fallback = detection.search ? detection.search.toFileSpan({ start: 0, end: 0 }) : undefined;
    return { ...empty, ...(search ? { expanded: expandedPieces(search.expansion) } : {}), header: header([], 0), error: locatedError(context.fileText, search, fallback, error) };
  }
  const expanded = expandedPieces(search.expansion);
  const given = params.dataFiles?.length
    ? params.dataFiles.map((p): EventFileInput => ({ path: p, metadata: { ...(detection.tests[0]?.attackData[0]?.sourcetype?.value ? { sourcetype: detection.tests[0].attackData[0].sourcetype.value } : {}), source: p } }))
    : testInputs(detection, context.contentRoot);
  if (typeof given === 'string') return { ...empty, expanded, header: header([], 0), error: { code: 'engine-input', message: given } };
  const missing = given.find((f) => !existsSync(f.path));
  if (missing) return { ...empty, expanded, header: header(given, 0), error: { code: 'engine-input', message: `no such data file: ${missing.path}` } };
  const options = { lookups: context.lookups, fieldDefinitions: defaultFieldDefinitions() };

  let window: TimeWindow | undefined;
  let windowOut: PreviewResult['header']['window'];
  if (params.window === 'schedule') {
    const chosen = await chooseScheduledWindow(context.repository, context.detection.type?.value, given, params.now);
    if (typeof chosen === 'string') return { ...empty, expanded, header: header(given, 0), error: { code: 'engine-input', message: chosen } };
    window = chosen.window;
    const nowNote = chosen.nowFromData ? 'the newest event + 10 minutes' : 'the chosen now';
    const from = chosen.deployment ? `deployment "${chosen.deployment.name?.value ?? chosen.deployment.path}"` : "ESCU's default schedule";
    windowOut = { now: isoTime(chosen.now), earliest: isoTime(chosen.window.earliest), latest: isoTime(chosen.window.latest), note: `${nowNote}; ${from}` };
  }

  if (context.cancelled()) throw new Cancelled();
  const result: SearchResult = await runSearchOnFiles(search, given, { ...options, ...(params.now !== undefined || window ? { now: params.now ?? (window as TimeWindow).latest } : {}), ...(window ? { window } : {}) });
  if (context.cancelled()) throw new Cancelled();
  const warnings = result.warnings.map((w) => w.message);
  if (result.error) {
    return { ...empty, expanded, warnings, header: header(given, result.input.events, windowOut), error: locatedError(context.fileText, search, undefined, result.error) };
  }
  const kept = result.rows.slice(0, context.rowLimit ?? DEFAULT_ROW_LIMIT);
  const rows = kept.map((r) => rowOut(r, result.columns));
  const risk = detection.risk ? riskEvents(detection.risk, kept) : { events: [], warnings: [] };

  // Drilldown: the events that reach the first stats, matched to each row on its by-fields.
  const stats = firstStats(search);
  let events: Record<string, PreviewValue>[] = [];
  let rowEvents: number[][] = rows.map(() => []);
  const groupBy = stats?.by ?? [];
  const before = stats ? search.text.slice(0, search.pipeline.stages[stats.index].span.start).replace(/\|\s*$/, '') : search.text;
  if (before.trim() !== '') {
    const eventRun = await runSearchOnFiles(`${before} | head ${MAX_PREVIEW_EVENTS}`, given, { ...options, ...(window ? { window } : {}) });
    if (context.cancelled()) throw new Cancelled();
    if (!eventRun.error) {
      const shown = eventRun.columns.filter((c) => c !== '_raw');
      const fields = [...new Set(['_time', ...groupBy, ...shown.filter((c) => !c.startsWith('_'))])].slice(0, 40);
      events = eventRun.rows.map((r) => rowOut(r, fields));
      if (stats) {
        rowEvents = rows.map((row) => {
          if (!groupBy.every((f) => f in row)) return [];
          const out: number[] = [];
          eventRun.rows.forEach((e, i) => {
            if (groupBy.every((f) => sameValue(e[f], row[f]))) out.push(i);
          });
          return out;
        });
      } else rowEvents = rows.map((_, i) => (i < events.length ? [i] : []));
    }
  }
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
    events,
    groupBy,
    rowEvents,
    expanded,
    warnings,
  };
}

export const previewFeature: LspFeature = {
  capabilities: {},
  register({ connection, analyses, settings }) {
    /** The latest request per document: an older one still running stops at its next check. */
    const latest = new Map<string, number>();
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
      try {
        return await computePreview(params, {
          rowLimit: (settings.current.run ?? DEFAULT_RUN_SETTINGS).rowLimit,
          detection: file,
          fileText: document.text,
          contentRoot,
          search: () => prepareDetectionSearch(file, root.macros().table),
          lookups: lookupTablesOf(root.repository),
          cancelled: () => token.isCancellationRequested || latest.get(params.uri) !== id,
          repository: root.repository,
        });
      } catch (error) {
        if (error instanceof Cancelled) return null;
        throw error;
      }
    });
  },
};
