// `spl-workbench run <detection.yml> [--data FILE...] [--sourcetype ST] [--now ISO]
//   [--window all|schedule] [--format table|json|ndjson] [--content-root DIR]`
// `spl-workbench run --search "<spl>" --data FILE... [--content-root DIR] ...`
// Runs a detection's search (macros expanded) or a search given as text on NDJSON events with the
// local engine. Without --data a detection runs on its tests' attack data, found through
// contentctl.yml's test_data_caches. Exit code 0 when it ran, 1 on an engine error or missing
// attack data, 2 on bad usage. Engine errors are located in the detection file (through the
// macro source map) or in the --search text.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { macroTableOf } from '../core/analysis';
import { ContentRepository } from '../core/content';
import type { Detection } from '../core/content/model';
import {
  compileSearch, defaultFieldDefinitions, EngineError, isoTime, lookupTablesOf, parseIsoTime, prepareSearch, renderRisk,
  severityOf, toDetectionFileSpan, type DetectionSearch, type EngineWarning, type LookupTables, type RiskEvent,
  type EventMetadata, type RiskRendering, type SearchResult, type TimeWindow,
} from '../core/engine';
import { expandMacros } from '../core/macros/expand';
import type { MacroTable } from '../core/macros/macroTable';
import { LineIndex, type Span } from '../core/text/lineIndex';
import { verbatimSourceText, type SourceText } from '../core/text/sourceText';
import { readTestDataCaches, resolveAttackData } from '../node/events/detectionTest';
import type { EventFileInput } from '../node/events/readNdjson';
import { runSearchOnFiles } from '../node/events/runOnFiles';
import { chooseScheduledWindow } from '../node/events/scheduleWindow';
import { loadRepositorySync } from '../node/loadRepository';
import { locatedLines } from './diagnosticsOutput';
import { displayPath, loadScopes } from './contentScope';
import { escapeForTerminal, renderTable } from './resultTable';
import { parseCommandLine, UsageError } from './usage';

/** ESCU's schedule of Anomaly and TTP detections, used when no deployment applies. */

/** Where the text of a search lives: a detection file, or the --search argument. Spans of the
 * expanded text map back to it. */
export interface SearchOrigin {
  readonly path: string;
  readonly text: string;
}

/** A located problem, ready to print (`path:line:col: error [code] message` and a caret). */
export interface LocatedProblem {
  readonly code: string;
  readonly message: string;
  readonly path: string;
  /** 1-based. */
  readonly line?: number;
  readonly column?: number;
  readonly lines: readonly string[];
}

function locate(origin: SearchOrigin, fileSpan: Span | undefined, code: string, message: string): LocatedProblem {
  if (!fileSpan) return { code, message, path: origin.path, lines: [`${origin.path}: error [${code}] ${message}`] };
  const index = new LineIndex(origin.text);
  const range = index.rangeOf(fileSpan);
  return {
    code,
    message,
    path: origin.path,
    line: range.start.line + 1,
    column: range.start.character + 1,
    lines: locatedLines(origin.path, origin.text, index, range, `error [${code}] ${message}`),
  };
}

/** An engine error located in the file the search was written in. */
export function locateEngineError(origin: SearchOrigin, search: DetectionSearch | undefined, error: { code: string; message: string; span?: Span }): LocatedProblem {
  return locate(origin, search && error.span ? toDetectionFileSpan(search, error.span) : undefined, error.code, error.message);
}

/** Expands and parses a search for the engine. A problem (unknown macro, syntax error) comes back
 * located in the origin. */
export function prepareLocated(source: SourceText, macros: MacroTable, origin: SearchOrigin): DetectionSearch | LocatedProblem {
  try {
    return prepareSearch(source, macros);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.span) {
      // The span is in the expanded text: map it through a fresh expansion.
      const expansion = expandMacros(source, macros);
      return locate(origin, source.toFileSpan(expansion.map.toRootSpan(error.span)), error.code, error.message);
    }
    // A macro problem: the expansion's own diagnostic has the place (in the search as written).
    const problem = expandMacros(source, macros).diagnostics.find((d) => d.severity === 'error');
    return locate(origin, problem ? source.toFileSpan(problem.span) : undefined, error.code, error.message);
  }
}

export function isProblem(x: DetectionSearch | LocatedProblem): x is LocatedProblem {
  return (x as LocatedProblem).lines !== undefined;
}

/** Epoch seconds of `--now`: ISO 8601 or epoch seconds. */
export function parseNow(text: string): number {
  const n = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : parseIsoTime(text);
  if (n === undefined || !Number.isFinite(n)) throw new UsageError(`--now must be an ISO 8601 time (2025-11-18T07:15:30Z) or epoch seconds, not '${text}'`);
  return n;
}

interface RunArgs {
  readonly target?: string;
  readonly searchText?: string;
  readonly data: string[];
  readonly sourcetype?: string;
  readonly now?: number;
  readonly window: 'all' | 'schedule';
  readonly format: 'table' | 'json' | 'ndjson';
  readonly contentRoot?: string;
}

function parseRunArgs(args: string[]): RunArgs {
  const parsed = parseCommandLine(args, {
        data: { type: 'string', multiple: true },
        search: { type: 'string' },
        sourcetype: { type: 'string' },
        now: { type: 'string' },
        window: { type: 'string', default: 'all' },
        format: { type: 'string', default: 'table' },
        'content-root': { type: 'string' },
      });
  const v = parsed.values;
  if (v.format !== 'table' && v.format !== 'json' && v.format !== 'ndjson') throw new UsageError(`--format must be table, json or ndjson, not '${v.format}'`);
  if (v.window !== 'all' && v.window !== 'schedule') throw new UsageError(`--window must be all or schedule, not '${v.window}'`);
  const positionals = [...parsed.positionals];
  const searchText = v.search;
  const target = searchText === undefined ? positionals.shift() : undefined;
  if (searchText === undefined && target === undefined) throw new UsageError('run needs a detection file, or --search "<spl>" with --data FILE');
  // `--data a.log b.log`: the files after the first one arrive as positionals.
  if (positionals.length && !v.data?.length) throw new UsageError(searchText === undefined ? 'run takes one detection file; give data files with --data FILE...' : 'give data files with --data FILE...');
  const data = [...(v.data ?? []), ...positionals];
  if (searchText !== undefined && data.length === 0) throw new UsageError('--search needs --data FILE...');
  if (searchText !== undefined && searchText.trim() === '') throw new UsageError('--search is empty');
  return {
    ...(target !== undefined ? { target } : {}),
    ...(searchText !== undefined ? { searchText } : {}),
    data,
    ...(v.sourcetype !== undefined ? { sourcetype: v.sourcetype } : {}),
    ...(v.now !== undefined ? { now: parseNow(v.now) } : {}),
    window: v.window,
    format: v.format,
    ...(v['content-root'] !== undefined ? { contentRoot: v['content-root'] } : {}),
  };
}

/** What runs: the search, where it was written, and what the content repository provides. */
interface RunSubject {
  readonly origin: SearchOrigin;
  readonly source: SourceText;
  readonly detection?: Detection;
  readonly repository: ContentRepository;
  readonly contentRoot?: string;
  readonly macros: MacroTable;
  readonly lookups: LookupTables;
}

function loadSubject(args: RunArgs): RunSubject | string {
  if (args.searchText !== undefined) {
    let repository = new ContentRepository([]);
    let contentRoot: string | undefined;
    if (args.contentRoot !== undefined) {
      if (!existsSync(args.contentRoot)) throw new UsageError(`--content-root ${args.contentRoot} does not exist`);
      contentRoot = path.resolve(args.contentRoot);
      repository = loadRepositorySync(contentRoot).repository;
    }
    const origin = { path: '--search', text: args.searchText };
    return { origin, source: verbatimSourceText('--search', args.searchText), repository, contentRoot, macros: macroTableOf(repository).table, lookups: lookupTablesOf(repository) };
  }
  const target = args.target as string;
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`${target} is a folder: run takes one detection file (spl-workbench test runs every test under a folder)`);
  const [scope] = loadScopes([target], args.contentRoot);
  const file = scope.files[0] ? scope.repository.file(scope.files[0]) : undefined;
  const shown = displayPath(path.resolve(target));
  if (!file || file.kind !== 'detection') return `${shown}: not a detection (detections live under a detections/ folder of a content root)`;
  if (!file.search) return `${shown}: the detection has no search`;
  return {
    origin: { path: shown, text: file.text },
    source: file.search,
    detection: file,
    repository: scope.repository,
    contentRoot: scope.root,
    macros: macroTableOf(scope.repository).table,
    lookups: lookupTablesOf(scope.repository),
  };
}

interface Inputs {
  readonly files: EventFileInput[];
  /** One line per file: where it came from. */
  readonly described: string[];
}

function metadataOf(detection: Detection | undefined): EventMetadata {
  const first = detection?.tests.flatMap((t) => t.attackData)[0];
  const out: { sourcetype?: string; source?: string } = {};
  if (first?.sourcetype?.value) out.sourcetype = first.sourcetype.value;
  if (first?.source?.value) out.source = first.source.value;
  return out;
}

/** The data files to read: --data, or the attack data of the detection's tests. A string is an
 * error message (missing attack data). */
function resolveInputs(args: RunArgs, subject: RunSubject): Inputs | { error: string; usage: boolean } {
  const files: EventFileInput[] = [];
  const described: string[] = [];
  const fromTest = metadataOf(subject.detection);
  if (args.data.length) {
    for (const file of args.data) {
      if (!existsSync(file)) return { error: `no such data file: ${file}`, usage: true };
      if (statSync(file).isDirectory()) return { error: `${file} is a folder; --data takes NDJSON files`, usage: true };
      const shown = displayPath(path.resolve(file));
      const metadata: EventMetadata = {
        ...(args.sourcetype ?? fromTest.sourcetype ? { sourcetype: args.sourcetype ?? fromTest.sourcetype } : {}),
        source: fromTest.source ?? shown,
      };
      files.push({ path: shown, metadata });
      described.push(`${shown}${metadata.sourcetype ? ` (sourcetype ${metadata.sourcetype})` : ''}`);
    }
    return { files, described };
  }
  const detection = subject.detection as Detection;
  const root = subject.contentRoot ?? process.cwd();
  const caches = readTestDataCaches(root);
  const contentctl = displayPath(path.join(root, 'contentctl.yml'));
  const seen = new Set<string>();
  for (const test of detection.tests) {
    for (const data of test.attackData) {
      const url = data.data?.value;
      if (!url) continue;
      const sourcetype = args.sourcetype ?? data.sourcetype?.value;
      const source = data.source?.value;
      const key = `${url}\u0000${sourcetype ?? ''}\u0000${source ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const file = resolveAttackData(url, caches, root);
      if (!file) return { error: `no local file for the attack data ${url}: no test_data_caches entry in ${contentctl} maps its prefix`, usage: false };
      const shown = displayPath(file);
      if (!existsSync(file)) return { error: `missing data file ${shown}: the test "${test.name?.value ?? '?'}" names ${url}, which the test_data_caches of ${contentctl} map to that file`, usage: false };
      files.push({ path: shown, metadata: { ...(sourcetype ? { sourcetype } : {}), ...(source ? { source } : {}) } });
      described.push(`${shown}${sourcetype ? ` (sourcetype ${sourcetype})` : ''}`);
    }
  }
  if (files.length === 0) return { error: `${subject.origin.path}: the detection's tests name no attack data; give data files with --data FILE`, usage: true };
  return { files, described };
}

interface WindowChoice {
  readonly window: TimeWindow;
  readonly now: number;
  readonly earliest: string;
  readonly latest: string;
  /** How the times were chosen, for people. */
  readonly note: string;
}

async function chooseWindow(args: RunArgs, subject: RunSubject, files: readonly EventFileInput[]): Promise<WindowChoice | string> {
  const chosen = await chooseScheduledWindow(subject.repository, subject.detection?.type?.value, files, args.now);
  if (typeof chosen === 'string') return `--window schedule: ${chosen}${args.now === undefined ? ' (give --now)' : ''}`;
  const { window, now, earliest, latest, deployment } = chosen;
  const nowNote = chosen.nowFromData ? 'the newest event + 10 minutes' : '--now';
  const from = deployment ? `deployment "${deployment.name?.value ?? displayPath(deployment.path)}"` : "ESCU's default schedule";
  return { window, now, earliest, latest, note: `the run at ${isoTime(now)} (${nowNote}) of ${from} (earliest ${earliest}, latest ${latest})` };
}

interface JsonRiskEvent {
  readonly message: string;
  readonly risk_object: string;
  readonly risk_object_type: string;
  readonly risk_score: number | null;
  readonly severity: string | null;
  readonly threat_objects: readonly { readonly field: string; readonly type: string; readonly value: string }[];
}

function jsonRiskEvent(e: RiskEvent): JsonRiskEvent {
  return {
    message: e.risk_message,
    risk_object: e.risk_object,
    risk_object_type: e.risk_object_type,
    risk_score: e.risk_score ?? null,
    severity: e.risk_score === undefined ? null : severityOf(e.risk_score),
    threat_objects: e.threat_objects.map((t) => ({ field: t.field, type: t.type, value: t.value })),
  };
}

/** Warnings as `path:line:col: message` when they have a place in the search. */
function warningTexts(warnings: readonly EngineWarning[], origin: SearchOrigin, search: DetectionSearch): string[] {
  const index = new LineIndex(origin.text);
  return warnings.map((w) => {
    if (!w.span) return w.message;
    const at = index.positionAt(toDetectionFileSpan(search, w.span).start);
    return `${origin.path}:${at.line + 1}:${at.character + 1}: ${w.message}`;
  });
}

/** The malformed lines in file order (the reader's and the engine's come separately). */
function sortedBadLines(result: SearchResult): SearchResult['input']['bad_lines'] {
  return [...result.input.bad_lines].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

/** Malformed input lines: how many, and the first few with file:line. */
function badLineWarning(result: SearchResult): string | undefined {
  const n = result.input.bad_line_count;
  if (n === 0) return undefined;
  const SHOWN = 5;
  const first = sortedBadLines(result).slice(0, SHOWN).map((b) => `${b.file ?? '?'}:${b.line ?? '?'}: ${b.error}`);
  return `${n} malformed input line${n === 1 ? '' : 's'}: ${first.join('; ')}${n > first.length ? `; and ${n - first.length} more` : ''}`;
}

function stageSummary(result: SearchResult): string {
  return result.stages.map((s) => `${s.command} ${s.rows_in} → ${s.rows_out}`).join(' · ');
}

function formatTable(subject: RunSubject, inputs: Inputs, result: SearchResult, risk: RiskRendering | undefined, warnings: readonly string[], window: WindowChoice | undefined): string {
  const out: string[] = [];
  const title = subject.detection ? `${subject.detection.name?.value ?? subject.origin.path} (${subject.origin.path})` : `search: ${escapeForTerminal(subject.origin.text.trim())}`;
  out.push(title);
  out.push(`data:   ${inputs.described.join(', ')}: ${result.input.events} event${result.input.events === 1 ? '' : 's'}`);
  if (window) out.push(`window: ${isoTime(window.window.earliest)} ≤ _time < ${isoTime(window.window.latest)}, ${window.note}`);
  out.push('');
  if (result.rows.length) {
    const table = renderTable(result.columns, result.rows);
    out.push(table.text.trimEnd());
    if (table.truncated) out.push('(long values are cut at 60 columns; --format json shows them whole)');
  } else out.push('(no results)');
  out.push('');
  out.push(`${result.rows.length} row${result.rows.length === 1 ? '' : 's'} in ${Math.round(result.elapsed_ms)} ms · ${stageSummary(result)}`);
  for (const d of result.dropped) out.push(`dropped: ${d.rows} row${d.rows === 1 ? '' : 's'} at ${d.command} (stage ${d.stage + 1}): no ${d.by_field}`);
  if (risk && subject.detection?.risk) {
    const block = subject.detection.risk;
    const objects = block.riskObjects.map((r) => `${r.field.value} (${r.type.value}${r.score ? `, score ${r.score.value}` : ''})`);
    const threats = block.threatObjects.map((t) => `${t.field.value} (${t.type.value})`);
    out.push('');
    out.push(`Risk: ${risk.events.length} risk event${risk.events.length === 1 ? '' : 's'}${risk.severity ? `, severity ${risk.severity}` : ''}`);
    out.push(`  risk object${objects.length === 1 ? '' : 's'}: ${objects.join(', ') || '(none)'}; threat object${threats.length === 1 ? '' : 's'}: ${threats.join(', ') || '(none)'}`);
    if (risk.messages.length) {
      const rows = risk.messages.map((m, i) => ({ row: i + 1, 'risk message': m.length === 1 ? m[0] : [...m] }));
      const table = renderTable(['row', 'risk message'], rows, { maxCellWidth: 200 });
      out.push(...table.text.trimEnd().split('\n').map((l) => `  ${l}`));
    }
  }
  if (warnings.length) {
    out.push('');
    out.push('Warnings:');
    for (const w of warnings) out.push(`  ${escapeForTerminal(w)}`);
  }
  return out.join('\n') + '\n';
}

/** Reports why the run stopped: the located text on standard error and, with --format json, an
 * `{"error": ...}` document on standard output. Returns the exit code. */
function fail(problem: LocatedProblem | string, format: RunArgs['format']): number {
  process.stderr.write(typeof problem === 'string' ? `${problem}\n` : problem.lines.join('\n') + '\n');
  if (format === 'json') {
    const error =
      typeof problem === 'string'
        ? { code: 'engine-input', message: problem }
        : { code: problem.code, message: problem.message, path: problem.path, ...(problem.line !== undefined ? { line: problem.line, column: problem.column } : {}) };
    process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
  }
  return 1;
}

export async function runRun(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  const subject = loadSubject(args);
  if (typeof subject === 'string') return fail(subject, args.format);
  // Compile before reading any data: an unsupported command stops here, located.
  const prepared = prepareLocated(subject.source, subject.macros, subject.origin);
  if (isProblem(prepared)) return fail(prepared, args.format);
  try {
    compileSearch(prepared, { lookups: subject.lookups, ...(args.now !== undefined ? { now: args.now } : {}) });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return fail(locateEngineError(subject.origin, prepared, error), args.format);
  }
  const inputs = resolveInputs(args, subject);
  if ('error' in inputs) {
    if (inputs.usage) throw new UsageError(inputs.error);
    return fail(inputs.error, args.format);
  }
  let window: WindowChoice | undefined;
  if (args.window === 'schedule') {
    const chosen = await chooseWindow(args, subject, inputs.files);
    if (typeof chosen === 'string') return fail(chosen, args.format);
    window = chosen;
  }
  const now = window?.now ?? args.now;
  const result = await runSearchOnFiles(prepared, inputs.files, {
    lookups: subject.lookups,
    fieldDefinitions: defaultFieldDefinitions(),
    ...(now !== undefined ? { now } : {}),
    ...(window ? { window: window.window } : {}),
  });
  if (result.error) return fail(locateEngineError(subject.origin, prepared, result.error), args.format);
  const risk = subject.detection?.risk ? renderRisk(subject.detection.risk, result.rows) : undefined;
  const warnings = [...warningTexts(result.warnings, subject.origin, prepared), ...(risk?.warnings.map((w) => w.message) ?? [])];
  const badLines = badLineWarning(result);
  if (badLines) warnings.push(badLines);

  if (args.format === 'ndjson') {
    const lines = result.rows.map((row) => JSON.stringify(row));
    process.stdout.write(lines.length ? lines.join('\n') + '\n' : '');
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    return 0;
  }
  if (args.format === 'json') {
    const out = {
      columns: result.columns,
      rows: result.rows,
      risk_events: (risk?.events ?? []).map(jsonRiskEvent),
      stages: result.stages.map((s) => ({ command: s.command, rows_in: s.rows_in, rows_out: s.rows_out, ms: s.ms })),
      dropped: result.dropped,
      warnings,
      input: { events: result.input.events, bad_lines: sortedBadLines(result), bad_line_count: result.input.bad_line_count },
      ...(window ? { window: { now: isoTime(window.now), earliest: isoTime(window.window.earliest), latest: isoTime(window.window.latest) } } : {}),
      elapsed_ms: result.elapsed_ms,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(formatTable(subject, inputs, result, risk, warnings, window));
  return 0;
}
