// How a rename plan becomes a WorkspaceEdit for what the client can apply: plain `changes`,
// `documentChanges`, and the macro file's RenameFile after its text edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editSupportOf, toWorkspaceEdit } from '../../../server/src/lsp/rename';
import { Workspace } from '../../../server/src/lsp/workspace/workspace';

const MACRO = 'file:///repo/macros/old_name.yml';
const DETECTION = 'file:///repo/detections/d.yml';

function workspace(): Workspace {
  const ws = new Workspace({ info: () => undefined, error: () => undefined });
  ws.didOpen(MACRO, 'yaml', 3, 'name: old_name\ndefinition: search *\n');
  ws.didOpen(DETECTION, 'yaml', 7, 'name: D\nsearch: x | `old_name`\n');
  return ws;
}

const edits = [
  { file: '/repo/macros/old_name.yml', span: { start: 6, end: 14 }, newText: 'new_name' },
  { file: '/repo/detections/d.yml', span: { start: 21, end: 29 }, newText: 'new_name' },
];
const fileRename = { from: '/repo/macros/old_name.yml', to: '/repo/macros/new_name.yml' };
const nameRange = { start: { line: 0, character: 6 }, end: { line: 0, character: 14 } };
const callRange = { start: { line: 1, character: 13 }, end: { line: 1, character: 21 } };

test('what the client can apply is read from its workspaceEdit capabilities', () => {
  assert.deepEqual(editSupportOf(undefined), { documentChanges: false, renameFiles: false });
  assert.deepEqual(editSupportOf({ workspace: { workspaceEdit: { documentChanges: true } } }), { documentChanges: true, renameFiles: false });
  assert.deepEqual(editSupportOf({ workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } }), { documentChanges: true, renameFiles: true });
});

test('a client with resource operations gets versioned text edits, then the file rename', () => {
  const edit = toWorkspaceEdit(workspace(), edits, fileRename, { documentChanges: true, renameFiles: true });
  assert.deepEqual(edit, {
    documentChanges: [
      { textDocument: { uri: MACRO, version: 3 }, edits: [{ range: nameRange, newText: 'new_name' }] },
      { textDocument: { uri: DETECTION, version: 7 }, edits: [{ range: callRange, newText: 'new_name' }] },
      { kind: 'rename', oldUri: MACRO, newUri: 'file:///repo/macros/new_name.yml' },
    ],
  });
});

test('a client without them gets the text edits only, as plain changes', () => {
  const edit = toWorkspaceEdit(workspace(), edits, fileRename, { documentChanges: false, renameFiles: false });
  assert.deepEqual(edit, { changes: { [MACRO]: [{ range: nameRange, newText: 'new_name' }], [DETECTION]: [{ range: callRange, newText: 'new_name' }] } });
});
