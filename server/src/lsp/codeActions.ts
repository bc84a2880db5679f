// textDocument/codeAction: the core's code actions (quick fixes of our diagnostics, inline and
// extract macro refactorings) as LSP CodeActions whose WorkspaceEdit creates new files and edits
// existing ones (`documentChanges`, so a new macro file is a CreateFile plus its text).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type {
  CodeAction as LspCodeAction,
  CodeActionParams,
  CreateFile,
  Diagnostic as LspDiagnostic,
  TextDocumentEdit,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, type ActionContext, type ActionDiagnostic, type CodeAction } from '../core/ide/codeActions';
import { LineIndex } from '../core/text/lineIndex';
import type { DocumentAnalysis } from './documentAnalysis';
import type { LspFeature } from './feature';
import { DIAGNOSTIC_SOURCE } from './toProtocol';
import { pathToUri } from './workspace/uri';
import type { Workspace } from './workspace/workspace';

const KINDS = ['quickfix', 'refactor.inline', 'refactor.extract'];

function contextOf(document: DocumentAnalysis, workspace: Workspace): ActionContext {
  return {
    document,
    macros: document.root.macros().table,
    rootFolder: document.root.folder,
    fileExists: (file) => workspace.textOf(path.normalize(file)) !== undefined || existsSync(path.normalize(file)),
    today: new Date().toISOString().slice(0, 10),
    newId: () => randomUUID(),
  };
}

/** Our diagnostics among those the client sent, in file offsets. */
function ourDiagnostics(diagnostics: readonly LspDiagnostic[], lines: LineIndex): { lsp: LspDiagnostic; core: ActionDiagnostic }[] {
  return diagnostics
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string')
    .map((d) => ({ lsp: d, core: { code: String(d.code), message: d.message, span: { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) } } }));
}

function toLsp(
  action: CodeAction,
  workspace: Workspace,
  documents: TextDocuments<TextDocument>,
  fixed: readonly LspDiagnostic[],
): LspCodeAction | undefined {
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const change of action.changes) {
    const file = path.normalize(change.path);
    const uri = pathToUri(file);
    if (change.kind === 'create') {
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: change.text }] });
      continue;
    }
    const text = workspace.textOf(file);
    if (text === undefined) return undefined;
    const lines = new LineIndex(text);
    const version = documents.get(workspace.uriOf(file))?.version ?? null;
    documentChanges.push({
      textDocument: { uri: workspace.uriOf(file), version },
      edits: change.edits.map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText })),
    });
  }
  return {
    title: action.title,
    kind: action.kind,
    ...(fixed.length ? { diagnostics: [...fixed] } : {}),
    ...(action.preferred ? { isPreferred: true } : {}),
    edit: { documentChanges },
  };
}

export const codeActionsFeature: LspFeature = {
  capabilities: { codeActionProvider: { codeActionKinds: KINDS } },
  register({ connection, documents, workspace, analyses }) {
    connection.onCodeAction((params: CodeActionParams): LspCodeAction[] => {
      try {
        const document = analyses.of(params.textDocument.uri);
        if (!document) return [];
        const diagnostics = ourDiagnostics(params.context.diagnostics, document.lines);
        const range = { start: document.lines.offsetAt(params.range.start), end: document.lines.offsetAt(params.range.end) };
        const only = params.context.only;
        const wanted = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
        const out: LspCodeAction[] = [];
        for (const action of codeActions(contextOf(document, workspace), range, diagnostics.map((d) => d.core))) {
          if (!wanted(action.kind)) continue;
          const fixed = action.fixes ? diagnostics.filter((d) => d.core === action.fixes).map((d) => d.lsp) : [];
          const converted = toLsp(action, workspace, documents, fixed);
          if (converted) out.push(converted);
        }
        return out;
      } catch (error) {
        connection.console.error(`Code actions failed for ${params.textDocument.uri}: ${String(error)}`);
        return [];
      }
    });
  },
};
