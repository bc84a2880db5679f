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
}
