// Wires the capabilities together. Each capability lives in its own file and registers its
// handlers here; `initialize` advertises exactly those (push diagnostics and the dynamically
// registered watchers and configuration need no static capability).
import {
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFeature } from './codeActions';
import { completionFeature } from './completion';
import { DiagnosticsPublisher } from './diagnostics';
import { definitionFeature } from './definition';
import { documentHighlightsFeature } from './documentHighlights';
import { documentSymbolsFeature } from './documentSymbols';
import { foldingFeature } from './folding';
import { referencesFeature } from './references';
import { renameFeature } from './rename';
import { runRequestsFeature } from './runRequests';
import { semanticTokensFeature } from './semanticTokens';
import { workspaceSymbolsFeature } from './workspaceSymbols';
import { DocumentAnalyses } from './documentAnalysis';
import type { LspFeature } from './feature';
import { formattingFeature } from './formatting';
import { hoverFeature } from './hover';
import { previewFeature } from './preview';
import { sampleDataFeature } from './sampleData';
import { signatureHelpFeature } from './signatureHelp';
import { registerServerStatus } from './serverStatus';
import { Settings } from './settings';
import { SERVER_VERSION } from './version';
import { registerWatchedFiles } from './watchedFiles';
import { uriToPath } from './workspace/uri';
import { Workspace } from './workspace/workspace';

/** The folders to index: the workspace folders, else the root the client opened. */
function workspaceFolderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.filter((u) => u.startsWith('file:')).map(uriToPath);
  if (paths.length === 0 && params.rootPath) paths.push(params.rootPath);
  return paths;
}

/** The language features, one file each; their capabilities are what `initialize` advertises
 * beyond document sync. */
const FEATURES: readonly LspFeature[] = [
  codeActionsFeature,
  definitionFeature,
  referencesFeature,
  renameFeature,
  runRequestsFeature,
  documentSymbolsFeature,
  workspaceSymbolsFeature,
  foldingFeature,
  semanticTokensFeature,
  documentHighlightsFeature,
  completionFeature,
  formattingFeature,
  hoverFeature,
  sampleDataFeature,
  previewFeature,
  signatureHelpFeature,
];

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace({
    info: (message) => connection.console.info(message),
    error: (message) => connection.console.error(message),
  });
  const settings = new Settings(connection);
  let capabilities: ClientCapabilities = {};
  let initializationOptions: unknown;
  let folders: string[] = [];

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    initializationOptions = params.initializationOptions;
    folders = workspaceFolderPaths(params);
    return {
      capabilities: Object.assign({ textDocumentSync: TextDocumentSyncKind.Incremental }, ...FEATURES.map((f) => f.capabilities)),
      serverInfo: { name: 'spl-workbench', version: SERVER_VERSION },
    };
  });

  const diagnostics = new DiagnosticsPublisher(connection, workspace, settings, {
    relatedInformation: () => capabilities.textDocument?.publishDiagnostics?.relatedInformation === true,
  });
  const startWatching = registerWatchedFiles(connection, workspace);
  registerServerStatus(connection, documents, workspace, diagnostics);
  const analyses = new DocumentAnalyses(workspace);
  for (const feature of FEATURES) feature.register({ connection, documents, workspace, settings, analyses, clientCapabilities: () => capabilities });

  documents.onDidOpen(({ document }) => workspace.didOpen(document.uri, document.languageId, document.version, document.getText()));
  documents.onDidChangeContent(({ document }) => workspace.didChange(document.uri, document.version, document.getText()));
  documents.onDidClose(({ document }) => {
    workspace.didClose(document.uri).catch((error: unknown) => connection.console.error(`Closing ${document.uri} failed: ${String(error)}`));
  });

  connection.onInitialized(() => {
    settings.start(capabilities, initializationOptions);
    startWatching(capabilities);
    void workspace.index(folders);
  });

  documents.listen(connection);
  connection.listen();
}
