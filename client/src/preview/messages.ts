// Messages between the preview panel (extension side) and its webview script. Types only: both
// sides import this file.
import type { PreviewResult } from '../../../server/src/lsp/protocol';

/** Extension → webview. */
export type ToWebview =
  | { readonly type: 'loading'; readonly what: string }
  /** `run` numbers the results: a report names the run it rendered. */
  | { readonly type: 'result'; readonly run: number; readonly result: PreviewResult }
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
  | { readonly type: 'refresh' };
