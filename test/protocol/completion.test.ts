// Completion over the protocol: the bundled server on a copy of samples/, the seed detection
// open as in an editor. Checks the capability, what `| ` offers in the search, a YAML value, the
// edit an item makes, and the latency of 100 requests (p95 reported).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

let ws: TestWorkspace;
let session: LspSession;
let seedUri: string;
let seedText: string;

before(async () => {
  ws = createWorkspace();
  session = await LspSession.start({ rootUri: ws.rootUri, capabilities: VSCODE_LIKE_CAPABILITIES });
  await waitUntilIdle(session);
  seedUri = ws.uri(SEED);
  seedText = ws.text(SEED);
  await session.open(seedUri, 'yaml', seedText, 1);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

/** The 0-based position just after the first occurrence of `marker` in the seed. */
function after_(marker: string): { line: number; character: number } {
  const at = seedText.indexOf(marker);
  assert.ok(at >= 0, `${marker} not in the seed`);
  const before = seedText.slice(0, at + marker.length).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

async function complete(position: { line: number; character: number }): Promise<CompletionItem[]> {
  const result = await session.connection.sendRequest<CompletionList | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri: seedUri },
    position,
  });
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

test('initialize advertises completion with its trigger characters', () => {
  const provider = session.initializeResult.capabilities.completionProvider;
  assert.ok(provider);
  assert.deepEqual(provider.triggerCharacters, ['|', '`', '=', '(', ' ', ',']);
});

test('after `| ` in the seed search: `stats`, with its summary and an edit at the cursor', async () => {
  const position = after_('\n  | ');
  const items = await complete(position);
  const stats = items.find((i) => i.label === 'stats');
  assert.ok(stats, `no stats among ${items.length} items`);
  assert.equal(stats.detail, 'Aggregate rows into one row per group.');
  assert.deepEqual(stats.textEdit, { range: { start: position, end: position }, newText: 'stats' });
});

test('after a backtick: the macros, with the detection filter first and arguments as a snippet', async () => {
  // The position just after the opening backtick of the filter macro call.
  const items = await complete(after_('| `'));
  assert.equal(items[0]?.label, 'cisco_isovalent___shell_execution_filter');
  const ctime = items.find((i) => i.label === 'security_content_ctime(1)');
  assert.equal(ctime?.insertTextFormat, 2);
  // The item replaces the name already written; the call's closing backtick is kept, none added.
  const start = after_('| `');
  const name = 'cisco_isovalent___shell_execution_filter';
  assert.deepEqual(ctime?.textEdit, {
    range: { start, end: { line: start.line, character: start.character + name.length } },
    newText: 'security_content_ctime(${1:field})',
  });
});

test('in the YAML: `type: ` offers the four detection types', async () => {
  const line = seedText.split('\n').findIndex((l) => l.startsWith('type: '));
  const items = await complete({ line, character: 'type: '.length });
  assert.deepEqual(items.map((i) => i.label), ['TTP', 'Anomaly', 'Hunting', 'Correlation']);
});

test('latency: 100 completions after `| ` (p95 reported)', async (t) => {
  const position = after_('\n  | ');
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    const items = await complete(position);
    times.push(performance.now() - start);
    assert.ok(items.length > 100);
  }
  times.sort((a, b) => a - b);
  const p95 = times[94];
  t.diagnostic(`completion after \`| \`: p50 ${times[49].toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over 100 requests`);
  assert.ok(p95 < 200, `p95 ${p95.toFixed(1)} ms`);
});
