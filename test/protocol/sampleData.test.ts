// Sample data over the protocol, on the real bundled server and a copy of samples/: once the
// background load is done (`splWorkbench/sampleDataStatus`), hover on a field of the seed lists
// the most frequent values of samples/data (the seed's test data, through contentctl.yml's
// test_data_caches), completion after `process_name=` offers them, and a risk message token shows
// its values in the seed's first result rows on that data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionList, Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, waitUntilIdle, type TestWorkspace, positionOf } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

interface SampleDataStatus {
  readonly loaded: boolean;
  readonly files: number;
  readonly events: number;
  readonly previews: number;
}

let ws: TestWorkspace;
let session: LspSession;

async function until<T>(what: string, get: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(async () => {
  ws = createWorkspace('');
  session = await LspSession.start({ rootUri: ws.rootUri, capabilities: VSCODE_LIKE_CAPABILITIES, settings: { splWorkbench: { diagnostics: { debounceMs: 50 } } } });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});


async function hoverText(uri: string, position: Position): Promise<string> {
  const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  return hover ? (hover.contents as MarkupContent).value : '';
}

test('the background load reads the seed test data; hover on process_name shows its top values', async () => {
  const status = await until('sample data loaded', () => session.request<SampleDataStatus>('splWorkbench/sampleDataStatus'), (s) => s.loaded);
  assert.ok(status.files >= 1, JSON.stringify(status));
  assert.ok(status.events >= 400, JSON.stringify(status));

  const text = ws.text(SEED);
  const uri = ws.uri(SEED);
  await session.open(uri, 'yaml', text);
  const markdown = await hoverText(uri, positionOf(text, '` process_name IN', 5));
  assert.match(markdown, /^\*\*process_name\*\* — field/);
  // samples/data/datasets/cisco_isovalent/cisco_isovalent.log: 400 events, process_name is the
  // basename of process_exec.process.binary.
  assert.ok(
    markdown.includes(
      'Most frequent values in the sample data (400 of 400 events of cisco_isovalent.log have `process_name`):\n- `curl` — 79\n- `node` — 49\n- `kubectl` — 29\n- `python3` — 28\n- `ps` — 26',
    ),
    markdown,
  );
  await session.close(uri);
});

test('completion after process_name= in a .spl file of the root offers the values of the data', async () => {
  await until('sample data loaded', () => session.request<SampleDataStatus>('splWorkbench/sampleDataStatus'), (s) => s.loaded);
  const uri = ws.uri('searches/values.spl');
  const text = 'sourcetype="cisco:isovalent:processExec" process_name=';
  await session.open(uri, 'spl', text);
  const list = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
  assert.deepEqual(list.items.slice(0, 3).map((i) => [i.label, i.detail, i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : undefined]), [
    ['curl', '79 of 400 sample events (cisco_isovalent.log)', 'curl'],
    ['node', '49 of 400 sample events (cisco_isovalent.log)', 'node'],
    ['kubectl', '29 of 400 sample events (cisco_isovalent.log)', 'kubectl'],
  ]);
  const inList = 'sourcetype="cisco:isovalent:processExec" process_name IN ("curl", ';
  await session.change(uri, 2, inList);
  const values = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: inList.length } });
  assert.deepEqual(values.items.slice(0, 2).map((i) => i.label), ['node', 'kubectl']);
  assert.equal(values.items[0].textEdit && 'newText' in values.items[0].textEdit ? values.items[0].textEdit.newText : undefined, '"node"');
  await session.close(uri);
});

test('hover on $node_name$ of the risk message shows its values in the first preview rows', async () => {
  const text = ws.text(SEED);
  const uri = ws.uri(SEED);
  await session.open(uri, 'yaml', text);
  const at = positionOf(text, '[$node_name$]', 3);
  // The preview runs in the background after the open; the hover says so until it is there.
  const markdown = await until('the preview', () => hoverText(uri, at), (m) => !m.includes('Values are not shown'));
  assert.match(markdown, /Values in the first \d+ preview rows? \(of \d+ on the test data\): `[^`]+`/);
  await session.close(uri);
});
