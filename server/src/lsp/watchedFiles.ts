// `workspace/didChangeWatchedFiles`: files changed on disk outside the editor (a git checkout,
// a generator, another tool) update the model. The server registers its watchers dynamically
// when the client allows it: content files of every kind, and deletions of anything (a deleted
// folder is reported as the folder alone).
import {
  DidChangeWatchedFilesNotification,
  WatchKind,
  type ClientCapabilities,
  type Connection,
} from 'vscode-languageserver/node';
import type { DiskEvent, Workspace } from './workspace/workspace';

export const WATCHED_CONTENT_GLOB = '**/*.{yml,yaml,spl,conf,csv}';

export function registerWatchedFiles(connection: Connection, workspace: Workspace): (capabilities: ClientCapabilities) => void {
  connection.onDidChangeWatchedFiles((params) => {
    workspace.didChangeOnDisk(params.changes as DiskEvent[]).catch((error: unknown) => {
      connection.console.error(`Applying file changes failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  });
  return (capabilities) => {
    if (!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: WATCHED_CONTENT_GLOB }, { globPattern: '**/*', kind: WatchKind.Delete }],
      })
      .catch((error: unknown) => connection.console.error(`Could not register the file watchers: ${String(error)}`));
  };
}
