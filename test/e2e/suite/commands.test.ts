// The commands, CodeLens and status bar inside a real VS Code: Expand Macros opens the expanded
// search with each macro's provenance, the CodeLens offers Preview · Run tests · Expand macros
// above `search:`, Run Tests in Current File runs through the Test Explorer and updates the
// status bar, Validate Workspace waits for the server's check. The workspace is a copy of samples/.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SplWorkbenchApi } from '../../../client/src/extension';
import type { TestRunOutcome } from '../../../client/src/testExplorer';
import type { ServerStatus } from '../../../server/src/lsp/protocol';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'spl-workbench.spl-workbench';
export const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';


export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** Opens a workspace file in an editor and returns it with the active extension's API. */
export async function openWithApi(relative: string): Promise<{ document: vscode.TextDocument; api: SplWorkbenchApi }> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(document);
  const extension = vscode.extensions.getExtension<SplWorkbenchApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  await waitFor(`${EXTENSION_ID} to activate`, () => (extension.isActive ? true : undefined));
  await extension.exports.ready;
  return { document, api: extension.exports };
}

suite('commands', () => {
  test('the SPL Workbench commands are registered', async () => {
    await openWithApi(SEED);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['runTestsInFile', 'runAllTests', 'expandMacros', 'validateWorkspace', 'chooseSampleData', 'showOutput']) {
      assert.ok(commands.includes(`splWorkbench.${id}`), `splWorkbench.${id} is registered`);
    }
  });

  test('Expand Macros opens the expanded search with each macro and where it is defined', async () => {
    const { document } = await openWithApi(SEED);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('splWorkbench.expandMacros', document.uri);
    assert.equal(uri.scheme, 'spl-workbench-expanded');
    const expanded = await vscode.workspace.openTextDocument(uri);
    const text = expanded.getText();
    assert.match(text, /sourcetype=cisco:isovalent:processExec/, text);
    assert.match(text, /`cisco_isovalent_process_exec` called at detections\/endpoint\/cisco_isovalent___shell_execution\.yml:\d+, defined at macros\/cisco_isovalent_process_exec\.yml:\d+/, text);
    assert.match(text, /`cisco_isovalent___shell_execution_filter` called at/, text);
    assert.equal(expanded.languageId, 'spl', 'the expanded search is highlighted as SPL');
    // An edit of the detection shows in the open expansion.
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((l) => l.includes('| stats count by'));
    await editor.edit((e) => e.insert(new vscode.Position(line, document.lineAt(line).text.length), ' pod_name'));
    try {
      await waitFor('the expansion to show the edit', () => (expanded.getText().includes('node_name pod_name') ? true : undefined));
    } finally {
      await vscode.commands.executeCommand('undo');
      await waitFor('the edit to be undone', () => (document.getText().includes('node_name pod_name') ? undefined : true));
    }
    // The search itself, not the macro call, after the header.
    assert.ok(!/^`cisco_isovalent_process_exec`/m.test(text.split('```\n').slice(1).join('')), text);
  });

  test('the CodeLens above search: offers Preview, Run tests and Expand macros', async () => {
    const { document, api } = await openWithApi(SEED);
    const searchLine = document.getText().split('\n').findIndex((l) => l.startsWith('search:'));
    const lenses = await Promise.resolve(api.codeLensProvider.provideCodeLenses(document, new vscode.CancellationTokenSource().token));
    assert.ok(lenses);
    assert.deepEqual(lenses.map((l) => l.command?.title), ['Preview', 'Run tests', 'Expand macros']);
    assert.deepEqual(lenses.map((l) => l.command?.command), ['splWorkbench.previewDetection', 'splWorkbench.runTestsInFile', 'splWorkbench.expandMacros']);
    for (const lens of lenses) assert.equal(lens.range.start.line, searchLine);
    // VS Code itself offers them for the file.
    const viaVscode = await waitFor('VS Code to return the lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.some((l) => l.command?.command === 'splWorkbench.expandMacros') ? found : undefined;
    });
    assert.ok(viaVscode.some((l) => l.command?.command === 'splWorkbench.runTestsInFile'));
    // Every lens runs its command (the preview's command is registered by the preview panel).
    const commands = await vscode.commands.getCommands(true);
    for (const lens of lenses) assert.ok(commands.includes(lens.command?.command ?? ''), `${lens.command?.command} is registered`);
    const preview = lenses[0].command as vscode.Command;
    await vscode.commands.executeCommand(preview.command, ...(preview.arguments ?? []));
    const run = lenses[1].command as vscode.Command;
    const outcome = await vscode.commands.executeCommand<TestRunOutcome>(run.command, ...(run.arguments ?? []));
    assert.equal(outcome.results.length, 1);
    const expand = lenses[2].command as vscode.Command;
    const uri = await vscode.commands.executeCommand<vscode.Uri>(expand.command, ...(expand.arguments ?? []));
    assert.equal(uri.scheme, 'spl-workbench-expanded');
  });

  test('Run Tests in Current File passes the seed and shows its rows and risk events in the status bar', async () => {
    const { document, api } = await openWithApi(SEED);
    const outcome = await vscode.commands.executeCommand<TestRunOutcome>('splWorkbench.runTestsInFile', document.uri);
    assert.equal(outcome.cancelled, false);
    assert.equal(outcome.results.length, 1);
    const [result] = outcome.results;
    assert.equal(result.passed, true, result.reason);
    assert.equal(result.test, 'True Positive Test');
    assert.equal(result.rows, 34);
    assert.equal(result.riskEvents, 34);
    assert.match(api.statusBarText(), /34 rows · 34 risk events · /);
    api.reportRun({ label: 'a preview', rows: 7, riskEvents: 3 });
    assert.match(api.statusBarText(), /7 rows · 3 risk events · /);
  });

  test('Validate Workspace waits for the server to check every file and opens the Problems view', async () => {
    await openWithApi(SEED);
    const status = await vscode.commands.executeCommand<ServerStatus>('splWorkbench.validateWorkspace');
    assert.equal(status.indexed, true);
    assert.equal(status.pendingDiagnostics, 0);
    assert.ok((status.contentRoots ?? []).length >= 1, 'the samples are a content root');
  });
});
