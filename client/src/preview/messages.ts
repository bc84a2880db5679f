// Messages between the preview panel (extension side) and its webview script. Types only: both
// sides import this file.
import type { PreviewResult } from '../../../server/src/lsp/protocol';

/** What the preview runs on, as its controls show it. */
export interface PreviewControls {
  /** Every event, or the scheduled window at `now`. */
  readonly window: 'all' | 'schedule';
  /** The "now" the user typed (ISO 8601), or '' for the default. */
  readonly now: string;
  /** What the default "now" is (the setting, or the newest event + 10 minutes). */
  readonly nowDefault: string;
  /** The data: the tests' attack data, or files the user chose (Choose Sample Data). */
  readonly data: 'tests' | 'chosen';
  readonly chosenFiles: number;
}

/** Extension → webview. */
export type ToWebview =
  | { readonly type: 'loading'; readonly what: string; readonly controls: PreviewControls }
  /** Bytes and events read so far by the run in progress. */
  | { readonly type: 'progress'; readonly message: string; readonly percentage?: number }
  /** `run` numbers the results: a report names the run it rendered. */
  | { readonly type: 'result'; readonly run: number; readonly result: PreviewResult; readonly controls: PreviewControls }
  /** The request itself failed (the server is down, the document is not a detection). */
  | { readonly type: 'failure'; readonly message: string };

/** What the webview rendered, posted back after each render (the integration tests read it). */
export interface RenderReport {
  /** The run whose result was rendered (0 for a failure message). */
  readonly run: number;
  readonly uri: string;
  /** Rows the table holds (after the filter). */
  readonly rows: number;
  /** Table rows in the DOM (the table is virtualized). */
  readonly renderedRows: number;
  readonly riskMessages: readonly string[];
  /** textContent of the rendered cells, row by row. */
  readonly cells: readonly (readonly string[])[];
  /** Milliseconds the render took in the webview. */
  readonly renderMs: number;
  /** Elements that event values must never create (img, script, svg, iframe, a[href^=javascript]). */
  readonly foreignElements: number;
  /** The run controls as the DOM shows them (absent before the first result). */
  readonly controls?: { readonly window: string; readonly now: string; readonly data: string };
  readonly error?: string;
}

/** Webview → extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly report: RenderReport }
  /** A hostile value ran code in the webview (it must never happen). */
  | { readonly type: 'injected'; readonly detail: string }
  | { readonly type: 'copy'; readonly text: string; readonly format: 'csv' | 'json' }
  | { readonly type: 'reveal'; readonly line: number; readonly character: number }
  | { readonly type: 'refresh' }
  /** The window and "now" controls changed (`now` is ISO 8601, or '' for the default). */
  | { readonly type: 'setWindow'; readonly window: 'all' | 'schedule'; readonly now: string }
  /** Pick sample data files (the Choose Sample Data command), or go back to the tests' data. */
  | { readonly type: 'chooseData' }
  | { readonly type: 'useTestData' };
