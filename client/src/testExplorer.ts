// The Test Explorer: every detection of the workspace with the tests its YAML lists under
// `tests:`, refreshed when detection files change. Runs go to the language server
// (`splWorkbench/runTests`), which runs them with the engine and judges them as `contentctl test`.
import * as vscode from 'vscode';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { DetectionTestResult, RunTestsParams, RunTestsResult } from '../../server/src/lsp/protocol';

export const DETECTION_GLOB = '**/detections/**/*.{yml,yaml}';

export interface DiscoveredTest {
  readonly name: string;
  readonly index: number;
  readonly range: vscode.Range;
}

export interface DiscoveredDetection {
  readonly name: string | undefined;
  readonly range: vscode.Range | undefined;
  readonly tests: readonly DiscoveredTest[];
}

/** The detection name and tests of a YAML text; undefined when it is not a detection (no
 * `search:`) or cannot be parsed at all. */
export function discoverTests(text: string): DiscoveredDetection | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const root = doc.contents;
  if (!isMap(root) || !root.has('search')) return undefined;
  const toRange = (node: unknown): vscode.Range | undefined => {
    const r = (node as { range?: [number, number, number] } | undefined)?.range;
    if (!r) return undefined;
    const start = lineCounter.linePos(r[0]);
    const end = lineCounter.linePos(r[1]);
    return new vscode.Range(start.line - 1, start.col - 1, end.line - 1, end.col - 1);
  };
  const nameNode = root.get('name', true);
  const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  const tests: DiscoveredTest[] = [];
  const seq = root.get('tests', true);
  if (isSeq(seq)) {
    seq.items.forEach((item, index) => {
      const testName = isMap(item) ? item.get('name', true) : undefined;
      const label = isScalar(testName) && testName.value !== null ? String(testName.value) : `test ${index + 1}`;
      const range = toRange(testName) ?? toRange(item);
      if (range) tests.push({ name: label, index, range });
    });
  }
  return { name, range: toRange(nameNode), tests };
}

export type RunTestsRequest = (params: RunTestsParams, token: vscode.CancellationToken) => Promise<RunTestsResult>;

export interface TestRunOutcome {
  readonly results: readonly DetectionTestResult[];
  readonly cancelled: boolean;
}

export class DetectionTestExplorer implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('splWorkbench.detectionTests', 'Detection Tests');
  private readonly disposables: vscode.Disposable[] = [this.controller];
  private last: TestRunOutcome | undefined;
  private readonly finished = new vscode.EventEmitter<TestRunOutcome>();
  /** Fires when a run ends. */
  readonly onDidFinishRun = this.finished.event;
  private discovery: Promise<void> | undefined;

  constructor(
    private readonly runRequest: RunTestsRequest,
    private readonly dataFiles: () => readonly string[] | undefined,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discoverAll();
    };
    this.controller.refreshHandler = () => this.discoverAll();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token).then(() => undefined), true);
    const watcher = vscode.workspace.createFileSystemWatcher(DETECTION_GLOB);
    this.disposables.push(
      watcher,
      this.finished,
      watcher.onDidCreate((uri) => void this.discoverFile(uri)),
      watcher.onDidChange((uri) => void this.discoverFile(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === 'file' && vscode.languages.match({ pattern: DETECTION_GLOB }, e.document)) this.update(e.document.uri, e.document.getText());
      }),
    );
  }

  /** The outcome of the last run. */
  get lastRun(): TestRunOutcome | undefined {
    return this.last;
  }

  /** Finds every detection test of the workspace (once; `refresh` to search again). */
  discoverAll(): Promise<void> {
    this.discovery ??= (async () => {
      const uris = await vscode.workspace.findFiles(DETECTION_GLOB, '**/node_modules/**');
      await Promise.all(uris.map((uri) => this.discoverFile(uri)));
    })();
    return this.discovery;
  }

  async refresh(): Promise<void> {
    this.discovery = undefined;
    await this.discoverAll();
  }

  async discoverFile(uri: vscode.Uri): Promise<vscode.TestItem | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    try {
      text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.controller.items.delete(uri.toString());
      return undefined;
    }
    return this.update(uri, text);
  }

  private update(uri: vscode.Uri, text: string): vscode.TestItem | undefined {
    const found = discoverTests(text);
    if (!found || found.tests.length === 0) {
      this.controller.items.delete(uri.toString());
      return undefined;
    }
    const item = this.controller.items.get(uri.toString()) ?? this.controller.createTestItem(uri.toString(), found.name ?? uri.path, uri);
    item.label = found.name ?? vscode.workspace.asRelativePath(uri, false);
    item.range = found.range;
    item.children.replace(
      found.tests.map((t) => {
        const child = this.controller.createTestItem(`${uri.toString()}#${t.index}`, t.name, uri);
        child.range = t.range;
        return child;
      }),
    );
    this.controller.items.add(item);
    return item;
  }

  /** Every test item under the request's `include` (all when absent), minus `exclude`. */
  private testsOf(request: vscode.TestRunRequest): vscode.TestItem[] {
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const out: vscode.TestItem[] = [];
    const add = (item: vscode.TestItem): void => {
      if (excluded.has(item.id)) return;
      if (item.children.size === 0) {
        if (item.id.includes('#')) out.push(item);
        return;
      }
      item.children.forEach(add);
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    return out;
  }

  /** Runs the tests of a request through the language server and reports them in a TestRun. */
  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<TestRunOutcome> {
    await this.discoverAll();
    const items = this.testsOf(request);
    const byId = new Map(items.map((i) => [i.id, i]));
    const run = this.controller.createTestRun(request);
    for (const item of items) run.enqueued(item);
    for (const item of items) run.started(item);
    const params: RunTestsParams = {
      tests: items.map((i) => {
        const [uri, index] = i.id.split('#');
        return { uri, index: Number(index) };
      }),
      ...(this.dataFiles()?.length ? { dataFiles: this.dataFiles() } : {}),
    };
    let results: readonly DetectionTestResult[] = [];
    let cancelled = false;
    try {
      if (items.length > 0 && !token.isCancellationRequested) {
        // A cancelled token stops waiting at once; the server stops after the test it is running.
        const cancel = new Promise<undefined>((resolve) => {
          const listener = token.onCancellationRequested(() => {
            listener.dispose();
            resolve(undefined);
          });
        });
        const answer = await Promise.race([this.runRequest(params, token), cancel]);
        if (answer) results = answer.results;
      }
      cancelled = token.isCancellationRequested;
      for (const result of results) {
        const item = byId.get(`${vscode.Uri.parse(result.uri).toString()}#${result.index}`);
        if (!item) continue;
        byId.delete(item.id);
        if (result.passed) run.passed(item, result.durationMs);
        else {
          const message = new vscode.TestMessage(result.reasons.length > 1 ? result.reasons.join('\n') : result.reason);
          if (item.uri) message.location = new vscode.Location(item.uri, toRange(result.range));
          run.failed(item, message, result.durationMs);
        }
      }
      // What the server did not answer for: cancelled, or no longer a test there.
      for (const item of byId.values()) {
        if (cancelled) run.skipped(item);
        else run.errored(item, new vscode.TestMessage('The language server did not run this test (the detection or test is no longer there).'));
      }
    } catch (error) {
      const message = new vscode.TestMessage(`The run failed: ${error instanceof Error ? error.message : String(error)}`);
      for (const item of byId.values()) run.errored(item, message);
      cancelled = token.isCancellationRequested;
    } finally {
      run.end();
    }
    this.last = { results, cancelled };
    this.finished.fire(this.last);
    return this.last;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toRange(range: DetectionTestResult['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
