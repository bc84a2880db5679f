// `splWorkbench/serverStatus`: a cheap request that proves the server is alive and shows which
// documents it tracks.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_STATUS_REQUEST, type ServerStatus } from './protocol';
import { SERVER_VERSION } from './version';

export function registerServerStatus(connection: Connection, documents: TextDocuments<TextDocument>): void {
  connection.onRequest(SERVER_STATUS_REQUEST, (): ServerStatus => ({
    name: 'spl-workbench-language-server',
    version: SERVER_VERSION,
    pid: process.pid,
    openDocuments: documents.keys(),
  }));
}
