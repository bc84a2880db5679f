// refactor.inline: a macro call written in the search replaced by what it stands for, either its
// definition with the arguments substituted (nested calls stay calls) or its full expansion
// (what Splunk runs); and every call of the search at once. Macro expansion is textual, so the
// search means the same after inlining.
import type { SearchAnalysis } from '../../analysis';
import type { MacroCallSite } from '../../macros/expand';
import type { TextEdit } from '../format';
import type { EmbeddedSpl } from '../embeddedSpl';
import type { ActionContext, CodeAction } from './codeAction';
import { splEdits } from './splEdit';

/** The definition with each `$arg$` replaced by the call's value for it, as the expander does. */
function substituted(call: MacroCallSite): string | undefined {
  const def = call.definition;
  if (!def) return undefined;
  const named = call.args.length > 0 && call.args.every((a) => a.name !== undefined);
  const valueOf = (arg: string): string | undefined => (named ? call.args.find((a) => a.name === arg)?.value : call.args[def.args.indexOf(arg)]?.value);
  const text = def.definition.text;
  let out = '';
  let copied = 0;
  let open = def.args.length > 0 ? text.indexOf('$') : -1;
  while (open >= 0) {
    const close = text.indexOf('$', open + 1);
    if (close < 0) break;
    const name = text.slice(open + 1, close);
    if (!def.args.includes(name)) {
      // Not an argument (e.g. a `$field$` token): the closing `$` may open the next one.
      open = close;
      continue;
    }
    const value = valueOf(name);
    if (value === undefined) return undefined;
    out += text.slice(copied, open) + value;
    copied = close + 1;
    open = text.indexOf('$', copied);
  }
  return out + text.slice(copied);
}

/** A call Splunk expands from a definition we hold: not a missing filter, an app macro or an
 * eval-based one (those stay calls). */
function inlinable(context: ActionContext, call: MacroCallSite): boolean {
  const def = call.definition;
  return def !== undefined && !def.iseval && def !== context.macros.missingFilter(call.name);
}

function fullExpansion(analysis: SearchAnalysis, call: MacroCallSite): string {
  return analysis.expansion.text.slice(call.expandedSpan.start, call.expandedSpan.end);
}

function action(context: ActionContext, spl: EmbeddedSpl, title: string, edits: readonly TextEdit[]): CodeAction[] {
  const fileEdits = splEdits(context.document, spl, edits);
  return fileEdits ? [{ title, kind: 'refactor.inline', changes: [{ kind: 'edit', path: context.document.path, edits: fileEdits }] }] : [];
}

/** The inline actions for a cursor at `offset` of `spl`. */
export function inlineMacroActions(context: ActionContext, spl: EmbeddedSpl, offset: number): CodeAction[] {
  const analysis = context.document.analysisOf(spl);
  const written = analysis.expansion.calls.filter((c) => c.source === spl.source);
  const call = written.find((c) => c.span.start <= offset && offset <= c.span.end);
  if (!call || !inlinable(context, call)) return [];
  const actions: CodeAction[] = [];
  const once = substituted(call);
  const full = fullExpansion(analysis, call);
  if (once !== undefined) actions.push(...action(context, spl, `Inline macro \`${call.name}\``, [{ span: call.span, newText: once }]));
  if (once !== full) actions.push(...action(context, spl, `Inline macro \`${call.name}\` fully expanded`, [{ span: call.span, newText: full }]));
  const every = written.filter((c) => inlinable(context, c));
  if (every.length > 1) {
    const edits = every.map((c) => ({ span: c.span, newText: fullExpansion(analysis, c) }));
    actions.push(...action(context, spl, 'Inline every macro call of this search, fully expanded', edits));
  }
  return actions;
}
