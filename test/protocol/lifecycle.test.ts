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

test('initialize advertises only the capabilities the server implements', () => {
  const caps = session.initializeResult.capabilities;
  assert.equal(session.initializeResult.serverInfo?.name, 'spl-workbench');
  assert.equal(caps.textDocumentSync, 2 /* incremental */);
  // Nothing is advertised that has no handler behind it.
  const advertised = Object.keys(caps).sort();
  assert.deepEqual(advertised, ['textDocumentSync']);
});

test('serverStatus round-trips and lists the documents the client opened', async () => {
  const uri = 'file:///ws/detections/endpoint/example.yml';
  await session.open(uri, 'yaml', 'name: Example\nsearch: index=main | stats count\n');
  const status = await session.request<{ name: string; openDocuments: string[]; pid: number }>('splWorkbench/serverStatus');
  assert.equal(status.name, 'spl-workbench-language-server');
  assert.ok(status.pid > 0);
  assert.deepEqual(status.openDocuments, [uri]);
});
