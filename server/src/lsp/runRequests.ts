// The custom requests behind the client's commands and Test Explorer: `splWorkbench/runTests`
// runs detection tests with the engine and judges them as `spl-workbench test` does, and
// `splWorkbench/expandMacros` returns a search with its macros expanded and where each macro's
// text came from. Both read the workspace as the server holds it (open documents included).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { Detection } from '../core/content/model';
import { lookupTablesOf, toDetectionFileSpan } from '../core/engine';
import { expandMacros, type MacroCallSite } from '../core/macros/expand';
import { LineIndex, type Span } from '../core/text/lineIndex';
import { verbatimSourceText, type SourceText } from '../core/text/sourceText';
import { runDetectionTest } from '../node/events/detectionTest';
import { cachesOf, dataFilePaths, fieldDefinitionsOf, settingsNow } from './runInputs';
import type { LspFeature } from './feature';
import {
  EXPAND_MACROS_REQUEST, RUN_TESTS_REQUEST,
  type DetectionTestResult, type ExpandMacrosParams, type ExpandMacrosResult, type MacroProvenance, type ProtocolRange, type RunTestsParams, type RunTestsResult,
} from './protocol';
import { DEFAULT_RUN_SETTINGS, type RunSettings } from './settings';
import { pathToUri, uriToPath } from './workspace/uri';
import type { Workspace } from './workspace/workspace';

function rangeIn(text: string, span: Span): ProtocolRange {
  return new LineIndex(text).rangeOf(span);
}

/** The reasons of a verdict, a search error given its line in the detection file. */
function reasonsOf(detection: Detection, run: Awaited<ReturnType<typeof runDetectionTest>>): string[] {
  const error = run.result.error;
  if (!error || error.code === 'engine-input' || !error.span || !run.search) return [...run.verdict.reasons];
  const at = rangeIn(detection.text, toDetectionFileSpan(run.search, error.span)).start;
  const where = `the search failed at line ${at.line + 1}, column ${at.character + 1}:`;
  return run.verdict.reasons.map((r) => (r.startsWith('the search failed:') ? r.replace('the search failed:', where) : r));
}

interface Target {
  readonly path: string;
  /** Undefined: every test of the detection. */
  readonly index?: number;
}

function targetsOf(workspace: Workspace, params: RunTestsParams): Target[] {
  const targets: Target[] = [];
  for (const uri of params.uris ?? []) targets.push({ path: uriToPath(uri) });
  for (const t of params.tests ?? []) targets.push({ path: uriToPath(t.uri), index: t.index });
  if (params.uris === undefined && params.tests === undefined) {
    for (const root of workspace.contentRoots()) for (const detection of root.repository.detections()) targets.push({ path: detection.path });
  }
  return targets;
}

export async function runTests(workspace: Workspace, run: RunSettings, params: RunTestsParams, token: CancellationToken | undefined, log: (message: string) => void): Promise<RunTestsResult> {
  await workspace.settled();
  const results: DetectionTestResult[] = [];
  const now = settingsNow(run, log);
  const dataFiles = dataFilePaths(params.dataFiles);
  for (const target of targetsOf(workspace, params)) {
    const root = workspace.rootOf(target.path);
    const detection = root.repository.file(target.path);
    if (detection?.kind !== 'detection' || root.folder === undefined) continue;
    const folder = root.folder;
    const options = {
      contentRoot: folder,
      macros: root.macros().table,
      lookups: lookupTablesOf(root.repository),
      fieldDefinitions: fieldDefinitionsOf(run, folder, log),
      extraCaches: cachesOf(run, folder),
      ...(now !== undefined ? { now } : {}),
      ...(dataFiles ? { dataFiles } : {}),
    };
    const indexes = target.index !== undefined ? [target.index] : detection.tests.map((_, i) => i);
    for (const index of indexes) {
      if (token?.isCancellationRequested) return { results };
      const test = detection.tests[index];
      if (!test) continue;
      const started = performance.now();
      const outcome = await runDetectionTest(detection, { ...options, testIndex: index });
      const reasons = reasonsOf(detection, outcome);
      results.push({
        uri: pathToUri(detection.path),
        detection: detection.name?.value ?? path.basename(detection.path),
        test: test.name?.value ?? `test ${index + 1}`,
        index,
        passed: outcome.verdict.passed,
        reason: outcome.verdict.passed ? outcome.verdict.summary : (reasons[0] ?? 'failed'),
        reasons,
        durationMs: performance.now() - started,
        range: rangeIn(detection.text, test.name?.span ?? { start: 0, end: 0 }),
        rows: outcome.result.rows.length,
        riskEvents: outcome.risk?.events.length ?? 0,
      });
    }
  }
  return { results };
}

export function expandMacrosOf(workspace: Workspace, params: ExpandMacrosParams): ExpandMacrosResult | null {
  const file = uriToPath(params.uri);
  const root = workspace.rootOf(file);
  let source: SourceText | undefined;
  if (workspace.isSpl(file)) {
    const text = workspace.textOf(file) ?? (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    if (text !== undefined) source = verbatimSourceText(file, text);
  } else {
    const detection = root.repository.file(file);
    if (detection?.kind === 'detection') source = detection.search;
  }
  if (!source) return null;
  const expansion = expandMacros(source, root.macros().table);
  const texts = new Map<string, string | undefined>();
  const textOf = (p: string): string | undefined => {
    if (!texts.has(p)) texts.set(p, workspace.textOf(p) ?? workspace.rootOf(p).repository.file(p)?.text ?? (existsSync(p) ? readFileSync(p, 'utf8') : undefined));
    return texts.get(p);
  };
  const location = (text: SourceText, span: Span): { uri: string; range: ProtocolRange } => {
    const whole = textOf(text.file);
    const fileSpan = text.toFileSpan(span);
    return { uri: pathToUri(text.file), range: whole === undefined ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : rangeIn(whole, fileSpan) };
  };
  const provenance: MacroProvenance[] = [];
  const walk = (call: MacroCallSite, depth: number): void => {
    const definition = call.definition?.definition;
    provenance.push({
      macro: call.name,
      depth,
      callSite: location(call.source, call.span),
      ...(definition ? { definition: location(definition, { start: 0, end: definition.text.length }) } : {}),
      expanded: { start: call.expandedSpan.start, end: call.expandedSpan.end },
    });
    for (const child of call.children) walk(child, depth + 1);
  };
  for (const call of expansion.calls) walk(call, 0);
  const errors = expansion.diagnostics.filter((d) => d.severity === 'error').map((d) => `[${d.code}] ${d.message}`);
  return { expanded: expansion.text, provenance, errors };
}

/** Answers `splWorkbench/runTests` and `splWorkbench/expandMacros`. */
export const runRequestsFeature: LspFeature = {
  capabilities: {},
  register({ connection, workspace, settings }) {
    const log = (message: string): void => connection.console.error(message);
    connection.onRequest(RUN_TESTS_REQUEST, async (params: RunTestsParams, token: CancellationToken) => {
      await settings.ready();
      return runTests(workspace, settings.current.run ?? DEFAULT_RUN_SETTINGS, params ?? {}, token, log);
    });
    connection.onRequest(EXPAND_MACROS_REQUEST, async (params: ExpandMacrosParams) => {
      await workspace.settled();
      return expandMacrosOf(workspace, params);
    });
  },
};
