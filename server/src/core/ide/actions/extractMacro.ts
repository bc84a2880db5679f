// refactor.extract: the selected SPL becomes a new macro file (`macros/<name>.yml`) and the
// selection a call of it. The selection must start and end on token boundaries and hold whole
// strings, comments, calls and brackets, so that the call expands back to exactly the same text.
import { fileStem, joinPath, parseContentFile } from '../../content';
import { splitStages } from '../../spl/scan';
import type { Span } from '../../text/lineIndex';
import type { EmbeddedSpl } from '../embeddedSpl';
import type { ActionContext, CodeAction } from './codeAction';
import { macroFileText } from './quickFixes';
import { splEdits } from './splEdit';

/** `text[span]` without the spaces around it. */
function trimmed(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** A macro name from the file the SPL is in, free in the macro table and on disk. */
function newMacroName(context: ActionContext, macrosFolder: string): string | undefined {
  const file = context.document.file;
  const base = (file?.kind === 'macro' && file.name ? file.name.value : fileStem(context.document.path)).toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  for (let n = 1; n <= 100; n++) {
    const name = n === 1 ? `${base}_part` : `${base}_part_${n}`;
    if (context.macros.arities(name).length === 0 && !context.fileExists(joinPath(macrosFolder, `${name}.yml`))) return name;
  }
  return undefined;
}

function describedFile(context: ActionContext): string {
  const file = context.document.file;
  if (file?.kind === 'detection' && file.name) return `the detection "${file.name.value}"`;
  if (file?.kind === 'macro' && file.name) return `the macro \`${file.name.value}\``;
  return fileStem(context.document.path);
}

/** The extract action for a selection of `spl` (offsets in its text). */
export function extractMacroActions(context: ActionContext, spl: EmbeddedSpl, selection: Span): CodeAction[] {
  if (context.rootFolder === undefined) return [];
  const text = spl.source.text;
  const span = trimmed(text, selection);
  if (span.end <= span.start) return [];
  const tokens = context.document.analysisOf(spl).written.tokens;
  if (!tokens.some((t) => t.span.start === span.start) || !tokens.some((t) => t.span.end === span.end)) return [];
  const definition = text.slice(span.start, span.end);
  if (splitStages(definition, 0, definition.length).problems.length > 0) return [];
  const macrosFolder = joinPath(context.rootFolder, 'macros');
  const name = newMacroName(context, macrosFolder);
  if (!name) return [];
  const path = joinPath(macrosFolder, `${name}.yml`);
  const fileText = macroFileText(name, definition, `Extracted from ${describedFile(context)}.`);
  // The new file must read back with exactly the selected text as its definition.
  const created = parseContentFile(path, fileText);
  if (created.kind !== 'macro' || created.macro?.definition.text !== definition || created.diagnostics.length > 0) return [];
  const edits = splEdits(context.document, spl, [{ span, newText: `\`${name}\`` }]);
  if (!edits) return [];
  return [{
    title: `Extract into macro \`${name}\``,
    kind: 'refactor.extract',
    changes: [{ kind: 'create', path, text: fileText }, { kind: 'edit', path: context.document.path, edits }],
  }];
}
