// The "Preview Detection Results" panel: asks the language server to run the detection
// (`splWorkbench/preview`) and posts the result to the webview script (dist/webview/main.js),
// which renders it with textContent only. The page has a strict Content-Security-Policy: no
// script but the bundled one (with a nonce), no remote content, resources only from dist/webview.
// The preview follows its detection: an edit to the detection, a macro or a sample data file
// reruns it (debounced); a newer run cancels the one still running. The server reports the run's
// progress ($/progress on the request's work-done token), which the webview shows. Its controls
// choose the window (every event, or the scheduled window at a "now") and the data (the tests'
// attack data, or the files of Choose Sample Data).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { PREVIEW_REQUEST, type PreviewParams, type PreviewResult } from '../../../server/src/lsp/protocol';
import type { FromWebview, PreviewControls, RenderReport, ToWebview } from './messages';

const DEBOUNCE_MS = 300;

/** What the panel last did, for the integration tests (through the extension's API). */
export interface PreviewState {
  readonly result?: PreviewResult;
  readonly report?: RenderReport;
  /** Code a hostile value ran in the webview: must stay empty. */
  readonly injected: readonly string[];
  /** The progress the server reported for the latest run, as posted to the webview. */
  readonly progress: readonly string[];
}

export interface PreviewOptions {
  /** Sets the window control (kept for later runs until changed). */
  readonly window?: 'all' | 'schedule';
  /** Sets the "now" control, epoch seconds (kept for later runs until changed). */
  readonly now?: number;
  /** Data files for this preview only, instead of the chosen sample data or the tests' data. */
  readonly dataFiles?: readonly string[];
}

/** What the panel needs from the rest of the extension. */
export interface PreviewPanelHost {
  readonly extensionUri: vscode.Uri;
  readonly client: LanguageClient;
  readonly ready: Promise<void>;
  readonly output: vscode.OutputChannel;
  /** The sample data files chosen with Choose Sample Data (URIs), undefined for the tests' data. */
  chosenData(): readonly string[] | undefined;
  /** Asks the user for sample data (the Choose Sample Data command). */
  chooseData(): Promise<unknown>;
  /** Goes back to the tests' attack data. */
  clearData(): Promise<unknown>;
  /** A run finished (for the status bar). */
  onResult(result: PreviewResult): void;
}

function isoText(epochSeconds: number): string {
  return new Date(Math.round(epochSeconds * 1000)).toISOString().replace('.000Z', 'Z');
}

function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export class PreviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: vscode.Uri | undefined;
  /** Files given to show() for this preview only. */
  private dataFiles: readonly string[] | undefined;
  private window: 'all' | 'schedule' = 'all';
  /** The "now" control: ISO 8601, '' for the default. */
  private now = '';
  private running: vscode.CancellationTokenSource | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private state: { result?: PreviewResult; report?: RenderReport; injected: string[] } = { injected: [] };
  private progressPosted: string[] = [];
  /** Numbers the results posted to the webview; `state.result` is the result of run `runs`. */
  private runs = 0;
  /** The controls of the last result (shown again when the webview reloads). */
  private lastControls: PreviewControls | undefined;
  private readonly reported = new vscode.EventEmitter<RenderReport>();
  /** Fires after each render of the webview. */
  readonly onDidRender = this.reported.event;

  constructor(private readonly host: PreviewPanelHost) {
    this.disposables.push(
      this.reported,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && e.document.uri.scheme === 'file') this.scheduleRefresh();
      }),
      // The "now", field definitions, URL map and row limit are settings: a change reruns.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('splWorkbench')) this.scheduleRefresh();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{log,json,ndjson,yml,yaml,conf,csv}');
    this.disposables.push(watcher, watcher.onDidChange(() => this.scheduleRefresh()), watcher.onDidCreate(() => this.scheduleRefresh()), watcher.onDidDelete(() => this.scheduleRefresh()));
  }

  get current(): PreviewState {
    return { ...this.state, progress: this.progressPosted };
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens (or reveals) the panel on a detection and runs it. */
  async show(uri: vscode.Uri, options: PreviewOptions = {}): Promise<void> {
    this.target = uri;
    this.dataFiles = options.dataFiles;
    if (options.window) this.window = options.window;
    if (options.now !== undefined) this.now = isoText(options.now);
    this.runs++;
    this.state = { injected: this.state.injected };
    if (!this.panel) this.panel = this.createPanel();
    else this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    await this.refresh();
  }

  private createPanel(): vscode.WebviewPanel {
    const root = vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('splWorkbench.preview', 'Detection Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [root],
      retainContextWhenHidden: true,
    });
    panel.webview.html = this.html(panel.webview, root);
    panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.running?.cancel();
    }, undefined, this.disposables);
    return panel;
  }

  private html(webview: vscode.Webview, root: vscode.Uri): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
    const csp = [`default-src 'none'`, `script-src 'nonce-${n}'`, `style-src ${webview.cspSource} 'nonce-${n}'`, `img-src ${webview.cspSource} data:`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${n}">
<title>Detection Preview</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">Running the detection…</p></main>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private scheduleRefresh(): void {
    if (!this.panel || !this.target) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, DEBOUNCE_MS);
  }

  /** The files the next run reads instead of the tests' data: show()'s, else the chosen ones. */
  private runData(): readonly string[] | undefined {
    return this.dataFiles ?? this.host.chosenData();
  }

  /** The data and window of the next run, as the controls show them. */
  private controls(): PreviewControls {
    const setting = vscode.workspace.getConfiguration('splWorkbench').get<string>('schedule.now')?.trim();
    const chosen = this.runData();
    return {
      window: this.window,
      now: this.now,
      nowDefault: setting ? `${setting} (splWorkbench.schedule.now)` : this.window === 'schedule' ? 'the newest event + 10 minutes' : 'the current time',
      data: chosen?.length ? 'chosen' : 'tests',
      chosenFiles: chosen?.length ?? 0,
    };
  }

  /** Runs the detection again; a run still going is cancelled. */
  async refresh(): Promise<void> {
    const uri = this.target;
    if (!uri || !this.panel) return;
    this.running?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    const controls = this.controls();
    this.post({ type: 'loading', what: vscode.workspace.asRelativePath(uri), controls });
    const data = this.runData();
    const now = this.now ? Date.parse(this.now) / 1000 : undefined;
    const workDoneToken = `splWorkbench.preview.${nonce()}`;
    const params: PreviewParams = {
      uri: uri.toString(),
      window: this.window,
      ...(now !== undefined && Number.isFinite(now) ? { now } : {}),
      ...(data?.length ? { dataFiles: [...data] } : {}),
      workDoneToken,
    };
    const posted: string[] = [];
    this.progressPosted = posted;
    const progress = this.host.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind !== 'report' || this.running !== source) return;
      posted.push(`${value.percentage ?? '?'}% ${value.message ?? ''}`);
      this.post({ type: 'progress', message: value.message ?? '', ...(value.percentage !== undefined ? { percentage: value.percentage } : {}) });
    });
    try {
      await this.host.ready;
      const result = await this.host.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, params, source.token);
      if (source.token.isCancellationRequested) return;
      if (!result) {
        this.post({ type: 'failure', message: `${vscode.workspace.asRelativePath(uri)} is not a detection the language server knows` });
        return;
      }
      this.runs++;
      this.state = { injected: this.state.injected, result };
      this.lastControls = controls;
      if (this.panel) this.panel.title = `Preview: ${result.header.name}`;
      this.post({ type: 'result', run: this.runs, result, controls });
      if (!result.error) this.host.onResult(result);
    } catch (error) {
      if (source.token.isCancellationRequested) return;
      const message = error instanceof Error ? error.message : String(error);
      this.host.output.appendLine(`Preview failed: ${message}`);
      this.post({ type: 'failure', message });
    } finally {
      progress.dispose();
      if (this.running === source) this.running = undefined;
      source.dispose();
    }
  }

  private receive(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        if (this.state.result) this.post({ type: 'result', run: this.runs, result: this.state.result, controls: this.lastControls ?? this.controls() });
        break;
      case 'rendered':
        // A report of an older run (still on its way when a new one started) is not kept.
        if (message.report.run !== 0 && message.report.run !== this.runs) break;
        this.state = { ...this.state, report: message.report };
        this.reported.fire(message.report);
        break;
      case 'injected':
        this.state.injected.push(message.detail);
        this.host.output.appendLine(`Preview: a value ran code in the webview: ${message.detail}`);
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() => vscode.window.setStatusBarMessage(`Copied the results as ${message.format.toUpperCase()}`, 3000));
        break;
      case 'reveal':
        if (this.target) void this.reveal(this.target, message.line, message.character);
        break;
      case 'refresh':
        void this.refresh();
        break;
      case 'setWindow':
        void this.setWindow(message.window, message.now);
        break;
      // Both go through the Choose Sample Data command, which calls sampleDataChanged().
      case 'chooseData':
        void this.host.chooseData();
        break;
      case 'useTestData':
        void this.host.clearData();
        break;
    }
  }

  /** The window and "now" controls (what the webview's controls send); `now` is ISO 8601 or ''
   * for the default, and an unreadable one counts as ''. Runs the preview again. */
  async setWindow(window: 'all' | 'schedule', now: string): Promise<void> {
    this.window = window === 'schedule' ? 'schedule' : 'all';
    this.now = now.trim() !== '' && Number.isFinite(Date.parse(now)) ? now.trim() : '';
    await this.refresh();
  }

  /** The chosen sample data changed: the preview runs on it (files given to show() are dropped). */
  sampleDataChanged(): void {
    this.dataFiles = undefined;
    if (this.panel) void this.refresh();
  }

  private async reveal(uri: vscode.Uri, line: number, character: number): Promise<void> {
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const at = new vscode.Position(line, character);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.running?.cancel();
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
