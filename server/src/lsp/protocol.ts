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
