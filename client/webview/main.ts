// Script of the "Preview Detection Results" webview. It only renders what the extension posts to
// it; every value goes through textContent, never innerHTML, so event data cannot inject markup.
// After each render it posts back what it shows (row count, risk messages, the cells' text, how
// long the render took), which the integration tests read through the extension's API.
import type { Chart } from 'chart.js';
import type { PreviewResult } from '../../server/src/lsp/protocol';
import type { FromWebview, PreviewControls, RenderReport, ToWebview } from '../src/preview/messages';
import { groupChart, timelineChart } from './charts';
import { controlsView } from './controls';
import { button, el } from './dom';
import { drilldownView, errorView, expandedView, funnelView, headerView, riskView } from './sections';
import { ResultsTable } from './table';
import { toCsv } from './values';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

// A hostile value that got to run code would most likely call one of these: report it.
for (const name of ['alert', 'confirm', 'prompt'] as const) {
  Object.defineProperty(window, name, {
    value: (...args: unknown[]) => vscode.postMessage({ type: 'injected', detail: `${name}(${args.map(String).join(', ')})` }),
  });
}

const FOREIGN = 'img, script, svg, iframe, object, embed, a[href^="javascript:" i], [onerror], [onload]';

let charts: Chart[] = [];
let current: PreviewResult | undefined;
let currentRun = 0;
let controls: PreviewControls | undefined;
/** What the run in progress is running (for the progress note). */
let running = '';

function controlsPart(): Node[] {
  if (!controls) return [];
  return [
    controlsView(controls, {
      setWindow: (window, now) => vscode.postMessage({ type: 'setWindow', window, now }),
      chooseData: () => vscode.postMessage({ type: 'chooseData' }),
      useTestData: () => vscode.postMessage({ type: 'useTestData' }),
    }),
  ];
}

/** The "Running…" note, with a progress bar once the server reports how much it has read. */
function showProgress(root: HTMLElement, message?: string, percentage?: number): void {
  const children: (Node | string)[] = [`Running ${running}…${message ? ` ${percentage !== undefined ? `${percentage}% · ` : ''}${message}` : ''}`];
  if (percentage !== undefined) children.push(el('progress', undefined, [], { max: '100', value: String(percentage), 'aria-label': 'Run progress' }));
  const note = el('div', 'progress', children, { role: 'status' });
  const existing = root.querySelector('.progress');
  if (existing) existing.replaceWith(note);
  else root.prepend(note);
}

function cellTexts(table: ResultsTable): string[][] {
  return table.renderedCells();
}

function report(root: HTMLElement, run: number, result: PreviewResult | undefined, table: ResultsTable | undefined, started: number, error?: string): void {
  const message: RenderReport = {
    run,
    uri: result?.uri ?? '',
    rows: table?.rowCount ?? 0,
    renderedRows: table?.renderedRowCount ?? 0,
    riskMessages: Array.from(root.querySelectorAll<HTMLElement>('.risk-message')).map((m) => m.textContent ?? ''),
    cells: table ? cellTexts(table) : [],
    renderMs: performance.now() - started,
    foreignElements: root.querySelectorAll(FOREIGN).length,
    ...controlsReport(root),
    ...(error !== undefined ? { error } : {}),
  };
  vscode.postMessage({ type: 'rendered', report: message });
}

function controlsReport(root: HTMLElement): Pick<RenderReport, 'controls'> {
  const select = root.querySelector<HTMLSelectElement>('.run-controls select.window-select');
  const now = root.querySelector<HTMLInputElement>('.run-controls input.now-input');
  const data = root.querySelector('.run-controls .data-choice');
  if (!select || !now || !data) return {};
  return { controls: { window: select.value, now: now.value, data: data.textContent ?? '' } };
}

function copyButtons(result: PreviewResult, table: ResultsTable): HTMLElement {
  const csv = button('Copy as CSV', () => vscode.postMessage({ type: 'copy', format: 'csv', text: toCsv(result.columns, table.visibleRows()) }), 'Copy the rows (filtered and sorted) as CSV');
  const json = button('Copy as JSON', () => vscode.postMessage({ type: 'copy', format: 'json', text: JSON.stringify(table.visibleRows(), null, 2) }), 'Copy the rows (filtered and sorted) as JSON');
  const rerun = button('Run again', () => vscode.postMessage({ type: 'refresh' }));
  return el('div', 'buttons', [csv, json, rerun]);
}

function render(root: HTMLElement, run: number, result: PreviewResult): void {
  const started = performance.now();
  current = result;
  currentRun = run;
  for (const c of charts) c.destroy();
  charts = [];
  const reveal = (line: number, character: number): void => vscode.postMessage({ type: 'reveal', line, character });
  const parts: Node[] = [headerView(result), ...controlsPart()];
  if (result.error) {
    parts.push(errorView(result.error, undefined, reveal));
    if (result.expanded.length) parts.push(expandedView(result));
    root.replaceChildren(...parts);
    report(root, currentRun, result, undefined, started, result.error.message);
    return;
  }
  for (const w of result.warnings) parts.push(el('p', 'warning', [w]));

  let drill = drilldownView(result, undefined);
  const selectRow = (row: number): void => {
    const next = drilldownView(result, row);
    drill.replaceWith(next);
    drill = next;
  };
  let rendered = false;
  const table: ResultsTable = new ResultsTable({
    columns: result.columns,
    rows: result.rows,
    onSelect: selectRow,
    onRender: () => {
      if (rendered) report(root, run, result, table, performance.now());
    },
  });
  const more = result.totalRows > result.rows.length ? [el('p', 'warning', [`Showing the first ${result.rows.length} of ${result.totalRows} rows.`])] : [];
  const resultsSection = el('section', 'results-section', [el('h2', undefined, ['Results']), copyButtons(result, table), ...more, table.element], { 'aria-label': 'Results' });
  // The drilldown sits under the table, where a selected row's events are seen without scrolling.
  parts.push(resultsSection, drill);
  // A row chosen outside the table (a chart bar, a risk event): mark it and show its events.
  const selectElsewhere = (row: number): void => {
    table.highlight(row);
    selectRow(row);
    drill.scrollIntoView({ block: 'nearest' });
  };
  const group = groupChart(result, selectElsewhere);
  const timeline = timelineChart(result);
  charts = [group.chart, timeline.chart].filter((c): c is Chart => c !== undefined);
  parts.push(el('div', 'charts', [group.element, timeline.element]));
  parts.push(riskView(result, selectElsewhere), funnelView(result), expandedView(result));
  root.replaceChildren(...parts);
  table.render();
  rendered = true;
  report(root, run, result, table, started);
}

function isMessage(data: unknown): data is ToWebview {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

const root = document.getElementById('root');
if (root) {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isMessage(data)) return;
    if (data.type === 'result') {
      controls = data.controls;
      render(root, data.run, data.result);
    } else if (data.type === 'loading') {
      controls = data.controls;
      running = data.what;
      showProgress(root);
    } else if (data.type === 'progress') {
      showProgress(root, data.message, data.percentage);
    } else {
      const started = performance.now();
      root.replaceChildren(...(current ? [headerView(current)] : []), ...controlsPart(), errorView(undefined, data.message, () => undefined));
      report(root, 0, current, undefined, started, data.message);
    }
  });
  vscode.postMessage({ type: 'ready' });
}
