// `splWorkbench/preview` over the protocol: the bundled server runs the seed detection on its
// test data and returns what the preview panel shows; an unsupported command comes back as an
// error located in the YAML; a detection can run on other data files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { PREVIEW_REQUEST, type PreviewResult } from '../../server/src/lsp/protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

let ws: TestWorkspace;
let session: LspSession;

before(async () => {
  ws = createWorkspace();
  session = await LspSession.start({ rootUri: ws.rootUri, capabilities: VSCODE_LIKE_CAPABILITIES, settings: { splWorkbench: { diagnostics: { debounceMs: 0 } } } });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

test('the seed: header, 34 rows, 34 risk events with token parts, stages, dropped rows, drilldown, expanded search', async () => {
  const uri = ws.uri(SEED);
  await session.open(uri, 'yaml', ws.text(SEED), 1);
  const result = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  assert.equal(result.error, undefined);
  assert.equal(result.header.name, 'Cisco Isovalent - Shell Execution');
  assert.equal(result.header.events, 400);
  assert.deepEqual(result.columns, ['cluster_name', 'parent_process_name', 'process_name', 'process_exec', 'process_id', 'node_name', 'count']);
  assert.equal(result.totalRows, 34);
  assert.equal(result.risk.length, 34);
  const first = result.risk[0];
  assert.equal(first.parts.map((p) => p.text).join(''), first.message);
  assert.deepEqual(first.parts.filter((p) => p.token).map((p) => p.token), ['process_name', 'node_name']);
  assert.equal(first.severity, 'medium');
  assert.deepEqual(result.stages.map((s) => [s.command, s.rows_in, s.rows_out]), [['search', 400, 48], ['stats', 48, 34], ['search', 34, 34]]);
  assert.deepEqual(result.dropped.map((d) => [d.by_field, d.rows]), [['cluster_name', 5]]);
  // Drilldown: the engine tracked which events formed each row: 48 matched, 5 had no cluster_name.
  assert.equal(result.events.length, 43);
  assert.equal(result.eventsCapped, false);
  result.rowEvents.forEach((events, i) => {
    const row = result.rows[i];
    assert.equal(events.length, row.count, `row ${i + 1} drills down to its ${String(row.count)} events`);
    assert.equal(result.rowEventCounts[i], row.count);
    for (const e of events) for (const f of ['node_name', 'process_name', 'process_id']) assert.equal(String(result.events[e][f]), String(row[f]), `row ${i + 1}, event ${e}: ${f}`);
  });
  assert.equal(new Set(result.rowEvents.flat()).size, 43, 'each event formed one row');
  assert.ok(result.events.every((e) => typeof e._raw === 'string' && typeof e._time === 'number'), 'events carry _time and _raw');
  assert.deepEqual(result.expanded.filter((p) => p.macro).map((p) => p.macro), ['cisco_isovalent_process_exec', 'cisco_isovalent___shell_execution_filter']);
  assert.ok(result.expanded.map((p) => p.text).join('').startsWith('sourcetype=cisco:isovalent:processExec process_name IN'));
});

test('an engine error is located in the YAML', async () => {
  const uri = ws.uri(SEED);
  const text = ws.text(SEED).replace('| stats count by', '| transaction node_name | stats count by');
  await session.change(uri, 2, text);
  const result = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  assert.equal(result.error?.code, 'engine-unsupported-command');
  assert.equal(result.error?.line, text.split('\n').findIndex((l) => l.includes('transaction')));
  assert.equal(text.split('\n')[result.error?.line ?? 0].slice(result.error?.character ?? 0).startsWith('transaction'), true);
  assert.equal(result.rows.length, 0);
});

test('other data files and the scheduled window', async () => {
  const uri = ws.uri(SEED);
  await session.change(uri, 3, ws.text(SEED));
  const hostile = path.join(ws.root, 'data', 'hostile.log');
  const onHostile = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, dataFiles: [hostile] });
  assert.equal(onHostile.header.events, 10);
  assert.ok(onHostile.totalRows > 0);
  const scheduled = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, window: 'schedule' });
  assert.ok(scheduled.header.window, 'the header names the window');
  assert.ok(scheduled.totalRows <= 34);
});

test('splWorkbench.preview.rowLimit: rows beyond the limit are not sent, the total still is', async () => {
  const uri = ws.uri(SEED);
  await session.change(uri, 4, ws.text(SEED));
  await session.changeSettings({ splWorkbench: { diagnostics: { debounceMs: 0 }, preview: { rowLimit: 5 } } });
  const deadline = Date.now() + 10_000;
  let limited = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  while (limited.rows.length !== 5 && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    limited = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  }
  assert.equal(limited.rows.length, 5);
  assert.equal(limited.totalRows, 34);
  assert.equal(limited.risk.length, 5, 'risk events only for the rows sent');
  assert.equal(limited.rowEvents.length, 5);
  await session.changeSettings({ splWorkbench: { diagnostics: { debounceMs: 0 } } });
  let all = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  while (all.rows.length !== 34 && Date.now() < deadline) all = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  assert.equal(all.rows.length, 34);
});

test('chosen data as file URIs; the settings\' now places the scheduled window', async () => {
  const uri = ws.uri(SEED);
  await session.change(uri, 5, ws.text(SEED));
  const hostile = pathToFileURL(path.join(ws.root, 'data', 'hostile.log')).href;
  const chosen = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, dataFiles: [hostile] });
  assert.equal(chosen.header.data, 'chosen');
  assert.equal(chosen.header.events, 10);
  const tests = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri });
  assert.equal(tests.header.data, 'tests');
  // A "now" long after the sample data: the scheduled window holds no event.
  await session.changeSettings({ splWorkbench: { diagnostics: { debounceMs: 0 }, schedule: { now: '2030-01-01T00:00:00Z' } } });
  const deadline = Date.now() + 10_000;
  let later = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, window: 'schedule' });
  while (later.header.window?.now !== '2030-01-01T00:00:00Z' && Date.now() < deadline) later = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, window: 'schedule' });
  assert.equal(later.header.window?.now, '2030-01-01T00:00:00Z');
  assert.match(later.header.window?.note ?? '', /splWorkbench\.schedule\.now/);
  assert.equal(later.totalRows, 0);
  // The request's own now wins over the setting.
  const own = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, window: 'schedule', now: Date.parse('2031-06-01T12:00:00Z') / 1000 });
  assert.equal(own.header.window?.now, '2031-06-01T12:00:00Z');
  assert.match(own.header.window?.note ?? '', /the chosen now/);
  await session.changeSettings({ splWorkbench: { diagnostics: { debounceMs: 0 } } });
});

test('a now no date can hold is refused with a message, not an internal error', async () => {
  const uri = ws.uri(SEED);
  for (const now of [Number.NaN, 1e300, 'soon']) {
    const result = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, window: 'schedule', now });
    assert.equal(result.error?.code, 'engine-input', String(now));
    assert.match(result.error?.message ?? '', /now must be a time in epoch seconds/);
  }
});

test('progress on large data: $/progress begin, reports with rising percentages, end', async () => {
  const uri = ws.uri(SEED);
  await session.change(uri, 6, ws.text(SEED));
  const lines = ws.text('data/datasets/cisco_isovalent/cisco_isovalent.log').trimEnd();
  const big = path.join(ws.root, 'data', 'big.log');
  writeFileSync(big, `${Array.from({ length: 12 }, () => lines).join('\n')}\n`);
  const seen: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
  const token = 'preview-progress-test';
  const listener = session.connection.onProgress(WorkDoneProgress.type, token, (value) => seen.push(value));
  const result = await session.request<PreviewResult>(PREVIEW_REQUEST, { uri, dataFiles: [big], workDoneToken: token });
  await new Promise((resolve) => setTimeout(resolve, 50));
  listener.dispose();
  assert.equal(result.header.events, 4800);
  assert.equal(seen[0]?.kind, 'begin');
  assert.equal(seen.at(-1)?.kind, 'end');
  const reports = seen.filter((v): v is WorkDoneProgressReport => v.kind === 'report');
  assert.ok(reports.length >= 1, 'at least one report');
  const percentages = reports.map((r) => r.percentage ?? 0);
  assert.deepEqual([...percentages].sort((a, b) => a - b), percentages, 'percentages rise');
  assert.ok(percentages.every((p) => p >= 0 && p <= 99));
  assert.match(reports[0].message ?? '', /bytes|MB/);
});

test('a newer preview of the same detection cancels the one running: it answers null', async () => {
  const uri = ws.uri(SEED);
  const big = path.join(ws.root, 'data', 'big.log');
  const first = session.request<PreviewResult | null>(PREVIEW_REQUEST, { uri, dataFiles: [big, big, big, big] });
  const second = session.request<PreviewResult | null>(PREVIEW_REQUEST, { uri });
  const [a, b] = await Promise.all([first, second]);
  assert.equal(a, null);
  assert.equal(b?.totalRows, 34);
});
