// textDocument/prepareRename and textDocument/rename for macros (core/ide/navigation/rename.ts):
// the macro's name in its file, every call in the content root, and the file itself as a
// RenameFile operation when the client applies resource operations. A rename that cannot be
// done answers with a ResponseError whose message the editor shows.
import {
  LSPErrorCodes,
  ResponseError,
  type ClientCapabilities,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { prepareRename, renameMacro, type FileRename, type TextEdit } from '../core/ide/navigation/rename';
import { LineIndex } from '../core/text/lineIndex';
import { navigationTargetAt } from './definition';
import type { LspFeature } from './feature';
import { splSourcesOfRoot } from './references';
import type { Workspace } from './workspace/workspace';

/** What the client can apply: `documentChanges`, and among them file renames. */
interface EditSupport {
  readonly documentChanges: boolean;
  readonly renameFiles: boolean;
}

export function editSupportOf(capabilities: ClientCapabilities | undefined): EditSupport {
  const edit = capabilities?.workspace?.workspaceEdit;
  const documentChanges = edit?.documentChanges === true;
  return { documentChanges, renameFiles: documentChanges && (edit?.resourceOperations ?? []).includes('rename') };
}


export function toWorkspaceEdit(workspace: Workspace, edits: readonly TextEdit[], fileRename: FileRename | undefined, support: EditSupport): WorkspaceEdit {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const edit of edits) {
    const text = workspace.textOf(edit.file);
    if (text === undefined) continue;
    let list = byFile.get(edit.file);
    if (!list) byFile.set(edit.file, (list = []));
    list.push({ range: new LineIndex(text).rangeOf(edit.span), newText: edit.newText });
  }
  if (!support.documentChanges) {
    return { changes: Object.fromEntries([...byFile].map(([file, list]) => [workspace.uriOf(file), list])) };
  }
  const documentChanges: WorkspaceEdit['documentChanges'] = [...byFile].map(
    ([file, list]): TextDocumentEdit => ({ textDocument: { uri: workspace.uriOf(file), version: workspace.openDocument(file)?.version ?? null }, edits: list }),
  );
  // The file is renamed after its text is edited (the edits name it by its old URI).
  if (fileRename && support.renameFiles) documentChanges.push({ kind: 'rename', oldUri: workspace.uriOf(fileRename.from), newUri: workspace.uriOf(fileRename.to) });
  return { documentChanges };
}

export const renameFeature: LspFeature = {
  capabilities: { renameProvider: { prepareProvider: true } },
  register(context) {
    const { connection, workspace, analyses } = context;
    connection.onPrepareRename(({ textDocument, position }) => {
      const found = navigationTargetAt(analyses, textDocument.uri, position);
      if (!found) return null;
      const prepared = prepareRename(found.target, found.document.root.macros().table);
      if (!prepared.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, prepared.message);
      return { range: found.document.lines.rangeOf(prepared.span), placeholder: prepared.placeholder };
    });
    connection.onRenameRequest(({ textDocument, position, newName }) => {
      const found = navigationTargetAt(analyses, textDocument.uri, position);
      const root = found?.document.root;
      if (!found || !root) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Only macros can be renamed: put the cursor on a macro call or on a macro file’s name.');
      const plan = renameMacro(found.target, newName, root.repository, root.macros().table, splSourcesOfRoot(workspace, root));
      if (!plan.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, plan.message);
      return toWorkspaceEdit(workspace, plan.edits, plan.fileRename, editSupportOf(context.clientCapabilities()));
    });
  },
};
