// The "Preview Detection Results" panel in a real VS Code: the command runs the seed detection
// and the webview renders its 34 rows and 34 risk messages; hostile values in the sample events
// show as written and run nothing; 10,000 rows render in under 200 ms (the table is virtualized).
// The webview posts back what it rendered (RenderReport); the extension's API exposes it.
// The seed's preview is left open at the end, for the harness's screenshot.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SplWorkbenchApi } from '../../../client/src/extension';
import type { RenderReport } from '../../../client/src/preview/messages';
import type { PreviewResult, PreviewValue } from '../../../server/src/lsp/protocol';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'spl-workbench.spl-workbench';
const DETECTION = 'detections/endpoint/cisco_isovalent___shell_execution.yml';
const BENCH_DETECTION = 'detections/endpoint/preview_render_benchmark.yml';


function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}

async function api(): Promise<SplWorkbenchApi> {
  const extension = vscode.extensions.getExtension<SplWorkbenchApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  await waitFor(`${EXTENSION_ID} to activate`, () => (extension.isActive ? true : undefined));
  await extension.exports.ready;
  return extension.exports;
}

/** Waits until the webview has rendered a result of `uri` that satisfies `done`. */
async function rendered(workbench: SplWorkbenchApi, uri: vscode.Uri, done: (report: RenderReport, result: PreviewResult) => boolean, timeoutMs = 30_000): Promise<{ report: RenderReport; result: PreviewResult }> {
  return waitFor(`the preview of ${vscode.workspace.asRelativePath(uri)} to render`, () => {
    const { report, result } = workbench.preview.state();
    if (!report || !result || report.uri !== uri.toString() || result.uri !== uri.toString()) return undefined;
    return done(report, result) ? { report, result } : undefined;
  }, timeoutMs);
}

function cellText(value: PreviewValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => (v === null ? '' : String(v))).join('\n');
  return String(value);
}

async function closeTabs(which: (tab: vscode.Tab) => boolean): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(which);
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

suite('preview', () => {
  test('hostile values in the sample events show as written and run nothing', async () => {
    const workbench = await api();
    const uri = vscode.Uri.joinPath(folder(), DETECTION);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const hostile = vscode.Uri.joinPath(folder(), 'data/hostile.log').fsPath;
    await workbench.preview.show(uri, { dataFiles: [hostile] });
    const { report, result } = await rendered(workbench, uri, (_r, res) => res.header.files.some((f) => f.path === hostile));
    assert.equal(result.error, undefined, `the run succeeded: ${result.error?.message ?? ''}`);
    assert.ok(result.totalRows > 0, 'the seed detection returns rows on hostile.log');
    const values = result.rows.flatMap((row) => result.columns.map((c) => cellText(row[c])));
    assert.ok(values.some((v) => v.includes('<img src=x onerror=alert(1)>')), 'a row holds the <img onerror> value');
    assert.ok(values.some((v) => v.includes('</script><script>')), 'a row holds the </script><script> value');
    assert.ok(values.some((v) => v.includes('javascript:')), 'a row holds a javascript: value');
    // What the webview shows is exactly the values, as text.
    assert.equal(report.cells.length, result.rows.length, 'every row is rendered (few rows)');
    report.cells.forEach((cells, i) => assert.deepEqual(cells, result.columns.map((c) => cellText(result.rows[i][c])), `row ${i + 1} shows its values as written`));
    assert.deepEqual(report.riskMessages, result.risk.map((r) => r.message), 'the risk messages show as rendered');
    assert.equal(report.foreignElements, 0, 'no value became an element (img, svg, script, iframe, javascript: link, event handler)');
    assert.deepEqual(workbench.preview.state().injected, [], 'no hostile value ran code in the webview');
  });

  test('10,000 rows render in under 200 ms (virtualized table)', async () => {
    const workbench = await api();
    const seed = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), DETECTION)));
    const search = '| makeresults count=10000 | streamstats count as n | eval host="host-".n, score=n%97, tags=split("a,b,".n, ",")';
    const text = seed
      .replace(/^name: .*$/m, 'name: Preview Render Benchmark')
      .replace(/^id: .*$/m, 'id: 6b1f8d52-3c1e-4a8e-9d77-0c2f4e5a9b10')
      .replace(/^search: \|\n(?: {2}.*\n)+/m, `search: '${search}'\n`);
    assert.notEqual(text, seed);
    const uri = vscode.Uri.joinPath(folder(), BENCH_DETECTION);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await workbench.preview.show(uri);
    const { report, result } = await rendered(workbench, uri, (r) => r.rows === 10_000, 60_000);
    assert.equal(result.totalRows, 10_000);
    assert.ok(report.renderedRows > 0 && report.renderedRows < 200, `only the rows in view are in the DOM (${report.renderedRows})`);
    assert.ok(report.renderMs < 200, `rendered in ${report.renderMs.toFixed(1)} ms`);
    assert.ok(result.columns.includes('tags') && Array.isArray(result.rows[0].tags), 'multivalue cells arrive as lists');
    await closeTabs((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
    await vscode.workspace.fs.delete(uri);
  });

  test('the preview follows edits of the detection and shows an engine error located in the YAML', async () => {
    const workbench = await api();
    const uri = vscode.Uri.joinPath(folder(), DETECTION);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await workbench.preview.show(uri);
    await rendered(workbench, uri, (r) => r.rows === 34);
    const replace = async (from: string, to: string): Promise<void> => {
      const at = document.getText().indexOf(from);
      assert.ok(at >= 0, `the detection contains ${from}`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    // Only bash: fewer rows, without running the command again.
    await replace('process_name IN ("sh", "ksh", "zsh", "bash",', 'process_name IN ("bash",');
    const fewer = await rendered(workbench, uri, (r) => r.rows > 0 && r.rows < 34);
    assert.ok(!fewer.result.risk.some((r) => r.message.startsWith('The shell [sh]')), 'no sh row is left');
    // A command the engine does not run: a located error, not a blank panel.
    await replace('| stats count by', '| transaction node_name | stats count by');
    const failed = await rendered(workbench, uri, (r) => r.error !== undefined);
    assert.equal(failed.result.error?.code, 'engine-unsupported-command');
    const line = failed.result.error?.line;
    assert.ok(line !== undefined && document.lineAt(line).text.includes('transaction'), `the error is located on the line of transaction (line ${String(line)})`);
    await replace('| transaction node_name | stats count by', '| stats count by');
    await replace('process_name IN ("bash",', 'process_name IN ("sh", "ksh", "zsh", "bash",');
    await rendered(workbench, uri, (r) => r.rows === 34 && r.error === undefined);
    await document.save();
  });

  test('the run controls: the scheduled window at a chosen now, the chosen sample data, and the status bar', async () => {
    const workbench = await api();
    const uri = vscode.Uri.joinPath(folder(), DETECTION);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
    await workbench.preview.show(uri);
    await rendered(workbench, uri, (r, res) => r.rows === 34 && res.header.data === 'tests');
    assert.match(workbench.statusBarText(), /34 rows · 34 risk events/, 'the status bar shows the preview run');
    // A "now" long after the sample data: its scheduled window holds no event.
    await workbench.preview.setWindow('schedule', '2030-01-01T00:00:00Z');
    const later = await rendered(workbench, uri, (_r, res) => res.header.window?.now === '2030-01-01T00:00:00Z');
    assert.equal(later.result.totalRows, 0);
    assert.deepEqual(later.report.controls, { window: 'schedule', now: '2030-01-01T00:00:00Z', data: "Data: the tests' attack data" });
    // Without a typed now, splWorkbench.schedule.now decides; a change of the setting reruns.
    await workbench.preview.setWindow('schedule', '');
    const settings = vscode.workspace.getConfiguration('splWorkbench');
    await settings.update('schedule.now', '2031-03-01T00:00:00Z', vscode.ConfigurationTarget.Workspace);
    try {
      const fromSetting = await rendered(workbench, uri, (_r, res) => res.header.window?.now === '2031-03-01T00:00:00Z');
      assert.match(fromSetting.result.header.window?.note ?? '', /splWorkbench\.schedule\.now/);
      assert.equal(fromSetting.report.controls?.now, '', 'the now box stays empty: the setting is its default');
    } finally {
      await settings.update('schedule.now', undefined, vscode.ConfigurationTarget.Workspace);
    }
    // Without either, the window ends 10 minutes after the newest event: the seed's rows are in it.
    const data = await rendered(workbench, uri, (_r, res) => res.header.window?.note.includes('newest event') === true);
    assert.ok(data.result.totalRows > 0, `rows in the window ending ${data.result.header.window?.latest ?? '?'}`);
    await workbench.preview.setWindow('all', '');
    await rendered(workbench, uri, (r, res) => r.rows === 34 && res.header.window === undefined);
    // Choose Sample Data reruns the open preview on the chosen files; clearing goes back.
    const hostile = vscode.Uri.joinPath(folder(), 'data/hostile.log');
    await vscode.commands.executeCommand('splWorkbench.chooseSampleData', [hostile]);
    try {
      const chosen = await rendered(workbench, uri, (_r, res) => res.header.data === 'chosen');
      assert.deepEqual(chosen.result.header.files.map((f) => f.path), [hostile.fsPath]);
      assert.equal(chosen.report.controls?.data, 'Data: 1 chosen file');
    } finally {
      await vscode.commands.executeCommand('splWorkbench.chooseSampleData', []);
    }
    await rendered(workbench, uri, (r, res) => r.rows === 34 && res.header.data === 'tests');
  });

  test('a run on large data reports its progress to the panel', async () => {
    const workbench = await api();
    const uri = vscode.Uri.joinPath(folder(), DETECTION);
    const sample = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'data/datasets/cisco_isovalent/cisco_isovalent.log'))).trimEnd();
    const big = vscode.Uri.joinPath(folder(), 'data/large-preview.log');
    await vscode.workspace.fs.writeFile(big, new TextEncoder().encode(`${Array.from({ length: 20 }, () => sample).join('\n')}\n`));
    try {
      await workbench.preview.show(uri, { dataFiles: [big.fsPath] });
      const { result } = await rendered(workbench, uri, (_r, res) => res.header.events === 8000, 60_000);
      assert.equal(result.error, undefined);
      const progress = workbench.preview.state().progress;
      assert.ok(progress.length >= 1, 'the panel got progress reports');
      assert.match(progress[0], /^\d+% \d+ of \d+ MB/, `a report reads "${progress[0]}"`);
    } finally {
      await vscode.workspace.fs.delete(big);
    }
  });

  test('Preview Detection Results shows the seed: 34 rows and 34 risk messages', async () => {
    const workbench = await api();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('splWorkbench.previewDetection'), 'splWorkbench.previewDetection is registered');
    const uri = vscode.Uri.joinPath(folder(), DETECTION);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
    await vscode.commands.executeCommand('splWorkbench.previewDetection');
    const { report, result } = await rendered(workbench, uri, (r, res) => r.rows === 34 && res.header.files.every((f) => !f.path.endsWith('hostile.log')));
    assert.equal(result.error, undefined);
    assert.equal(report.rows, 34);
    assert.equal(report.riskMessages.length, 34);
    for (const m of report.riskMessages) assert.ok(m.startsWith('The shell ['), `risk message: ${m}`);
    assert.deepEqual(result.stages.map((s) => [s.command, s.rows_in, s.rows_out]), [['search', 400, 48], ['stats', 48, 34], ['search', 34, 34]]);
    assert.deepEqual(result.dropped.map((d) => [d.by_field, d.rows]), [['cluster_name', 5]]);
    assert.ok(result.expanded.some((p) => p.macro === 'cisco_isovalent_process_exec'), 'the expanded search marks the macro');
    assert.ok(result.rowEvents.every((events, i) => events.length === result.rows[i].count), 'each row drills down to the events that formed it');
    assert.ok(result.rowEvents.every((events, i) => events.every((e) => result.events[e].node_name === result.rows[i].node_name)), "each drilled-down event has its row's node_name");
    assert.ok(workbench.preview.isOpen, 'the panel stays open for the screenshot');
    // Give the panel the window for the harness's screenshot.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await closeTabs((tab) => !(tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('splWorkbench.preview')));
  });
});
