// Code actions at a range of a document: the quick fixes of the diagnostics there (actions/
// quickFixes.ts), inlining the macro call under the cursor (actions/inlineMacro.ts) and
// extracting the selected SPL into a new macro (actions/extractMacro.ts). Plain data in file
// offsets; the language server turns it into a WorkspaceEdit.
import type { Span } from '../text/lineIndex';
import type { ActionContext, ActionDiagnostic, CodeAction } from './actions/codeAction';
import { extractMacroActions } from './actions/extractMacro';
import { inlineMacroActions } from './actions/inlineMacro';
import { quickFixes } from './actions/quickFixes';
import { toSourceOffset } from './embeddedSpl';

export type { ActionContext, ActionDiagnostic, ActionDocument, CodeAction, CodeActionKind, FileChange } from './actions/codeAction';

export function codeActions(context: ActionContext, range: Span, diagnostics: readonly ActionDiagnostic[]): CodeAction[] {
  const actions = diagnostics.flatMap((d) => quickFixes(context, d));
  const spl = context.document.spls.find((s) => s.fileSpan.start <= range.start && range.end <= s.fileSpan.end);
  if (!spl) return actions;
  const start = toSourceOffset(spl.source, range.start);
  const end = toSourceOffset(spl.source, range.end);
  actions.push(...inlineMacroActions(context, spl, start));
  if (end > start) actions.push(...extractMacroActions(context, spl, { start, end }));
  return actions;
}
