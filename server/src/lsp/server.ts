// Wires the capabilities together. Each capability lives in its own file and registers its
// handlers here; `initialize` advertises exactly those.
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { registerServerStatus } from './serverStatus';
import { SERVER_VERSION } from './version';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'spl-workbench', version: SERVER_VERSION },
  }));

  registerServerStatus(connection, documents);

  documents.listen(connection);
  connection.listen();
}
