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
