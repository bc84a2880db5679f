// Script of the "Preview Detection Results" webview. It only renders what the extension posts to
// it; every value goes through textContent, never innerHTML, so event data cannot inject markup.
// After each render it posts back what it shows (row count, risk messages, the cells' text, how
// long the render took), which the integration tests read through the extension's API.
import type { Chart } from 'chart.js';
import type { PreviewResult } from '../../server/src/lsp/protocol';
import type { FromWebview, RenderReport, ToWebview } from '../src/preview/messages';
import { groupChart, timelineChart } from './charts';
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
    ...(error !== undefined ? { error } : {}),
  };
  vscode.postMessage({ type: 'rendered', report: message });
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
  const parts: Node[] = [headerView(result)];
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
  parts.push(resultsSection);
  const group = groupChart(result, selectRow);
  const timeline = timelineChart(result);
  charts = [group.chart, timeline.chart].filter((c): c is Chart => c !== undefined);
  parts.push(el('div', 'charts', [group.element, timeline.element]));
  parts.push(riskView(result, selectRow), funnelView(result), drill, expandedView(result));
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
    if (data.type === 'result') render(root, data.run, data.result);
    else if (data.type === 'loading') {
      const note = el('p', 'progress', [`Running ${data.what}…`], { role: 'status' });
      const existing = root.querySelector('.progress');
      if (existing) existing.replaceWith(note);
      else root.prepend(note);
    } else {
      const started = performance.now();
      root.replaceChildren(...(current ? [headerView(current)] : []), errorView(undefined, data.message, () => undefined));
      report(root, 0, current, undefined, started, data.message);
    }
  });
  vscode.postMessage({ type: 'ready' });
}
