// A test client for the bundled language server: spawns dist/server/server.js with --stdio and
// talks LSP through vscode-jsonrpc, the library VS Code's own client is built on.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const SERVER = path.resolve(__dirname, '../../dist/server/server.js');

export class LspSession {
  private readonly diagnosticsByUri = new Map<string, PublishDiagnosticsParams>();
  private readonly diagnosticWaiters: Array<(p: PublishDiagnosticsParams) => void> = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
    readonly initializeResult: InitializeResult,
  ) {}

  static async start(rootUri: string | null = null): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    connection.listen();
    const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: {},
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
    });
    await connection.sendNotification('initialized', {});
    const session = new LspSession(child, connection, initializeResult);
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      session.diagnosticsByUri.set(p.uri, p);
      for (const w of session.diagnosticWaiters.splice(0)) w(p);
    });
    return session;
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  request<T>(method: string, params?: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  /** The latest diagnostics the server published for `uri`, waiting for one if none yet. */
  async diagnostics(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const known = this.diagnosticsByUri.get(uri);
    if (known) return known;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      const waiter = (p: PublishDiagnosticsParams): void => {
        if (p.uri !== uri) {
          this.diagnosticWaiters.push(waiter);
          return;
        }
        clearTimeout(timer);
        resolve(p);
      };
      this.diagnosticWaiters.push(waiter);
    });
  }

  async shutdown(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
  }
}
