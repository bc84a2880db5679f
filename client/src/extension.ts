// The VS Code side of spl-workbench: starts the language server over IPC and registers the
// commands. Everything SPL-specific lives in the server and its pure core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { DETECTION_DOCUMENT_SELECTOR } from './documentSelector';
import { SERVER_STATUS_REQUEST, type ServerStatus } from '../../server/src/lsp/protocol';

export interface SplWorkbenchApi {
  /** Resolves once the language server has answered `initialize`. */
  readonly ready: Promise<void>;
  /** Asks the server for its status: a real request/response round trip. */
  serverStatus(): Promise<ServerStatus>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SplWorkbenchApi> {
  const output = vscode.window.createOutputChannel('SPL Workbench');
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DETECTION_DOCUMENT_SELECTOR,
    outputChannel: output,
  };
  const languageClient = new LanguageClient('splWorkbench', 'SPL Workbench', serverOptions, clientOptions);
  client = languageClient;
  const ready = languageClient.start();

  const serverStatus = async (): Promise<ServerStatus> => {
    await ready;
    return languageClient.sendRequest(SERVER_STATUS_REQUEST);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('splWorkbench.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('splWorkbench.serverStatus', serverStatus),
  );

  return { ready, serverStatus };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
