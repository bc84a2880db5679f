// The shape of one language feature: the capabilities it adds to `initialize` and the handlers
// it registers. server.ts lists the features; each lives in its own file.
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from './documentAnalysis';
import type { Settings } from './settings';
import type { Workspace } from './workspace/workspace';

export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly workspace: Workspace;
  readonly settings: Settings;
  readonly analyses: DocumentAnalyses;
  /** What the client said it supports in `initialize` (read when a request arrives). */
  readonly clientCapabilities: () => ClientCapabilities;
}

export interface LspFeature {
  /** Merged into the `initialize` result: advertise only what `register` implements. */
  readonly capabilities: ServerCapabilities;
  register(context: FeatureContext): void;
}
