// Quick fixes, each attached to the diagnostic it resolves: create the missing `*_filter` macro
// file, replace an unknown macro, command or function by the known name it is closest to, add a
// missing required key that has a value known without asking the author.
import type { SearchAnalysis } from '../../analysis';
import { fileStem, joinPath, keySpansAt } from '../../content';
import type { MacroCallSite } from '../../macros/expand';
import { closestName, knownAggregationFunctions, knownCommandNames, knownEvalFunctions } from '../../spl';
import type { Span } from '../../text/lineIndex';
import { toSourceOffset, type EmbeddedSpl } from '../embeddedSpl';
import { nodesAt } from '../nodeAt';
import type { ActionContext, ActionDiagnostic, CodeAction } from './codeAction';
import { splEdits } from './splEdit';

/** What security_content writes in a filter macro no one has tuned yet. */
export const FILTER_MACRO_DESCRIPTION = 'Update this macro to limit the output results to filter out false positives.';

/** The file of a new macro: the keys security_content's macro files have, in their order. */
export function macroFileText(name: string, definition: string, description: string): string {
  const block = definition.includes('\n') || /^[\s'"`|>&*!%@#{[-]|:\s|\s#|\s$/.test(definition);
  const value = block ? `|-\n${definition.split('\n').map((l) => (l === '' ? '' : `  ${l}`)).join('\n')}` : definition;
  return `name: ${name}\ndefinition: ${value}\ndescription: ${description}\n`;
}

export function quickFixes(context: ActionContext, diagnostic: ActionDiagnostic): CodeAction[] {
  switch (diagnostic.code) {
    case 'macro-filter-missing':
      return createFilterMacro(context, diagnostic);
    case 'macro-unknown':
      return replaceUnknownMacro(context, diagnostic);
    case 'spl-unknown-command':
    case 'spl-unknown-function':
      return replaceUnknownName(context, diagnostic);
    case 'content-missing-key':
      return addMissingKey(context, diagnostic);
    default:
      return [];
  }
}

interface SplAt {
  readonly spl: EmbeddedSpl;
  readonly analysis: SearchAnalysis;
  /** The diagnostic's span in `spl.source.text`. */
  readonly span: Span;
}

function splAt(context: ActionContext, fileSpan: Span): SplAt | undefined {
  const document = context.document;
  const spl = document.spls.find((s) => s.fileSpan.start <= fileSpan.start && fileSpan.end <= s.fileSpan.end);
  if (!spl) return undefined;
  const span = { start: toSourceOffset(spl.source, fileSpan.start), end: toSourceOffset(spl.source, fileSpan.end) };
  return { spl, analysis: document.analysisOf(spl), span };
}

/** Every call site of the expansion, outermost first. */
function allCalls(calls: readonly MacroCallSite[]): MacroCallSite[] {
  return calls.flatMap((c) => [c, ...allCalls(c.children)]);
}

/** The calls written in the SPL itself whose span is `span`. */
function rootCallsAt(at: SplAt): MacroCallSite[] {
  return at.analysis.expansion.calls.filter((c) => c.source === at.spl.source && c.span.start === at.span.start && c.span.end === at.span.end);
}

function createFilterMacro(context: ActionContext, diagnostic: ActionDiagnostic): CodeAction[] {
  const at = splAt(context, diagnostic.span);
  if (!at || context.rootFolder === undefined) return [];
  // The filter call may sit inside a macro called here: the diagnostic is at the outer call.
  const names = new Set<string>();
  for (const root of at.analysis.expansion.calls.filter((c) => c.source === at.spl.source && c.span.start === at.span.start)) {
    for (const call of allCalls([root])) {
      if (call.arity === 0 && call.definition === context.macros.missingFilter(call.name)) names.add(call.name);
    }
  }
  const actions: CodeAction[] = [];
  for (const name of names) {
    const path = joinPath(context.rootFolder, 'macros', `${name}.yml`);
    if (context.fileExists(path)) continue;
    actions.push({
      title: `Create macros/${name}.yml`,
      kind: 'quickfix',
      changes: [{ kind: 'create', path, text: macroFileText(name, 'search *', FILTER_MACRO_DESCRIPTION) }],
      preferred: names.size === 1,
      fixes: diagnostic,
    });
  }
  return actions;
}

/** One action per suggestion; the only suggestion is the preferred fix. */
function replacements(context: ActionContext, at: SplAt, nameSpan: Span, suggestions: readonly string[], what: string, diagnostic: ActionDiagnostic): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const suggestion of suggestions) {
    const edits = splEdits(context.document, at.spl, [{ span: nameSpan, newText: suggestion }]);
    if (!edits) continue;
    actions.push({
      title: `Change to ${what} \`${suggestion}\``,
      kind: 'quickfix',
      changes: [{ kind: 'edit', path: context.document.path, edits }],
      preferred: suggestions.length === 1,
      fixes: diagnostic,
    });
  }
  return actions;
}

function replaceUnknownMacro(context: ActionContext, diagnostic: ActionDiagnostic): CodeAction[] {
  const at = splAt(context, diagnostic.span);
  if (!at) return [];
  const call = rootCallsAt(at).find((c) => c.definition === undefined && c.name !== '');
  if (!call) return [];
  const nameStart = at.spl.source.text.indexOf(call.name, call.span.start + 1);
  if (nameStart < 0 || nameStart + call.name.length > call.span.end) return [];
  // Only names that take as many arguments as the call gives.
  const suggestions = context.macros.namesLike(call.name).filter((n) => context.macros.arities(n).includes(call.arity));
  return replacements(context, at, { start: nameStart, end: nameStart + call.name.length }, suggestions, 'macro', diagnostic);
}

function replaceUnknownName(context: ActionContext, diagnostic: ActionDiagnostic): CodeAction[] {
  const at = splAt(context, diagnostic.span);
  if (!at || at.span.end <= at.span.start) return [];
  const word = at.spl.source.text.slice(at.span.start, at.span.end);
  let candidates: readonly string[];
  let what: string;
  if (diagnostic.code === 'spl-unknown-command') {
    candidates = knownCommandNames();
    what = 'command';
  } else {
    // An aggregation (stats count(...)) or an eval call: the innermost of the two decides.
    const kinds = nodesAt(at.analysis.written.pipeline, at.span.start).map((n) => n.kind);
    const inStats = kinds.lastIndexOf('aggregation') > kinds.lastIndexOf('eval-call');
    candidates = inStats ? knownAggregationFunctions() : knownEvalFunctions();
    what = inStats ? 'statistical function' : 'eval function';
  }
  const suggestion = closestName(word, candidates);
  return suggestion ? replacements(context, at, at.span, [suggestion], what, diagnostic) : [];
}

/** Required keys whose value is known without asking: a macro's name is its file's stem; a new
 * detection's id is a fresh UUID, its version 1 and its date today. Other keys (status, type,
 * description, ...) are the author's call: no fix is offered rather than a placeholder. */
function missingKeyValue(context: ActionContext, key: string): string | undefined {
  const file = context.document.file;
  if (file?.kind === 'macro' && key === 'name') return fileStem(file.path);
  if (file?.kind !== 'detection') return undefined;
  if (key === 'id') return context.newId();
  if (key === 'version') return '1';
  if (key === 'date') return `'${context.today}'`;
  return undefined;
}

/** Keys written before each, in security_content's order: the new key goes after the first of
 * them that the file has, else at the top. */
const KEYS_BEFORE: Readonly<Record<string, readonly string[]>> = {
  name: [],
  id: ['name'],
  version: ['id', 'name'],
  date: ['version', 'id', 'name'],
};

function addMissingKey(context: ActionContext, diagnostic: ActionDiagnostic): CodeAction[] {
  const file = context.document.file;
  if (!file || !('yaml' in file) || file.text !== context.document.text) return [];
  // The message names the key path (validate.ts: "<path> is required."); only top-level keys.
  const key = /^([a-z_]+) is required\.$/.exec(diagnostic.message)?.[1];
  if (!key) return [];
  const value = missingKeyValue(context, key);
  if (value === undefined) return [];
  const text = context.document.text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  let insertAt = 0;
  let newText = `${key}: ${value}${eol}`;
  for (const before of KEYS_BEFORE[key] ?? []) {
    const spans = keySpansAt(file.yaml, [before]);
    if (!spans) continue;
    const end = Math.max(spans.key.end, spans.value.end);
    if (/\n$/.test(text.slice(spans.value.start, end))) {
      insertAt = end;
    } else {
      insertAt = lineEnd(text, end);
      newText = `${eol}${key}: ${value}`;
    }
    break;
  }
  return [{
    title: `Add \`${key}: ${value}\``,
    kind: 'quickfix',
    changes: [{ kind: 'edit', path: context.document.path, edits: [{ span: { start: insertAt, end: insertAt }, newText }] }],
    preferred: true,
    fixes: diagnostic,
  }];
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
