// Rename a macro: the name in its file (YAML `name:` or the macros.conf stanza), every call with
// the same name and arity in the content root, and the YAML file itself when it is named after
// the macro (contentctl expects `macros/<name>.yml`). Refused, with a message for the user, for
// anything but a macro, for a built-in macro, for an invalid name and for a name and arity that
// another macro already has.
import { dirName, fileStem, joinPath, baseName, type ContentRepository } from '../../content';
import type { MacroTable } from '../../macros/macroTable';
import { describeArities } from '../../macros/macroTable';
import type { Span } from '../../text/lineIndex';
import { macroCallSites, type SplSource } from './splSources';
import { unquoted, type NavigationTarget } from './target';

export interface TextEdit {
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
}

export interface FileRename {
  readonly from: string;
  readonly to: string;
}

export type RenamePlan =
  | { readonly ok: true; readonly edits: readonly TextEdit[]; readonly fileRename?: FileRename }
  | { readonly ok: false; readonly message: string };

/** Characters a macro name may hold: no backticks, parentheses, commas, quotes or spaces, which
 * would change how a call reads. */
const MACRO_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/** Where a rename can start: the macro name under the cursor, or why it cannot. */
export function prepareRename(target: NavigationTarget | undefined, macros: MacroTable): { ok: true; span: Span; placeholder: string } | { ok: false; message: string } {
  if (!target) return { ok: false, message: 'Only macros can be renamed: put the cursor on a macro call or on a macro file’s name.' };
  if (target.kind !== 'macro') return { ok: false, message: `Only macros can be renamed, not a ${target.kind.replace('-', ' ')}.` };
  const definition = macros.get(target.name, target.arity);
  if (!definition) return { ok: false, message: `No file defines \`${target.name}\` with ${describeArities([target.arity])}.` };
  if (definition.origin === 'builtin') return { ok: false, message: `\`${target.name}\` is built in (a Splunk app provides it) and cannot be renamed.` };
  return { ok: true, span: target.span, placeholder: target.name };
}

export function renameMacro(target: NavigationTarget | undefined, newName: string, repository: ContentRepository, macros: MacroTable, sources: readonly SplSource[]): RenamePlan {
  const prepared = prepareRename(target, macros);
  if (!prepared.ok || !target || target.kind !== 'macro') return { ok: false, message: prepared.ok ? 'Only macros can be renamed.' : prepared.message };
  if (!MACRO_NAME.test(newName)) {
    return { ok: false, message: `"${newName}" is not a valid macro name: use letters, digits, "_", "-", "." and ":", starting with a letter, digit or "_".` };
  }
  if (newName === target.name) return { ok: true, edits: [] };
  const definition = macros.get(target.name, target.arity);
  if (!definition) return { ok: false, message: `No file defines \`${target.name}\`.` };
  const taken = macros.get(newName, target.arity);
  if (taken) {
    const where = taken.origin === 'builtin' ? 'built in' : `defined in ${baseName(taken.definition.file)}`;
    return { ok: false, message: `A macro \`${newName}\` with ${describeArities([target.arity])} is already ${where}.` };
  }
  const edits: TextEdit[] = [];
  const file = repository.file(definition.definition.file);
  if (definition.nameSpan) edits.push({ file: definition.definition.file, span: file ? unquoted(file.text, definition.nameSpan) : definition.nameSpan, newText: newName });
  for (const call of macroCallSites(sources, target.name, target.arity)) edits.push({ file: call.file, span: call.span, newText: newName });
  const path = definition.definition.file;
  const renamesFile = definition.origin === 'repository-yaml' && fileStem(path) === target.name;
  const extension = baseName(path).slice(fileStem(path).length);
  const fileRename = renamesFile ? { from: path, to: joinPath(dirName(path), `${newName}${extension}`) } : undefined;
  return { ok: true, edits, ...(fileRename ? { fileRename } : {}) };
}
