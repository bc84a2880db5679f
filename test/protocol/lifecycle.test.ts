// Drives the bundled language server (dist/server/server.js) over stdio with a real JSON-RPC
// client, the way an editor does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspSession } from './lspSession';

let session: LspSession;

before(async () => {
  session = await LspSession.start();
});

after(async () => {
  await session.shutdown();
});

/** Each capability the server may advertise, and a request its handler must answer. */
const HANDLER_OF: Record<string, (uri: string) => [string, unknown]> = {
  hoverProvider: (uri) => ['textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 25 } }],
  completionProvider: (uri) => ['textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 23 } }],
  signatureHelpProvider: (uri) => ['textDocument/signatureHelp', { textDocument: { uri }, position: { line: 1, character: 23 } }],
  definitionProvider: (uri) => ['textDocument/definition', { textDocument: { uri }, position: { line: 1, character: 25 } }],
  referencesProvider: (uri) => ['textDocument/references', { textDocument: { uri }, position: { line: 1, character: 25 }, context: { includeDeclaration: true } }],
  renameProvider: (uri) => ['textDocument/prepareRename', { textDocument: { uri }, position: { line: 1, character: 25 } }],
  documentSymbolProvider: (uri) => ['textDocument/documentSymbol', { textDocument: { uri } }],
  workspaceSymbolProvider: () => ['workspace/symbol', { query: 'ex' }],
  foldingRangeProvider: (uri) => ['textDocument/foldingRange', { textDocument: { uri } }],
  semanticTokensProvider: (uri) => ['textDocument/semanticTokens/full', { textDocument: { uri } }],
  documentHighlightProvider: (uri) => ['textDocument/documentHighlight', { textDocument: { uri }, position: { line: 1, character: 25 } }],
  documentFormattingProvider: (uri) => ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
  documentRangeFormattingProvider: (uri) => [
    'textDocument/rangeFormatting',
    { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }, options: { tabSize: 2, insertSpaces: true } },
  ],
  codeActionProvider: (uri) => [
    'textDocument/codeAction',
    { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }, context: { diagnostics: [] } },
  ],
};

test('initialize advertises only the capabilities the server implements', () => {
  const caps = session.initializeResult.capabilities;
  assert.equal(session.initializeResult.serverInfo?.name, 'spl-workbench');
  assert.equal(caps.textDocumentSync, 2 /* incremental */);
  const advertised = Object.keys(caps).sort();
  assert.deepEqual(advertised, Object.keys(HANDLER_OF).concat('textDocumentSync').sort());
});



test('serverStatus round-trips and lists the documents the client opened', async () => {
  const uri = 'file:///ws/detections/endpoint/example.yml';
  await session.open(uri, 'yaml', 'name: Example\nsearch: index=main | stats count\n');
  const status = await session.request<{ name: string; openDocuments: string[]; pid: number }>('splWorkbench/serverStatus');
  assert.equal(status.name, 'spl-workbench-language-server');
  assert.ok(status.pid > 0);
  assert.deepEqual(status.openDocuments, [uri]);
});

test('every advertised capability has a handler that answers (no MethodNotFound), even on a broken document', async () => {
  const uri = 'file:///ws/detections/endpoint/broken.yml';
  await session.open(uri, 'yaml', 'name: Broken\nsearch: index=main | stats count by | eval x=if( | `nope(\n');
  for (const [capability, request] of Object.entries(HANDLER_OF)) {
    const [method, params] = request(uri);
    try {
      await session.request(method, params);
    } catch (error) {
      assert.fail(`${capability}: ${method} failed: ${String(error)}`);
    }
  }
});
