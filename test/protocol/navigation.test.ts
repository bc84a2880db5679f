// The navigation capabilities through the bundled server, on a copy of the samples: definition,
// references, rename (with its refusals), document and workspace symbols, folding ranges,
// semantic tokens and document highlights. The exact results of each feature are the unit
// fixtures' business (test/fixtures/ide/navigation); this checks the wiring and the conversion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type {
  DocumentHighlight,
  DocumentSymbol,
  FoldingRange,
  Location,
  Range,
  SemanticTokens,
  SymbolInformation,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, textAt, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';
const PROCESS_EXEC = 'macros/cisco_isovalent_process_exec.yml';
const CTIME = 'macros/security_content_ctime.yml';

let ws: TestWorkspace;
let session: LspSession;

before(async () => {
  ws = createWorkspace('');
  session = await LspSession.start({
    rootUri: ws.rootUri,
    capabilities: {
      ...VSCODE_LIKE_CAPABILITIES,
      workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } },
    },
    settings: { splWorkbench: { diagnostics: { debounceMs: 50, silence: [] } } },
  });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

const seed = () => ({ textDocument: { uri: ws.uri(SEED) } });

test('initialize advertises the navigation capabilities', () => {
  const c = session.initializeResult.capabilities;
  assert.equal(c.definitionProvider, true);
  assert.equal(c.referencesProvider, true);
  assert.deepEqual(c.renameProvider, { prepareProvider: true });
  assert.ok(c.documentSymbolProvider);
  assert.equal(c.workspaceSymbolProvider, true);
  assert.equal(c.foldingRangeProvider, true);
  assert.equal(c.documentHighlightProvider, true);
  assert.deepEqual(c.semanticTokensProvider, {
    legend: { tokenTypes: ['keyword', 'function', 'macro', 'variable', 'property', 'string', 'number', 'operator', 'comment'], tokenModifiers: [] },
    full: true,
  });
});

test('definition of `cisco_isovalent_process_exec` in the seed is the name in the macro file', async () => {
  const locations = await session.request<Location[]>('textDocument/definition', { ...seed(), position: { line: 11, character: 10 } });
  assert.deepEqual(locations, [{ uri: ws.uri(PROCESS_EXEC), range: range(0, 6, 0, 34) }]);
  // Nothing to go to from a field.
  assert.equal(await session.request('textDocument/definition', { ...seed(), position: { line: 12, character: 92 } }), null);
});

test('references of `cisco_isovalent_process_exec`: its declaration and the call of every sample detection', async () => {
  const locations = await session.request<Location[]>('textDocument/references', {
    ...seed(),
    position: { line: 11, character: 10 },
    context: { includeDeclaration: true },
  });
  assert.equal(locations.length, 6);
  assert.deepEqual(locations[0], { uri: ws.uri(PROCESS_EXEC), range: range(0, 6, 0, 34) });
  for (const location of locations.slice(1)) {
    const relative = location.uri.slice(ws.rootUri.length + 1);
    assert.equal(textAt(ws.text(decodeURIComponent(relative)), location.range), 'cisco_isovalent_process_exec');
  }
});

test('rename `security_content_ctime`: prepared on the call, then its file name value and every call', async () => {
  const position = { line: 24, character: 265 };
  const prepared = await session.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { ...seed(), position });
  assert.deepEqual(prepared, { range: range(24, 259, 24, 281), placeholder: 'security_content_ctime' });
  const edit = await session.request<WorkspaceEdit>('textDocument/rename', { ...seed(), position, newName: 'security_content_iso_time' });
  // The feature context carries no client capabilities yet, so the edit is plain `changes`.
  const changes = edit.changes ?? Object.fromEntries((edit.documentChanges as TextDocumentEdit[]).filter((c) => 'edits' in c).map((c) => [c.textDocument.uri, c.edits]));
  const counts = Object.fromEntries(Object.entries(changes).map(([uri, edits]) => [uri.slice(ws.rootUri.length + 1), edits.length]));
  assert.deepEqual(counts, {
    [CTIME]: 1,
    'detections/endpoint/cisco_isovalent___cron_job_created_in_container.yml': 2,
    'detections/endpoint/cisco_isovalent___curl_or_wget_without_tls_verification.yml': 4,
    'detections/endpoint/cisco_isovalent___host_namespace_entry_with_nsenter.yml': 2,
    [SEED]: 2,
    'detections/endpoint/cisco_isovalent___workload_image_outside_allowed_registries.yml': 4,
  });
  assert.deepEqual(changes[ws.uri(CTIME)], [{ range: range(0, 6, 0, 28), newText: 'security_content_iso_time' }]);
});

test('a rename onto an existing macro of the same arity, or to an invalid name, is refused with a message', async () => {
  const position = { line: 11, character: 10 };
  await assert.rejects(session.request('textDocument/rename', { ...seed(), position, newName: 'cisco_isovalent_allowed_images' }), {
    message: 'A macro `cisco_isovalent_allowed_images` with no arguments is already defined in cisco_isovalent_allowed_images.yml.',
  });
  await assert.rejects(session.request('textDocument/rename', { ...seed(), position, newName: 'two words' }), /is not a valid macro name/);
  await assert.rejects(session.request('textDocument/prepareRename', { ...seed(), position: { line: 9, character: 10 } }), {
    message: 'Only macros can be renamed, not a data source.',
  });
});

test('document symbols of the seed: the detection, its search stages and drilldowns', async () => {
  const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', seed());
  assert.equal(symbols.length, 1);
  assert.equal(symbols[0].name, 'Cisco Isovalent - Shell Execution');
  const [search, drilldowns] = symbols[0].children ?? [];
  assert.equal(search.name, 'search');
  assert.deepEqual(search.children?.map((s) => s.name), ['search', 'stats', '`cisco_isovalent___shell_execution_filter`']);
  assert.deepEqual(search.children?.[1].selectionRange, range(12, 4, 12, 9));
  assert.equal(drilldowns.children?.length, 2);
});

test('workspace symbols filter by the query', async () => {
  const symbols = await session.request<SymbolInformation[]>('workspace/symbol', { query: 'shell' });
  assert.deepEqual(
    symbols.map((s) => [s.name, s.location.uri.slice(ws.rootUri.length + 1), s.location.range]),
    [
      ['Cisco Isovalent - Shell Execution', SEED, range(0, 6, 0, 39)],
      ['cisco_isovalent___shell_execution_filter', 'macros/cisco_isovalent___shell_execution_filter.yml', range(0, 6, 0, 46)],
    ],
  );
});

test('folding ranges of the seed include the search block, drilldown_searches, rba, tags and tests', async () => {
  const ranges = await session.request<FoldingRange[]>('textDocument/foldingRange', seed());
  const lines = ranges.map((r) => [r.startLine, r.endLine]);
  for (const block of [[10, 13], [18, 26], [27, 35], [36, 46], [47, 52]]) assert.ok(lines.some((l) => l[0] === block[0] && l[1] === block[1]), `no fold ${block.join('-')}`);
});

test('semantic tokens decode to the seed search line tokens', async () => {
  const tokens = await session.request<SemanticTokens>('textDocument/semanticTokens/full', seed());
  const types = session.initializeResult.capabilities.semanticTokensProvider?.legend.tokenTypes ?? [];
  const decoded: [number, number, number, string][] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type] = tokens.data.slice(i, i + 4);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    decoded.push([line, character, length, types[type]]);
  }
  assert.deepEqual(decoded.filter((t) => t[0] === 12), [
    [12, 4, 5, 'keyword'],
    [12, 10, 5, 'function'],
    [12, 16, 2, 'keyword'],
    [12, 19, 12, 'variable'],
    [12, 32, 19, 'variable'],
    [12, 52, 12, 'variable'],
    [12, 65, 12, 'variable'],
    [12, 78, 10, 'variable'],
    [12, 89, 9, 'variable'],
  ]);
  assert.deepEqual(decoded.filter((t) => t[0] === 11).slice(0, 3), [
    [11, 2, 30, 'macro'],
    [11, 33, 12, 'variable'],
    [11, 46, 2, 'operator'],
  ]);
});

test('highlights of `node_name` in the seed: the by-field, the risk object and the message token', async () => {
  const highlights = await session.request<DocumentHighlight[]>('textDocument/documentHighlight', { ...seed(), position: { line: 12, character: 92 } });
  assert.deepEqual(highlights, [
    { range: range(12, 89, 12, 98), kind: 2 },
    { range: range(28, 80, 28, 89), kind: 1 },
    { range: range(30, 11, 30, 20), kind: 1 },
  ]);
});

test('a broken document still answers every request', async () => {
  const uri = ws.uri('detections/endpoint/broken.yml');
  await session.open(uri, 'yaml', 'name: Broken\nsearch: |\n  `unterminated | stats count by\n  | eval x=(\ndrilldown_searches: [\n');
  const position = { line: 2, character: 5 };
  // An unterminated call runs to the end of the line and names no macro.
  assert.equal(await session.request('textDocument/definition', { textDocument: { uri }, position }), null);
  assert.equal(await session.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }), null);
  assert.equal(await session.request('textDocument/prepareRename', { textDocument: { uri }, position }), null);
  assert.ok(Array.isArray(await session.request('textDocument/documentSymbol', { textDocument: { uri } })));
  assert.ok(Array.isArray(await session.request('textDocument/foldingRange', { textDocument: { uri } })));
  assert.ok(Array.isArray((await session.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data));
  assert.ok(Array.isArray(await session.request('textDocument/documentHighlight', { textDocument: { uri }, position })));
  await session.close(uri);
});
