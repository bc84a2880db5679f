// The VS Code side of spl-workbench: starts the language server over IPC and registers the
// commands. Everything SPL-specific lives in the server and its pure core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { DETECTION_DOCUMENT_SELECTOR } from './documentSelector';
import { SERVER_STATUS_REQUEST, type DetectionTestResult, type ServerStatus } from '../../server/src/lsp/protocol';
import { CODE_LENS_SELECTOR, DetectionCodeLensProvider } from './codeLens';
import { chosenSampleData, registerCommands, sendExpandMacros, sendRunTests } from './commands';
import { EXPANDED_SCHEME, ExpandedDocumentProvider } from './expandedDocument';
import { RunStatusBar, type RunSummary } from './statusBar';
import { DetectionTestExplorer, type TestRunOutcome } from './testExplorer';
import { PreviewPanel, type PreviewOptions, type PreviewState } from './preview/panel';

export interface SplWorkbenchApi {
  /** Resolves once the language server has answered `initialize`. */
  readonly ready: Promise<void>;
  /** Asks the server for its status: a real request/response round trip. */
  serverStatus(): Promise<ServerStatus>;
  /** The results preview: open it on a detection, and read what it last ran and rendered. */
  readonly preview: {
    show(uri: vscode.Uri, options?: PreviewOptions): Promise<void>;
    /** Sets the window and "now" controls as the webview's controls do, and runs again. */
    setWindow(window: 'all' | 'schedule', now: string): Promise<void>;
    state(): PreviewState;
    readonly isOpen: boolean;
  };
  /** The Test Explorer's controller (detections and their tests). */
  readonly testController: vscode.TestController;
  /** Runs tests as the Test Explorer does: `include` items, or all when absent. */
  runTests(include?: readonly vscode.TestItem[], token?: vscode.CancellationToken): Promise<TestRunOutcome>;
  /** The results of the last test run. */
  lastTestResults(): readonly DetectionTestResult[] | undefined;
  /** Shows a finished run (rows, risk events, time) in the status bar. */
  reportRun(summary: RunSummary): void;
  /** The status bar text of the last run. */
  statusBarText(): string;
  /** The CodeLens provider of detection files. */
  readonly codeLensProvider: vscode.CodeLensProvider;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SplWorkbenchApi> {
  const output = vscode.window.createOutputChannel('SPL Workbench');
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DETECTION_DOCUMENT_SELECTOR,
    outputChannel: output,
  };
  const languageClient = new LanguageClient('splWorkbench', 'SPL Workbench', serverOptions, clientOptions);
  client = languageClient;
  const ready = languageClient.start();

  const serverStatus = async (): Promise<ServerStatus> => {
    await ready;
    return languageClient.sendRequest(SERVER_STATUS_REQUEST);
  };

  const statusBar = new RunStatusBar();
  const preview = new PreviewPanel({
    extensionUri: context.extensionUri,
    client: languageClient,
    ready,
    output,
    chosenData: () => chosenSampleData(context),
    chooseData: () => Promise.resolve(vscode.commands.executeCommand('splWorkbench.chooseSampleData')),
    clearData: () => Promise.resolve(vscode.commands.executeCommand('splWorkbench.chooseSampleData', [])),
    onResult: (result) => statusBar.reportRun({ label: result.header.name, rows: result.totalRows, riskEvents: result.risk.length, durationMs: result.header.runMs }),
  });
  context.subscriptions.push(
    preview,
    vscode.commands.registerCommand('splWorkbench.previewDetection', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Open a detection (a YAML file under detections/) to preview its results.');
        return;
      }
      await preview.show(target);
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('splWorkbench.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('splWorkbench.serverStatus', serverStatus),
  );

  // Commands, Test Explorer, CodeLens, status bar and the expanded-search documents.
  const explorer = new DetectionTestExplorer(sendRunTests(languageClient, ready), () => chosenSampleData(context));
  const expanded = new ExpandedDocumentProvider(sendExpandMacros(languageClient, ready));
  const codeLensProvider = new DetectionCodeLensProvider();
  void explorer.discoverAll();
  context.subscriptions.push(
    statusBar,
    explorer,
    expanded,
    vscode.workspace.registerTextDocumentContentProvider(EXPANDED_SCHEME, expanded),
    expanded.watchEdits(),
    vscode.languages.registerCodeLensProvider(CODE_LENS_SELECTOR, codeLensProvider),
    ...registerCommands({ context, client: languageClient, ready, explorer, statusBar, serverStatus, sampleDataChanged: () => preview.sampleDataChanged() }),
  );

  return {
    ready,
    serverStatus,
    preview: {
      show: (uri, options) => preview.show(uri, options),
      setWindow: (window, now) => preview.setWindow(window, now),
      state: () => preview.current,
      get isOpen() {
        return preview.isOpen;
      },
    },
    testController: explorer.controller,
    runTests: (include, token) => explorer.run(new vscode.TestRunRequest(include), token ?? new vscode.CancellationTokenSource().token),
    lastTestResults: () => explorer.lastRun?.results,
    reportRun: (summary) => statusBar.reportRun(summary),
    statusBarText: () => statusBar.text,
    codeLensProvider,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
