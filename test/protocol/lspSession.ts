// A test client for the bundled language server: spawns dist/server/server.js with --stdio and
// talks LSP through vscode-jsonrpc, the library VS Code's own client is built on. It answers the
// server's requests the way VS Code does (`workspace/configuration` from the settings it was
// given, `client/registerCapability` by recording the registration) and keeps every
// `publishDiagnostics` it receives, with the time it arrived.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  ConfigurationParams,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  Registration,
  RegistrationParams,
} from 'vscode-languageserver-protocol';

const SERVER = path.resolve(__dirname, '../../dist/server/server.js');

export interface SessionOptions {
  readonly rootUri?: string | null;
  /** Defaults to the root alone, when there is one. */
  readonly workspaceFolders?: readonly { uri: string; name: string }[] | null;
  readonly capabilities?: ClientCapabilities;
  /** The client's settings by section (`{ splWorkbench: { diagnostics: { ... } } }`). */
  readonly settings?: Record<string, unknown>;
}

/** What VS Code declares for the features the server uses. */
export const VSCODE_LIKE_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

export interface ReceivedDiagnostics {
  readonly params: PublishDiagnosticsParams;
  /** performance.now() when it arrived. */
  readonly at: number;
}

export class LspSession {
  private readonly diagnosticsByUri = new Map<string, PublishDiagnosticsParams>();
  private readonly diagnosticWaiters: Array<(p: PublishDiagnosticsParams) => void> = [];
  /** Every publishDiagnostics, in order of arrival. */
  readonly received: ReceivedDiagnostics[] = [];
  readonly registrations: Registration[] = [];
  private settings: Record<string, unknown>;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  initializeResult!: InitializeResult;

  static async start(options: SessionOptions | string | null = {}): Promise<LspSession> {
    const opts: SessionOptions = typeof options === 'string' || options === null ? { rootUri: options } : options;
    const rootUri = opts.rootUri ?? null;
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection, opts.settings ?? {});
    // Handlers first: the server may ask or publish as soon as it is initialized.
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      session.received.push({ params: p, at: performance.now() });
      session.diagnosticsByUri.set(p.uri, p);
      for (const w of session.diagnosticWaiters.splice(0)) w(p);
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) =>
      params.items.map((item) => (item.section === undefined ? session.settings : session.settings[item.section] ?? null)),
    );
    connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      session.registrations.push(...params.registrations);
      return null;
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    session.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: opts.capabilities ?? {},
      workspaceFolders: opts.workspaceFolders !== undefined ? opts.workspaceFolders : rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental edit: `text` replaces `range`. */
  async edit(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** New settings, announced the way VS Code does for a server that pulls them. */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  request<T>(method: string, params?: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  /** The latest diagnostics the server published for `uri`, waiting for one if none yet. */
  async diagnostics(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, () => true, timeoutMs);
  }

  /** The latest diagnostics for `uri` if they satisfy `accept`, else the next ones that do. */
  async waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const known = this.diagnosticsByUri.get(uri);
    if (known && accept(known)) return known;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.diagnosticsByUri.get(uri);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(last?.diagnostics ?? null)}`));
      }, timeoutMs);
      const waiter = (p: PublishDiagnosticsParams): void => {
        if (p.uri !== uri || !accept(p)) {
          this.diagnosticWaiters.push(waiter);
          return;
        }
        clearTimeout(timer);
        resolve(p);
      };
      this.diagnosticWaiters.push(waiter);
    });
  }

  /** The latest diagnostics published for `uri`, without waiting. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnosticsByUri.get(uri);
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
