// `splWorkbench/serverStatus`: a cheap request that proves the server is alive and shows which
// documents it tracks, which content roots it indexed and whether diagnostics are still pending.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from './diagnostics';
import { SERVER_STATUS_REQUEST, type ServerStatus } from './protocol';
import { SERVER_VERSION } from './version';
import type { Workspace } from './workspace/workspace';

export function registerServerStatus(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  workspace: Workspace,
  diagnostics: DiagnosticsPublisher,
): void {
  connection.onRequest(SERVER_STATUS_REQUEST, (): ServerStatus => ({
    name: 'spl-workbench-language-server',
    version: SERVER_VERSION,
    pid: process.pid,
    openDocuments: documents.keys(),
    indexed: workspace.isIndexed,
    contentRoots: workspace.contentRoots().flatMap((r) => (r.folder !== undefined && r.inWorkspace ? [r.folder] : [])),
    pendingDiagnostics: diagnostics.pending,
  }));
}
