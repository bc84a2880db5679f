// The Test Explorer inside a real VS Code: the seed detection's test is discovered with its range,
// run through the controller's run (the language server runs it with the engine) and passes; a
// broken copy written into the workspace (the risk object field dropped from `stats ... by`) is
// discovered by the file watcher and fails with the reason.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestRunOutcome } from '../../../client/src/testExplorer';
import { openWithApi, SEED, workspaceUri } from './commands.test';
import { waitFor } from './waitFor';

const BROKEN = 'detections/endpoint/broken_copy_of_shell_execution.yml';

suite('test explorer', () => {
  test('discovers the seed test and runs it: it passes', async () => {
    const { document, api } = await openWithApi(SEED);
    const detection = await waitFor('the seed detection in the Test Explorer', () => api.testController.items.get(document.uri.toString()));
    assert.equal(detection.label, 'Cisco Isovalent - Shell Execution');
    const tests: vscode.TestItem[] = [];
    detection.children.forEach((t) => tests.push(t));
    assert.deepEqual(tests.map((t) => t.label), ['True Positive Test']);
    const testLine = document.getText().split('\n').findIndex((l) => l.includes('- name: True Positive Test'));
    assert.equal(tests[0].range?.start.line, testLine);

    const outcome = await api.runTests([tests[0]]);
    assert.equal(outcome.results.length, 1);
    assert.equal(outcome.results[0].passed, true, outcome.results[0].reason);
    assert.ok(outcome.results[0].durationMs > 0);
    assert.equal(outcome.results[0].range.start.line, testLine);
    assert.deepEqual(api.lastTestResults(), outcome.results);
  });

  test('a broken copy of the seed is discovered and fails with the reason', async () => {
    const { document, api } = await openWithApi(SEED);
    const broken = workspaceUri(BROKEN);
    const text = document
      .getText()
      .replace('name: Cisco Isovalent - Shell Execution', 'name: Broken Copy Of Shell Execution')
      .replace('12345678-abcd-1234-ef00-1234567890ab', '12345678-abcd-1234-ef00-0000000000bb')
      .replace('process_id node_name', 'process_id');
    assert.ok(!/process_id node_name/.test(text));
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode(text));
    try {
      // Found by the file watcher, without opening it.
      const item = await waitFor('the broken copy in the Test Explorer', () => api.testController.items.get(broken.toString()));
      assert.equal(item.label, 'Broken Copy Of Shell Execution');
      // Opened, so the language server holds it whatever its own watcher has seen.
      await vscode.workspace.openTextDocument(broken);
      const outcome = await api.runTests([item]);
      assert.equal(outcome.results.length, 1);
      const [result] = outcome.results;
      assert.equal(result.passed, false);
      assert.match(result.reason, /^risk object field node_name is null in 34 of 34 rows$/, result.reason);

      // Running everything judges both: the seed passes, the copy fails.
      const all = await api.runTests();
      const byName = new Map(all.results.map((r) => [r.detection, r.passed]));
      assert.equal(byName.get('Cisco Isovalent - Shell Execution'), true);
      assert.equal(byName.get('Broken Copy Of Shell Execution'), false);
    } finally {
      await vscode.workspace.fs.delete(broken);
    }
    await waitFor('the deleted copy to leave the Test Explorer', () => (api.testController.items.get(broken.toString()) ? undefined : true));
  });

  test('a test whose attack data is missing, or whose search returns nothing, fails with that reason', async () => {
    const { document, api } = await openWithApi(SEED);
    const missing = workspaceUri('detections/endpoint/missing_data_copy.yml');
    const empty = workspaceUri('detections/endpoint/no_rows_copy.yml');
    const copy = (name: string, id: string, edit: (text: string) => string): Uint8Array =>
      new TextEncoder().encode(edit(document.getText().replace('name: Cisco Isovalent - Shell Execution', `name: ${name}`).replace('12345678-abcd-1234-ef00-1234567890ab', id)));
    await vscode.workspace.fs.writeFile(missing, copy('Missing Data Copy', '12345678-abcd-1234-ef00-0000000000cc', (t) => t.replace('cisco_isovalent/cisco_isovalent.log', 'cisco_isovalent/no_such_file.log')));
    await vscode.workspace.fs.writeFile(empty, copy('No Rows Copy', '12345678-abcd-1234-ef00-0000000000dd', (t) => t.replace('"sh", "ksh"', '"no-such-shell", "ksh-none"').replace(/"zsh", "bash", "dash", "rbash", "fish", "csh", "tcsh", "ion", "eshell"/, '"none"')));
    try {
      const items = await waitFor('both copies in the Test Explorer', () => {
        const a = api.testController.items.get(missing.toString());
        const b = api.testController.items.get(empty.toString());
        return a && b ? [a, b] : undefined;
      });
      await vscode.workspace.openTextDocument(missing);
      await vscode.workspace.openTextDocument(empty);
      const outcome = await api.runTests(items);
      const byName = new Map(outcome.results.map((r) => [r.detection, r]));
      assert.match(byName.get('Missing Data Copy')?.reason ?? '', /^missing data file .*no_such_file\.log/, byName.get('Missing Data Copy')?.reason);
      assert.equal(byName.get('No Rows Copy')?.reason, 'no rows');
      assert.equal(byName.get('No Rows Copy')?.passed, false);
    } finally {
      await vscode.workspace.fs.delete(missing);
      await vscode.workspace.fs.delete(empty);
    }
  });

  test('the testData.urlMap setting maps an attack-data URL prefix to a local folder', async () => {
    const { document, api } = await openWithApi(SEED);
    const mapped = workspaceUri('detections/endpoint/url_map_copy.yml');
    const text = document
      .getText()
      .replace('name: Cisco Isovalent - Shell Execution', 'name: Url Map Copy')
      .replace('12345678-abcd-1234-ef00-1234567890ab', '12345678-abcd-1234-ef00-0000000000ee')
      .replace('https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/', 'https://example.invalid/mirror/');
    await vscode.workspace.fs.writeFile(mapped, new TextEncoder().encode(text));
    const config = vscode.workspace.getConfiguration('splWorkbench');
    try {
      const item = await waitFor('the copy in the Test Explorer', () => api.testController.items.get(mapped.toString()));
      await vscode.workspace.openTextDocument(mapped);
      const before = await api.runTests([item]);
      assert.match(before.results[0]?.reason ?? '', /^missing data file/, 'no test_data_caches entry maps the mirror');
      await config.update('testData.urlMap', { 'https://example.invalid/mirror/': 'data/datasets/' }, vscode.ConfigurationTarget.Workspace);
      // The server pulls the settings again when they change.
      const after = await waitFor('the mapped test to pass', async () => {
        const outcome = await api.runTests([item]);
        return outcome.results[0]?.passed ? outcome : undefined;
      });
      assert.equal(after.results[0].rows, 34);
    } finally {
      await config.update('testData.urlMap', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(mapped);
    }
  });

  test('the sample data chosen with Choose Sample Data replaces the attack data of runs', async () => {
    const { document } = await openWithApi(SEED);
    const seedData = workspaceUri('data/datasets/cisco_isovalent/cisco_isovalent.log');
    const chosen = workspaceUri('data/chosen_sample.ndjson');
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(seedData)).split('\n');
    // The shell executions among the first events only: fewer rows than the whole file gives.
    await vscode.workspace.fs.writeFile(chosen, new TextEncoder().encode(lines.slice(0, 40).join('\n') + '\n'));
    try {
      const stored = await vscode.commands.executeCommand<string[] | undefined>('splWorkbench.chooseSampleData', [chosen]);
      assert.deepEqual(stored, [chosen.toString()]);
      const outcome = await vscode.commands.executeCommand<TestRunOutcome>('splWorkbench.runTestsInFile', document.uri);
      assert.equal(outcome.results.length, 1);
      assert.equal(outcome.results[0].rows, 5, "the 40 chosen events make 5 rows");
      const cleared = await vscode.commands.executeCommand<string[] | undefined>('splWorkbench.chooseSampleData', []);
      assert.equal(cleared, undefined);
      const again = await vscode.commands.executeCommand<TestRunOutcome>('splWorkbench.runTestsInFile', document.uri);
      assert.equal(again.results[0].rows, 34, "back to the test's own attack data");
    } finally {
      await vscode.commands.executeCommand('splWorkbench.chooseSampleData', []);
      await vscode.workspace.fs.delete(chosen);
    }
  });

  test('a cancelled run stops waiting and reports its tests as skipped', async () => {
    const { api } = await openWithApi(SEED);
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    const outcome = await api.runTests(undefined, source.token);
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(outcome.results, []);
  });
});
