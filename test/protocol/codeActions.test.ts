// Code actions over the protocol: the bundled server offers the "did you mean" quick fix of an
// unknown macro as a text edit attached to its diagnostic, and the missing filter macro's fix
// as a WorkspaceEdit that creates the macro file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

let ws: TestWorkspace;
let session: LspSession;

before(async () => {
  ws = createWorkspace();
  session = await LspSession.start({
    rootUri: ws.rootUri,
    capabilities: VSCODE_LIKE_CAPABILITIES,
    settings: { splWorkbench: { diagnostics: { debounceMs: 0 } } },
  });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

test('code actions are advertised with their kinds', () => {
  assert.deepEqual(session.initializeResult.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor.inline', 'refactor.extract'] });
});

test('an unknown macro: the quick fix renames the call to the known macro and resolves the diagnostic', async () => {
  const uri = ws.uri(SEED);
  // Line 11 is "  `cisco_isovalent_process_exec` process_name IN (...)": drop the name's last "c".
  const broken = ws.text(SEED).replace('`cisco_isovalent_process_exec`', '`cisco_isovalent_process_exe`');
  await session.open(uri, 'yaml', broken, 1);
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'macro-unknown'));
  const diagnostic = published.diagnostics.find((d) => d.code === 'macro-unknown')!;
  const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  assert.deepEqual(actions, [
    {
      title: 'Change to macro `cisco_isovalent_process_exec`',
      kind: 'quickfix',
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: {
        documentChanges: [
          {
            textDocument: { uri, version: 1 },
            edits: [{ range: { start: { line: 11, character: 3 }, end: { line: 11, character: 30 } }, newText: 'cisco_isovalent_process_exec' }],
          },
        ],
      },
    },
  ]);
});

test('a filter macro without a file: the quick fix creates macros/<name>.yml', async () => {
  const uri = ws.uri(SEED);
  const text = ws.text(SEED).replace('`cisco_isovalent___shell_execution_filter`', '`cisco_isovalent___shell_probe_filter`');
  await session.change(uri, 2, text);
  const published = await session.waitForDiagnostics(uri, (p) => p.version === 2);
  const diagnostic = published.diagnostics.find((d) => d.code === 'macro-filter-missing');
  assert.ok(diagnostic, JSON.stringify(published.diagnostics));
  const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: diagnostic.range.start, end: diagnostic.range.start },
    context: { diagnostics: [diagnostic] },
  });
  const create = actions.find((a) => a.kind === 'quickfix');
  assert.ok(create, JSON.stringify(actions));
  assert.equal(create.title, 'Create macros/cisco_isovalent___shell_probe_filter.yml');
  const newUri = ws.uri('macros/cisco_isovalent___shell_probe_filter.yml');
  const changes = create.edit?.documentChanges as (CreateFile | TextDocumentEdit)[];
  assert.deepEqual(changes, [
    { kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: true } },
    {
      textDocument: { uri: newUri, version: null },
      edits: [{
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        newText: 'name: cisco_isovalent___shell_probe_filter\ndefinition: search *\ndescription: Update this macro to limit the output results to filter out false positives.\n',
      }],
    },
  ]);
});
