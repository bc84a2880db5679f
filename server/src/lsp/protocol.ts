// Custom requests between the extension and the language server. Types only: both sides import
// this file, so it must stay free of runtime dependencies on either library.

/** `splWorkbench/serverStatus`: lets the client (and the integration tests) check that the
 * server is alive and which documents it tracks. */
export const SERVER_STATUS_REQUEST = 'splWorkbench/serverStatus';

export interface ServerStatus {
  readonly name: 'spl-workbench-language-server';
  readonly version: string;
  readonly pid: number;
  /** URIs of the documents the server currently has open. */
  readonly openDocuments: readonly string[];
  /** The workspace folders have been searched and their content roots loaded. */
  readonly indexed?: boolean;
  /** Absolute paths of the content roots found in the workspace folders. */
  readonly contentRoots?: readonly string[];
  /** Files whose diagnostics are still to be computed (0 once the server is idle). */
  readonly pendingDiagnostics?: number;
}

/** `splWorkbench/sampleDataStatus`: whether the sample data behind hover and completion values
 * (the detections' test data files, their previews) is loaded. */
export const SAMPLE_DATA_STATUS_REQUEST = 'splWorkbench/sampleDataStatus';

export interface SampleDataStatus {
  /** The workspace is indexed and no sample data is waiting to be read or run. */
  readonly loaded: boolean;
  /** Data files summarised. */
  readonly files: number;
  /** Events summarised over those files. */
  readonly events: number;
  /** Detections with a preview of their first result rows. */
  readonly previews: number;
}

/** `splWorkbench/runTests`: runs detection tests with the local engine, as `spl-workbench test`
 * judges them. Without `uris` and `tests`, every detection test of the workspace. */
export const RUN_TESTS_REQUEST = 'splWorkbench/runTests';

export interface RunTestsParams {
  /** Detection files whose every test runs. */
  readonly uris?: readonly string[];
  /** Single tests (index into the detection's `tests:`). */
  readonly tests?: readonly { readonly uri: string; readonly index: number }[];
  /** NDJSON files chosen by the user: they replace the tests' attack data. */
  readonly dataFiles?: readonly string[];
}

/** A 0-based LSP range (types only: no dependency on the protocol library). */
export interface ProtocolRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export interface DetectionTestResult {
  readonly uri: string;
  /** The detection's name. */
  readonly detection: string;
  /** The test's name. */
  readonly test: string;
  /** Index of the test in the detection's `tests:`. */
  readonly index: number;
  readonly passed: boolean;
  /** The verdict in one line: why it failed, or the summary of a pass. */
  readonly reason: string;
  readonly reasons: readonly string[];
  readonly durationMs: number;
  /** The test entry in the YAML file. */
  readonly range: ProtocolRange;
  /** Result rows of the search and the risk events they raise. */
  readonly rows: number;
  readonly riskEvents: number;
}

export interface RunTestsResult {
  readonly results: readonly DetectionTestResult[];
}

/** `splWorkbench/expandMacros`: the fully expanded search of a detection (or `.spl` file) with
 * where each macro's text came from. */
export const EXPAND_MACROS_REQUEST = 'splWorkbench/expandMacros';

export interface ExpandMacrosParams {
  readonly uri: string;
}

export interface MacroProvenance {
  readonly macro: string;
  /** Nesting depth: 0 for a call written in the search itself. */
  readonly depth: number;
  readonly callSite: { readonly uri: string; readonly range: ProtocolRange };
  /** Where the definition used lives; absent for an unknown macro. */
  readonly definition?: { readonly uri: string; readonly range: ProtocolRange };
  /** What the call became in the expanded text (offsets into `expanded`). */
  readonly expanded: { readonly start: number; readonly end: number };
}

export interface ExpandMacrosResult {
  readonly expanded: string;
  readonly provenance: readonly MacroProvenance[];
  /** Expansion errors (unknown macro, wrong arity), as messages. */
  readonly errors: readonly string[];
}

/** `splWorkbench/preview`: runs a detection with the local engine on its tests' attack data (or
 * the files given) and returns what the preview panel shows. */
export const PREVIEW_REQUEST = 'splWorkbench/preview';

export interface PreviewParams {
  /** The detection's document. */
  readonly uri: string;
  /** Epoch seconds of the scheduled run (window `schedule`); default: the newest event + 10 min. */
  readonly now?: number;
  /** `all` (every event, the default) or the deployment's scheduled window at `now`. */
  readonly window?: 'all' | 'schedule';
  /** NDJSON files (absolute paths or file URIs) to run on instead of the tests' attack data. */
  readonly dataFiles?: readonly string[];
  /** Progress of the run (bytes and events read) is reported on this token ($/progress). */
  readonly workDoneToken?: string | number;
}

/** A value of a result cell: a scalar, or a list for a multivalue field. */
export type PreviewValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

export interface PreviewHeader {
  readonly name: string;
  readonly type: string;
  readonly dataSources: readonly string[];
  readonly files: readonly { readonly path: string; readonly sourcetype?: string }[];
  /** Where the files come from: the tests' attack data, or files the user chose. */
  readonly data: 'tests' | 'chosen';
  readonly events: number;
  /** ISO times of the window, or undefined for every event. */
  readonly window?: { readonly now: string; readonly earliest: string; readonly latest: string; readonly note: string };
  readonly runMs: number;
}

/** A piece of a rendered risk message: literal text, or a token's value (`missing` when the row
 * has none). */
export interface MessagePart {
  readonly text: string;
  readonly token?: string;
  readonly missing?: boolean;
}

export interface PreviewRiskEvent {
  readonly row: number;
  readonly message: string;
  readonly parts: readonly MessagePart[];
  readonly riskObject: string;
  readonly riskObjectField: string;
  readonly riskObjectType: string;
  readonly score: number | null;
  readonly severity: string | null;
  readonly threatObjects: readonly { readonly field: string; readonly type: string; readonly value: string }[];
}

/** One piece of the expanded search: text written in the detection, or text a macro produced. */
export interface ExpandedPiece {
  readonly text: string;
  /** The outermost macro whose expansion this is. */
  readonly macro?: string;
}

export interface PreviewError {
  readonly code: string;
  readonly message: string;
  /** 0-based place in the detection file. */
  readonly line?: number;
  readonly character?: number;
  /** The line of the file, for showing the place. */
  readonly lineText?: string;
}

export interface PreviewResult {
  readonly uri: string;
  readonly header: PreviewHeader;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, PreviewValue>[];
  /** Rows the search returned (`rows` holds at most `splWorkbench.preview.rowLimit` of them). */
  readonly totalRows: number;
  readonly risk: readonly PreviewRiskEvent[];
  readonly riskWarnings: readonly string[];
  readonly stages: readonly { readonly command: string; readonly rows_in: number; readonly rows_out: number; readonly ms: number }[];
  readonly dropped: readonly { readonly stage: number; readonly command: string; readonly by_field: string; readonly rows: number }[];
  /** The events that formed the rows sent (the engine tracks them), each once, every field, for
   * drilldown and the timeline; only among the first 2,000 events the search matched. */
  readonly events: readonly Record<string, PreviewValue>[];
  /** The fields that group the rows (the by-fields of the first stats); empty when not grouped. */
  readonly groupBy: readonly string[];
  /** For each row, the indexes in `events` of the events that formed it. */
  readonly rowEvents: readonly (readonly number[])[];
  /** For each row, how many events formed it (more than `rowEvents[i]` lists when capped). */
  readonly rowEventCounts: readonly number[];
  /** Some events that formed the rows are not in `events` (beyond the cap). */
  readonly eventsCapped: boolean;
  readonly expanded: readonly ExpandedPiece[];
  readonly warnings: readonly string[];
  readonly error?: PreviewError;
}
