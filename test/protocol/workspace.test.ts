// The workspace as a whole, over the protocol: files nobody opened are checked after indexing,
// cross-file rules, silencing through the settings, changes on disk reported by the client's
// file watcher, and a document opened from a content root outside the workspace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, expected, textAt, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const CRON = 'detections/endpoint/cisco_isovalent___cron_job_created_in_container.yml';
const DUPLICATE = 'detections/endpoint/duplicate_id.yml';
const DISK_BROKEN = 'detections/endpoint/disk_broken_search.yml';
const ORPHAN = 'stories/orphan_story.yml';
const STORY = 'stories/cisco_isovalent_suspicious_activity.yml';
const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';
const MISNAMED = 'macros/misnamed_macro.yml';
const DISK_SPL = 'searches/disk_hunt.spl';

const ORPHAN_DIAGNOSTIC = expected([0, 6, 0, 18], 3, 'content-unreferenced-story', 'No detection lists the analytic story "Orphan Story" in analytic_story.');

let ws: TestWorkspace;
let session: LspSession;
let indexingMs = 0;

before(async () => {
  ws = createWorkspace();
  const started = performance.now();
  session = await LspSession.start({
    rootUri: ws.rootUri,
    capabilities: VSCODE_LIKE_CAPABILITIES,
    settings: { splWorkbench: { diagnostics: { debounceMs: 50, silence: [] } } },
  });
  await waitUntilIdle(session);
  indexingMs = performance.now() - started;
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

/** The latest non-empty publication per workspace-relative path. */
function nonEmpty(): Map<string, unknown[]> {
  const latest = new Map<string, unknown[]>();
  for (const { params } of session.received) latest.set(params.uri, params.diagnostics);
  const out = new Map<string, unknown[]>();
  for (const [uri, diagnostics] of latest) if (diagnostics.length) out.set(uri.slice(ws.rootUri.length + 1), diagnostics);
  return out;
}

test('the server registers its file watchers and the configuration notification', () => {
  const byMethod = new Map(session.registrations.map((r) => [r.method, r.registerOptions]));
  assert.deepEqual(byMethod.get('workspace/didChangeWatchedFiles'), {
    watchers: [{ globPattern: '**/*.{yml,yaml,spl,conf,csv}' }, { globPattern: '**/*', kind: 4 /* delete */ }],
  });
  assert.deepEqual(byMethod.get('workspace/didChangeConfiguration'), { section: 'splWorkbench' });
});

test('after indexing, every file with something to say is published, none of them open', async (t) => {
  t.diagnostic(`initialize -> indexed and idle: ${indexingMs.toFixed(0)} ms`);
  const status = await waitUntilIdle(session);
  assert.deepEqual(status.contentRoots, [ws.root]);
  assert.deepEqual(status.openDocuments, []);
  const published = nonEmpty();
  assert.deepEqual([...published.keys()].sort(), [
    CRON,
    'detections/endpoint/cisco_isovalent___curl_or_wget_without_tls_verification.yml',
    'detections/endpoint/cisco_isovalent___workload_image_outside_allowed_registries.yml',
    DISK_BROKEN,
    DUPLICATE,
    MISNAMED,
    DISK_SPL,
    ORPHAN,
  ]);
  assert.deepEqual(published.get(DISK_BROKEN), [expected([10, 54, 10, 56], 1, 'spl-syntax', "expected at least one field after 'by'")]);
  // Samples whose filter macro has no file (information, as `check` reports it).
  assert.deepEqual(published.get('detections/endpoint/cisco_isovalent___workload_image_outside_allowed_registries.yml'), [
    expected(
      [14, 4, 14, 72],
      3,
      'macro-filter-missing',
      'No file defines `cisco_isovalent___workload_image_outside_allowed_registries_filter`; it expands to `search *`.',
    ),
  ]);
});

test('a duplicate id across two files: both report it, each naming the other', () => {
  const published = nonEmpty();
  assert.deepEqual(published.get(DUPLICATE), [
    expected([1, 4, 1, 40], 1, 'content-duplicate', 'Another file has the same id: cisco_isovalent___cron_job_created_in_container.yml.'),
  ]);
  assert.deepEqual(published.get(CRON), [expected([1, 4, 1, 40], 1, 'content-duplicate', 'Another file has the same id: duplicate_id.yml.')]);
  assert.equal(textAt(ws.text(CRON), { start: { line: 1, character: 4 }, end: { line: 1, character: 40 } }), '8ca5ddf3-7476-4a20-949a-6a6c6b4d6975');
});

test('a story nothing references is information, on its name', () => {
  assert.deepEqual(nonEmpty().get(ORPHAN), [ORPHAN_DIAGNOSTIC]);
});

test('a macro file whose name does not match its file: a warning on the name', () => {
  assert.deepEqual(nonEmpty().get(MISNAMED), [
    expected([0, 6, 0, 19], 2, 'content-macro-name-mismatch', 'The macro is named "renamed_macro" but its file is misnamed_macro.yml.'),
  ]);
});

test('a .spl file of the workspace is checked with the macros of its content root, unopened', () => {
  // `cisco_isovalent_process_exec` resolves; `no_such_macro` (63..78) does not.
  assert.deepEqual(nonEmpty().get(DISK_SPL), [expected([0, 63, 0, 78], 1, 'macro-unknown', 'Unknown macro `no_such_macro`.')]);
  assert.equal(textAt(ws.text(DISK_SPL), { start: { line: 0, character: 63 }, end: { line: 0, character: 78 } }), '`no_such_macro`');
});

test('silencing a code in the settings withdraws it; lifting the silence brings it back', async () => {
  const uri = ws.uri(ORPHAN);
  await session.changeSettings({ splWorkbench: { diagnostics: { debounceMs: 50, silence: ['content-unreferenced-story'] } } });
  assert.deepEqual((await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0)).diagnostics, []);
  assert.equal(nonEmpty().get(CRON)?.length, 1, 'other codes stay');
  await session.changeSettings({ splWorkbench: { diagnostics: { debounceMs: 50, silence: [] } } });
  assert.deepEqual((await session.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0)).diagnostics, [ORPHAN_DIAGNOSTIC]);
});

test('a story renamed on disk: the detections that list it are checked again, unopened', async () => {
  const original = ws.text(STORY);
  const renamed = original.replace('name: Cisco Isovalent Suspicious Activity', 'name: Cisco Isovalent Renamed Activity');
  writeFileSync(ws.path(STORY), renamed);
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(STORY), type: 2 }] });
  const seed = await session.waitForDiagnostics(ws.uri(SEED), (p) => p.diagnostics.length > 0);
  // tags.analytic_story[0] of the seed, line 38.
  assert.deepEqual(seed.diagnostics, [
    expected([38, 4, 38, 39], 1, 'content-unknown-story', 'No analytic story is named "Cisco Isovalent Suspicious Activity".'),
  ]);
  assert.equal(textAt(ws.text(SEED), seed.diagnostics[0].range), 'Cisco Isovalent Suspicious Activity');
  const story = await session.waitForDiagnostics(ws.uri(STORY), (p) => p.diagnostics.length > 0);
  assert.deepEqual(story.diagnostics, [
    expected([0, 6, 0, 38], 3, 'content-unreferenced-story', 'No detection lists the analytic story "Cisco Isovalent Renamed Activity" in analytic_story.'),
  ]);

  writeFileSync(ws.path(STORY), original);
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(STORY), type: 2 }] });
  await session.waitForDiagnostics(ws.uri(SEED), (p) => p.diagnostics.length === 0);
  await session.waitForDiagnostics(ws.uri(STORY), (p) => p.diagnostics.length === 0);
});

test('a detection created on disk is checked; deleting it clears its diagnostics', async () => {
  const relative = 'detections/endpoint/created_later.yml';
  const text = ws
    .text(DISK_BROKEN)
    .replace('name: Disk Broken Search', 'name: Created Later')
    .replace('id: 22222222-2222-4222-8222-222222222222', 'id: 44444444-4444-4444-8444-444444444444')
    .replace('| stats count by |', '| nosuchcommand |')
    .replace('`disk_broken_search_filter`', '`created_later_filter`');
  writeFileSync(ws.path(relative), text);
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(relative), type: 1 }] });
  const created = await session.waitForDiagnostics(ws.uri(relative), (p) => p.diagnostics.length > 0);
  assert.deepEqual(created.diagnostics, [
    expected([10, 42, 10, 55], 2, 'spl-unknown-command', "unknown command 'nosuchcommand'; a Splunk app may provide it"),
    expected([10, 58, 10, 80], 3, 'macro-filter-missing', 'No file defines `created_later_filter`; it expands to `search *`.'),
  ]);
  assert.deepEqual(
    created.diagnostics.map((d) => textAt(text, d.range)),
    ['nosuchcommand', '`created_later_filter`'],
  );

  rmSync(ws.path(relative));
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(relative), type: 3 }] });
  assert.deepEqual((await session.waitForDiagnostics(ws.uri(relative), (p) => p.diagnostics.length === 0)).diagnostics, []);
});

test('a detection opened from a content root outside the workspace is checked against that root', async () => {
  const elsewhere = createWorkspace('');
  try {
    const uri = elsewhere.uri(SEED);
    const text = elsewhere.text(SEED);
    await session.open(uri, 'yaml', text.replace('`cisco_isovalent_process_exec`', '`cisco_isovalent_process_exe`'), 1);
    // The suggestion comes from the other root's macros; nothing else of that root is published.
    const published = await session.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(published.diagnostics, [
      expected([11, 2, 11, 31], 1, 'macro-unknown', 'Unknown macro `cisco_isovalent_process_exe`; did you mean `cisco_isovalent_process_exec`?'),
    ]);
    await session.close(uri);
    assert.deepEqual((await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0)).diagnostics, []);
    await waitUntilIdle(session);
    const outside = session.received.filter((r) => r.params.uri.startsWith(elsewhere.rootUri) && r.params.uri !== uri);
    assert.deepEqual(outside, [], 'files of a root outside the workspace are not published');
    assert.deepEqual((await waitUntilIdle(session)).contentRoots, [ws.root]);
  } finally {
    elsewhere.remove();
  }
});

test('typing in a detection: an edit that keeps names and ids leaves cross-file findings alone; one that copies an id creates the finding on both files', async () => {
  const seedUri = ws.uri(SEED);
  const original = ws.text(SEED);
  await session.open(seedUri, 'yaml', original);
  await waitUntilIdle(session);
  // A description edit: the duplicate pair elsewhere keeps its findings.
  const described = original.replace('description: The following analytic', 'description: This analytic');
  await session.change(seedUri, 2, described);
  await waitUntilIdle(session);
  assert.equal(nonEmpty().get(CRON)?.length, 1);
  assert.equal(nonEmpty().get(SEED), undefined);
  // The seed takes the cron detection's id: both now name each other... and the duplicate file.
  const cronId = '8ca5ddf3-7476-4a20-949a-6a6c6b4d6975';
  const copied = described.replace(/^id: .*$/m, `id: ${cronId}`);
  await session.change(seedUri, 3, copied);
  await waitUntilIdle(session);
  const seedFindings = (nonEmpty().get(SEED) ?? []) as { code: string }[];
  assert.ok(seedFindings.some((d) => d.code === 'content-duplicate'), JSON.stringify(seedFindings));
  const cronFindings = (nonEmpty().get(CRON) ?? []) as { message: string }[];
  assert.ok(cronFindings.some((d) => d.message.includes('cisco_isovalent___shell_execution.yml')), JSON.stringify(cronFindings));
  // Back to the original: the seed is clean again and the cron detection keeps one finding.
  await session.change(seedUri, 4, original);
  await waitUntilIdle(session);
  assert.equal(nonEmpty().get(SEED), undefined);
  assert.equal(nonEmpty().get(CRON)?.length, 1);
});
