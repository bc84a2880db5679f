// First checks inside a real VS Code: opening a detection activates the extension, its language
// server answers, and its commands are registered. The workspace is a copy of samples/.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SplWorkbenchApi } from '../../../client/src/extension';
import type { ServerStatus } from '../../../server/src/lsp/protocol';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'spl-workbench.spl-workbench';
const DETECTION = 'detections/endpoint/cisco_isovalent___shell_execution.yml';


interface Opened {
  readonly document: vscode.TextDocument;
  readonly extension: vscode.Extension<SplWorkbenchApi>;
}

let opened: Promise<Opened> | undefined;

/** Opens the sample detection in an editor and waits for the extension to be active. Each test
 * calls it, so any one of them can run alone. */
function openDetection(): Promise<Opened> {
  opened ??= (async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, DETECTION));
    await vscode.window.showTextDocument(document);
    const extension = vscode.extensions.getExtension<SplWorkbenchApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
    await waitFor(`${EXTENSION_ID} to activate`, () => (extension.isActive ? true : undefined));
    return { document, extension };
  })();
  return opened;
}

suite('activation', () => {
  test('opening a detection activates the extension, which exports its API', async () => {
    const { document, extension } = await openDetection();
    assert.equal(document.languageId, 'yaml');
    assert.equal(extension.isActive, true);
    const api = extension.exports;
    assert.ok(api, 'activate() returned an API');
    assert.equal(typeof api.ready?.then, 'function', 'api.ready is a promise');
    assert.equal(typeof api.serverStatus, 'function', 'api.serverStatus is a function');
  });

  test('the language server runs and tracks the opened detection', async () => {
    const { document, extension } = await openDetection();
    await extension.exports.ready;
    const uri = document.uri.toString();
    // didOpen reaches the server asynchronously: poll until it lists the document.
    const status = await waitFor(`the server to list ${uri}`, async () => {
      const s = await vscode.commands.executeCommand<ServerStatus>('splWorkbench.serverStatus');
      return s?.openDocuments.includes(uri) ? s : undefined;
    });
    assert.equal(status.name, 'spl-workbench-language-server');
    assert.ok(Number.isInteger(status.pid) && status.pid > 0, `pid ${status.pid} is a process id`);
    assert.notEqual(status.pid, process.pid, 'the server runs in its own process');
    assert.ok(status.openDocuments.includes(uri));
    const viaApi = await extension.exports.serverStatus();
    assert.deepEqual([viaApi.name, viaApi.pid], [status.name, status.pid], 'the API and the command reach the same server');
  });

  test('the showOutput command is registered and runs', async () => {
    await openDetection();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('splWorkbench.showOutput'), 'splWorkbench.showOutput is registered');
    await vscode.commands.executeCommand('splWorkbench.showOutput');
  });
});
