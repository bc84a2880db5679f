// The commands of the "SPL Workbench" category (besides the preview, which has its own file):
// run tests (through the Test Explorer), expand macros, validate the workspace, choose sample data.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EXPAND_MACROS_REQUEST, RUN_TESTS_REQUEST,
  type ExpandMacrosParams, type ExpandMacrosResult, type RunTestsParams, type RunTestsResult, type ServerStatus,
} from '../../server/src/lsp/protocol';
import { expandedUriOf } from './expandedDocument';
import type { RunStatusBar } from './statusBar';
import type { DetectionTestExplorer, TestRunOutcome } from './testExplorer';

export const SAMPLE_DATA_STATE_KEY = 'splWorkbench.sampleData';
const SAMPLE_DATA_GLOB = '**/*.{ndjson,jsonl,log,json}';

export interface CommandContext {
  readonly context: vscode.ExtensionContext;
  readonly client: LanguageClient;
  readonly ready: Promise<void>;
  readonly explorer: DetectionTestExplorer;
  readonly statusBar: RunStatusBar;
  readonly serverStatus: () => Promise<ServerStatus>;
  /** The chosen sample data changed (the preview reruns on it). */
  readonly sampleDataChanged: () => void;
}

export function sendRunTests(client: LanguageClient, ready: Promise<void>): (params: RunTestsParams, token: vscode.CancellationToken) => Promise<RunTestsResult> {
  return async (params, token) => {
    await ready;
    return client.sendRequest<RunTestsResult>(RUN_TESTS_REQUEST, params, token);
  };
}

export function sendExpandMacros(client: LanguageClient, ready: Promise<void>): (source: vscode.Uri) => Promise<ExpandMacrosResult | null> {
  return async (source) => {
    await ready;
    const params: ExpandMacrosParams = { uri: client.code2ProtocolConverter.asUri(source) };
    return client.sendRequest<ExpandMacrosResult | null>(EXPAND_MACROS_REQUEST, params);
  };
}

/** The sample data files the user chose (URIs), undefined for the tests' own attack data. */
export function chosenSampleData(context: vscode.ExtensionContext): string[] | undefined {
  const value = context.workspaceState.get<unknown>(SAMPLE_DATA_STATE_KEY);
  return Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0 ? value : undefined;
}

/** The file a command acts on: its argument, else the active editor's document. */
function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

async function runThroughExplorer(c: CommandContext, include: vscode.TestItem[] | undefined, label: string): Promise<TestRunOutcome> {
  const request = new vscode.TestRunRequest(include);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `SPL Workbench: running ${label}`, cancellable: true },
    (_progress, token) => c.explorer.run(request, token),
  );
  const rows = outcome.results.reduce((s, r) => s + r.rows, 0);
  const riskEvents = outcome.results.reduce((s, r) => s + r.riskEvents, 0);
  const durationMs = outcome.results.reduce((s, r) => s + r.durationMs, 0);
  const failed = outcome.results.filter((r) => !r.passed);
  const runLabel = outcome.results.length === 1 ? `${outcome.results[0].detection} › ${outcome.results[0].test}` : `${outcome.results.length} tests`;
  c.statusBar.reportRun({ label: runLabel, rows, riskEvents, durationMs });
  if (outcome.cancelled) void vscode.window.showWarningMessage(`SPL Workbench: the run of ${label} was cancelled.`);
  else if (outcome.results.length === 0) void vscode.window.showWarningMessage(`SPL Workbench: no detection tests found for ${label}.`);
  else if (failed.length > 0) void vscode.window.showErrorMessage(`SPL Workbench: ${failed.length} of ${outcome.results.length} tests failed: ${failed[0].detection} › ${failed[0].test}: ${failed[0].reason}`);
  else void vscode.window.showInformationMessage(`SPL Workbench: ${outcome.results.length} tests passed.`);
  return outcome;
}

async function waitForIdle(c: CommandContext, token: vscode.CancellationToken): Promise<ServerStatus> {
  for (;;) {
    const status = await c.serverStatus();
    if ((status.indexed ?? true) && (status.pendingDiagnostics ?? 0) === 0) return status;
    if (token.isCancellationRequested) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const { context, explorer } = c;
  return [
    vscode.commands.registerCommand('splWorkbench.runTestsInFile', async (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) {
        void vscode.window.showWarningMessage('SPL Workbench: open a detection to run its tests.');
        return undefined;
      }
      const item = await explorer.discoverFile(uri);
      if (!item) {
        void vscode.window.showWarningMessage(`SPL Workbench: ${vscode.workspace.asRelativePath(uri, false)} has no detection tests.`);
        return { results: [], cancelled: false };
      }
      return runThroughExplorer(c, [item], `the tests of ${item.label}`);
    }),
    vscode.commands.registerCommand('splWorkbench.runAllTests', async () => {
      await explorer.refresh();
      return runThroughExplorer(c, undefined, 'all detection tests');
    }),
    vscode.commands.registerCommand('splWorkbench.expandMacros', async (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) {
        void vscode.window.showWarningMessage('SPL Workbench: open a detection to expand its macros.');
        return undefined;
      }
      const document = await vscode.workspace.openTextDocument(expandedUriOf(uri));
      await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return document.uri;
    }),
    vscode.commands.registerCommand('splWorkbench.validateWorkspace', async () => {
      const status = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'SPL Workbench: checking the workspace', cancellable: true },
        (_progress, token) => waitForIdle(c, token),
      );
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      const problems = vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === undefined || /spl/i.test(d.source)).length, 0);
      void vscode.window.showInformationMessage(`SPL Workbench: ${status.contentRoots?.length ?? 0} content roots checked, ${problems} problems.`);
      return status;
    }),
    // With an argument (URIs; an empty list clears the choice) the files are set without asking,
    // for keybindings and scripts.
    vscode.commands.registerCommand('splWorkbench.chooseSampleData', async (given?: unknown) => {
      if (Array.isArray(given)) {
        const uris = given.map((f: unknown) => (f instanceof vscode.Uri ? f.toString() : String(f)));
        await context.workspaceState.update(SAMPLE_DATA_STATE_KEY, uris.length ? uris : undefined);
        c.sampleDataChanged();
        return chosenSampleData(context);
      }
      const locations = vscode.workspace.getConfiguration('splWorkbench').get<string[]>('sampleData.locations') ?? [];
      const globs = locations.length ? locations.map((l) => (/[*?{]/.test(l) ? l : `${l.replace(/\/$/, '')}/${SAMPLE_DATA_GLOB}`)) : [SAMPLE_DATA_GLOB];
      const found = new Map<string, vscode.Uri>();
      for (const glob of globs) for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**', 2000)) found.set(uri.toString(), uri);
      const chosen = new Set(chosenSampleData(context) ?? []);
      type Pick = vscode.QuickPickItem & { uri?: vscode.Uri };
      const items: Pick[] = [
        { label: "$(beaker) The tests' own attack data", description: 'clear the choice', picked: chosen.size === 0 },
        ...[...found.values()]
          .sort((a, b) => a.path.localeCompare(b.path))
          .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri, picked: chosen.has(uri.toString()) })),
      ];
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'SPL Workbench: sample data for runs and previews', placeHolder: 'NDJSON files to run detections on' });
      if (!picked) return chosenSampleData(context);
      const files = picked.filter((p) => p.uri).map((p) => (p.uri as vscode.Uri).toString());
      await context.workspaceState.update(SAMPLE_DATA_STATE_KEY, files.length ? files : undefined);
      c.sampleDataChanged();
      return chosenSampleData(context);
    }),
  ];
}
