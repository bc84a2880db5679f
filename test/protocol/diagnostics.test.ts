// Diagnostics as the user types, over the protocol: the bundled server on a copy of samples/
// (plus test/fixtures/lsp/workspace), driven like an editor. Each test continues from the state
// the previous one left (one server, one workspace), so they run in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, expected, textAt, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const DEBOUNCE_MS = 200;
const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';
const MACRO = 'macros/cisco_isovalent_process_exec.yml';
const DISK_BROKEN = 'detections/endpoint/disk_broken_search.yml';

let ws: TestWorkspace;
let session: LspSession;

before(async () => {
  ws = createWorkspace();
  session = await LspSession.start({
    rootUri: ws.rootUri,
    capabilities: VSCODE_LIKE_CAPABILITIES,
    settings: { splWorkbench: { diagnostics: { debounceMs: DEBOUNCE_MS } } },
  });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

/** Publications for `uri` received after the `from`-th one. */
function publishedSince(from: number, uri: string) {
  return session.received.slice(from).filter((r) => r.params.uri === uri);
}

test('the seed detection opened: published at once, with no diagnostics', async () => {
  const uri = ws.uri(SEED);
  await session.open(uri, 'yaml', ws.text(SEED), 1);
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(published.diagnostics, []);
});

test('a macro name broken in three quick edits: one publication after the debounce, with "did you mean"', async (t) => {
  const uri = ws.uri(SEED);
  // Line 11 is "  `cisco_isovalent_process_exec` process_name IN (...)"; the name's last "c" is 30..31.
  const from = session.received.length;
  await session.edit(uri, 2, { start: { line: 11, character: 30 }, end: { line: 11, character: 31 } }, '');
  await session.edit(uri, 3, { start: { line: 11, character: 30 }, end: { line: 11, character: 30 } }, 'z');
  await session.edit(uri, 4, { start: { line: 11, character: 30 }, end: { line: 11, character: 31 } }, '');
  const lastEditAt = performance.now();
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 4);
  const arrivals = publishedSince(from, uri);
  assert.equal(arrivals.length, 1, 'the superseded versions 2 and 3 were never published');
  const latency = arrivals[0].at - lastEditAt;
  t.diagnostic(`last didChange -> publishDiagnostics: ${latency.toFixed(1)} ms (debounce ${DEBOUNCE_MS} ms)`);
  assert.ok(latency >= DEBOUNCE_MS - 5, `published ${latency.toFixed(1)} ms after the last edit, before the debounce ran out`);
  assert.deepEqual(published.diagnostics, [
    expected([11, 2, 11, 31], 1, 'macro-unknown', 'Unknown macro `cisco_isovalent_process_exe`; did you mean `cisco_isovalent_process_exec`?'),
  ]);
});

test('fixing the name clears the diagnostics', async () => {
  const uri = ws.uri(SEED);
  await session.edit(uri, 5, { start: { line: 11, character: 30 }, end: { line: 11, character: 30 } }, 'c');
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 5);
  assert.deepEqual(published.diagnostics, []);
});

test('an error inside a macro body: at each call site, with related information in the macro file', async () => {
  const seedUri = ws.uri(SEED);
  const macroUri = ws.uri(MACRO);
  const original = ws.text(MACRO);
  await session.open(macroUri, 'yaml', original, 1);
  assert.deepEqual((await session.waitForDiagnostics(macroUri, (p) => p.version === 1)).diagnostics, []);

  const broken = original.replace('definition: sourcetype=cisco:isovalent:processExec', 'definition: sourcetype=cisco:isovalent:processExec | eval x=1 | | eval y=2');
  assert.notEqual(broken, original);
  await session.change(macroUri, 2, broken);
  const message = 'two pipes in a row: a command is missing between them';
  const atCallSite = (range: [number, number, number, number]) =>
    expected(range, 1, 'macro-in-body', `In the expansion of \`cisco_isovalent_process_exec\`: ${message}`, [
      { location: { uri: macroUri, range: { start: { line: 1, character: 62 }, end: { line: 1, character: 65 } } }, message },
    ]);

  // The open detection that calls the macro...
  const seed = await session.waitForDiagnostics(seedUri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(seed.diagnostics, [atCallSite([11, 2, 11, 32])]);
  assert.equal(textAt(ws.text(SEED), seed.diagnostics[0].range), '`cisco_isovalent_process_exec`');
  assert.equal(textAt(broken, seed.diagnostics[0].relatedInformation![0].location.range), '| |');
  // ...and one nobody opened (the search is a single-quoted scalar on line 10).
  const disk = await session.waitForDiagnostics(ws.uri(DISK_BROKEN), (p) => p.diagnostics.some((d) => d.code === 'macro-in-body'));
  assert.deepEqual(disk.diagnostics, [
    atCallSite([10, 9, 10, 39]),
    expected([10, 54, 10, 56], 1, 'spl-syntax', "expected at least one field after 'by'"),
  ]);

  await session.change(macroUri, 3, original);
  assert.deepEqual((await session.waitForDiagnostics(seedUri, (p) => p.diagnostics.length === 0)).diagnostics, []);
  const restored = await session.waitForDiagnostics(ws.uri(DISK_BROKEN), (p) => p.diagnostics.length === 1);
  assert.deepEqual(restored.diagnostics, [expected([10, 54, 10, 56], 1, 'spl-syntax', "expected at least one field after 'by'")]);
});

test('a .spl document is checked with the macro table of its content root', async () => {
  const uri = ws.uri('searches/hunt.spl'); // not on disk: an editor buffer inside the root
  await session.open(uri, 'spl', '`cisco_isovalent_process_exec` | stats count by process_name\n', 1);
  assert.deepEqual((await session.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics, []);
  await session.change(uri, 2, '`cisco_isovalent_proces_exec` | stats count by process_name\n');
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 2);
  assert.deepEqual(published.diagnostics, [
    expected([0, 0, 0, 29], 1, 'macro-unknown', 'Unknown macro `cisco_isovalent_proces_exec`; did you mean `cisco_isovalent_process_exec`?'),
  ]);
});

test('a YAML syntax error is located, and the server goes on', async () => {
  const uri = ws.uri('detections/endpoint/yaml_broken.yml');
  await session.open(uri, 'yaml', 'name: Broken\nsearch: [unclosed\nid: x\n', 1);
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(published.diagnostics, [
    expected([2, 0, 2, 1], 1, 'yaml-syntax', 'Flow sequence in block collection must be sufficiently indented and end with a ]'),
  ]);
});

test('closing an edited document: the disk version takes over', async () => {
  const uri = ws.uri(SEED);
  await session.change(uri, 6, ws.text(SEED).replace('`cisco_isovalent_process_exec`', '`cisco_isovalent_process_exe`'));
  assert.equal((await session.waitForDiagnostics(uri, (p) => p.version === 6)).diagnostics.length, 1);
  await session.close(uri);
  const published = await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  assert.equal(published.version, undefined, 'a closed document has no version');
});

test('the server still answers the status request after all of it', async () => {
  const status = await waitUntilIdle(session);
  assert.equal(status.name, 'spl-workbench-language-server');
  assert.deepEqual(status.contentRoots, [ws.root]);
  assert.deepEqual([...status.openDocuments].sort(), [ws.uri('detections/endpoint/yaml_broken.yml'), ws.uri(MACRO), ws.uri('searches/hunt.spl')].sort());
});
