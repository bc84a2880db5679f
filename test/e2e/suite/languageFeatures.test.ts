// The language server seen through VS Code itself: diagnostics as the Problems view gets them,
// hover and completion through VS Code's own provider commands, on the samples workspace.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openWithApi, SEED } from './commands.test';
import { waitFor } from './waitFor';

function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `no ${needle} in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('language features in VS Code', () => {
  test('the seed detection opens without diagnostics; a broken macro name shows up in Problems and goes away when fixed', async () => {
    const { document } = await openWithApi(SEED);
    const editor = await vscode.window.showTextDocument(document);
    const uri = document.uri;
    await waitFor('the seed to be checked with no problems', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
    const original = document.getText();
    const at = original.indexOf('cisco_isovalent_process_exec');
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 'cisco_isovalent_process_exec'.length)), 'cisco_isovalent_proces_exec'));
    const diagnostics = await waitFor('macro-unknown in Problems', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'macro-unknown');
      return found.length ? found : undefined;
    });
    assert.match(diagnostics[0].message, /did you mean `cisco_isovalent_process_exec`\?/);
    assert.equal(document.getText(diagnostics[0].range), '`cisco_isovalent_proces_exec`');
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original));
    await waitFor('the problem to go away', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
    await document.save();
  });

  test('hover on `stats` shows its documentation', async () => {
    const { document } = await openWithApi(SEED);
    const hovers = await waitFor('a hover on stats', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '| stats count', 3));
      return result.length ? result : undefined;
    });
    const text = markdownOf(hovers);
    assert.match(text, /stats/);
    assert.match(text, /by/);
  });

  test('completion after `| ` offers stats', async () => {
    const { document } = await openWithApi(SEED);
    const position = positionOf(document, '| stats count', 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('stats'), `stats not among ${labels.slice(0, 20).join(', ')}`);
  });
});
