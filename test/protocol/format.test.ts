// Formatting over the protocol: the bundled server formats a `.spl` file and a detection (its
// search and drilldown searches become literal blocks), and range formatting touches only the SPL
// values in the range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';
const SPL = 'searches/disk_hunt.spl';
const OPTIONS = { tabSize: 2, insertSpaces: true };

let ws: TestWorkspace;
let session: LspSession;

before(async () => {
  ws = createWorkspace();
  session = await LspSession.start({ rootUri: ws.rootUri, capabilities: VSCODE_LIKE_CAPABILITIES });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

function applied(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), [...edits]);
}

test('formatting and range formatting are advertised', () => {
  const capabilities = session.initializeResult.capabilities;
  assert.equal(capabilities.documentFormattingProvider, true);
  assert.equal(capabilities.documentRangeFormattingProvider, true);
});

test('a .spl file: one stage per line, the final newline kept', async () => {
  const uri = ws.uri(SPL);
  await session.open(uri, 'spl', ws.text(SPL), 1);
  const edits = await session.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: OPTIONS });
  assert.equal(applied(ws.text(SPL), edits), '`cisco_isovalent_process_exec`\n| stats count by process_name\n| `no_such_macro`\n');
});

const FORMATTED_SEARCH = [
  'search: |-',
  '  `cisco_isovalent_process_exec` process_name IN ("sh", "ksh", "zsh", "bash", "dash", "rbash", "fish", "csh", "tcsh", "ion", "eshell")',
  '  | stats count by cluster_name parent_process_name process_name process_exec process_id node_name',
  '  | `cisco_isovalent___shell_execution_filter`',
  'how_to_implement:',
].join('\n');

const FORMATTED_FIRST_DRILLDOWN = [
  '- name: View the detection results for - "$node_name$"',
  '  search: |-',
  '    %original_detection_search%',
  '    | search node_name = "$node_name$"',
  '  earliest_offset: $info_min_time$',
].join('\n');

test('a detection: the search and both drilldown searches become literal blocks, the rest unchanged', async () => {
  const uri = ws.uri(SEED);
  const original = ws.text(SEED);
  await session.open(uri, 'yaml', original, 1);
  const edits = await session.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: OPTIONS });
  assert.equal(edits.length, 3);
  const formatted = applied(original, edits);
  assert.ok(formatted.includes(FORMATTED_SEARCH), formatted);
  assert.ok(formatted.includes(FORMATTED_FIRST_DRILLDOWN), formatted);
  assert.ok(formatted.includes('    | `security_content_ctime(lastTime)`\n  earliest_offset: 7d\n'), formatted);
  // Outside the SPL values nothing moved.
  const outside = (text: string) => text.replace(/search: [\s\S]*?\n(?=\S|\s+earliest_offset)/g, '');
  assert.equal(outside(formatted), outside(original));
});

test('range formatting inside the first drilldown search rewrites that search only', async () => {
  const uri = ws.uri(SEED);
  const original = ws.text(SEED);
  const line = original.split('\n').findIndex((l) => l.includes("search: '%original_detection_search%"));
  const range = { start: { line, character: 15 }, end: { line, character: 20 } };
  const edits = await session.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range, options: OPTIONS });
  assert.equal(edits.length, 1);
  assert.equal(edits[0].range.start.line, line);
  const formatted = applied(original, edits);
  assert.ok(formatted.includes(FORMATTED_FIRST_DRILLDOWN));
  assert.ok(formatted.includes('search: |\n  `cisco_isovalent_process_exec`'), 'the main search is untouched');
});
