// Completion inside SPL. The context is read from the text as written, left of the cursor, with a
// small scanner (quotes, comments, macro calls, subsearch brackets, parentheses) rather than from
// the parse tree: the text being typed is usually incomplete, and the scanner sees the same
// thing at `| st`, `| stats ` and `| stats count by `. The fields come from the analysis: the
// field flow is computed on the expanded search, so the cursor is mapped through the expansion.
import type { SearchAnalysis } from '../../analysis/analyzeSearch';
import type { FieldSet, StageFields } from '../../analysis/fieldFlow';
import type { MacroTable } from '../../macros/macroTable';
import { lookupCommand } from '../../spl/catalog';
import {
  allCommandReferences,
  allEvalFunctionReferences,
  allStatsFunctionReferences,
  commandReference,
  type FunctionReference,
} from '../../spl/reference';
import type { SampleValues } from '../sampleValues';
import { escapePlaceholder, NO_COMPLETIONS_AT, sortKey, type CompletionItem, type Completions } from './items';

export interface SplCompletionInput {
  /** The SPL as written. */
  readonly text: string;
  /** Offset of the cursor in `text`. */
  readonly offset: number;
  readonly analysis: SearchAnalysis;
  readonly macros: MacroTable;
  /** The detection's own `<stem>_filter` macro, offered even when no file defines it. */
  readonly filterMacro?: string;
  /** The document's sample data: values offered after `field=` and inside `field IN (` (and in
   * eval expressions: after `f=`/`f==`/`f!=` and in `in(f, `). */
  readonly samples?: SampleValues;
}

/** The `*_filter` macro of a detection named `name`: lowercased, space `-` `.` `/` → `_`. */
export function filterMacroNameOf(detectionName: string): string {
  return `${detectionName.toLowerCase().replace(/[ \-./]/g, '_')}_filter`;
}

// ---------------------------------------------------------------------------------------------
// Reading the context left of the cursor

interface OpenParen {
  /** The word just before `(` (`count`, `eval`, `if`, `IN`) as written; empty for a plain group. */
  readonly callee: string;
}

interface ScanState {
  /** Inside `"..."`, a comment, or nowhere useful. */
  readonly inert: boolean;
  /** Offset of the opening backtick when the cursor is inside a macro call. */
  readonly macroStart?: number;
  /** Start of the stage the cursor is in (just after its `|` or `[`, or 0). */
  readonly stageStart: number;
  /** The stage is the first of the search or of a subsearch. */
  readonly firstStage: boolean;
  readonly inSubsearch: boolean;
  /** Parentheses open in the current stage, innermost last. */
  readonly parens: readonly OpenParen[];
}

const WORD_CHAR = /[A-Za-z0-9_.]/;

function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && WORD_CHAR.test(text[start - 1])) start--;
  return text.slice(start, end);
}

function scan(text: string, end: number): ScanState {
  interface Frame {
    stageStart: number;
    firstStage: boolean;
    parens: OpenParen[];
  }
  const frames: Frame[] = [{ stageStart: 0, firstStage: true, parens: [] }];
  let i = 0;
  while (i < end) {
    const c = text[i];
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      if (close < 0 || close + 3 > end) return { inert: true, stageStart: 0, firstStage: false, inSubsearch: false, parens: [] };
      i = close + 3;
      continue;
    }
    const frame = frames[frames.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (j < end && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= end) return { inert: true, stageStart: frame.stageStart, firstStage: frame.firstStage, inSubsearch: frames.length > 1, parens: frame.parens };
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0 || close >= end) {
        return { inert: false, macroStart: i, stageStart: frame.stageStart, firstStage: frame.firstStage, inSubsearch: frames.length > 1, parens: frame.parens };
      }
      i = close + 1;
      continue;
    }
    if (c === '[') frames.push({ stageStart: i + 1, firstStage: true, parens: [] });
    else if (c === ']' && frames.length > 1) frames.pop();
    else if (c === '|') {
      frame.stageStart = i + 1;
      frame.firstStage = false;
      frame.parens = [];
    } else if (c === '(') {
      let calleeEnd = i;
      while (calleeEnd > 0 && /\s/.test(text[calleeEnd - 1])) calleeEnd--;
      frame.parens.push({ callee: wordBefore(text, calleeEnd) });
    }
    else if (c === ')') frame.parens.pop();
    i++;
  }
  const frame = frames[frames.length - 1];
  return { inert: false, stageStart: frame.stageStart, firstStage: frame.firstStage, inSubsearch: frames.length > 1, parens: frame.parens };
}

// ---------------------------------------------------------------------------------------------
// Fields at the cursor

/** The offset of the expanded text where the written character at `offset` went. Outside the
 * root's own text (inside a macro call) it is where that call's expansion starts. */
function expandedOffsetOf(analysis: SearchAnalysis, offset: number): number {
  const { map } = analysis.expansion;
  let best = 0;
  for (const piece of map.pieces) {
    if (piece.chain.length === 0) {
      if (piece.sourceOffset > offset) break;
      best = piece.verbatim && offset < piece.sourceOffset + piece.length ? piece.start + (offset - piece.sourceOffset) : piece.start + piece.length;
    } else if (piece.chain[0].span.start >= offset) break;
    else best = piece.start + piece.length;
  }
  return offset >= analysis.source.text.length ? map.length : best;
}

/** The fields the rows have when they reach the stage the cursor is in: the stage's input, or
 * the last stage's output when the cursor is after a `|` the parser had nothing to make a stage
 * of. */
export function fieldsAtCursor(analysis: SearchAnalysis, offset: number): { fields: FieldSet; stages: readonly StageFields[]; stageIndex: number } {
  const stages = analysis.flow.stages;
  const at = expandedOffsetOf(analysis, offset);
  let index = -1;
  for (let i = 0; i < stages.length; i++) if (stages[i].command.span.start <= at) index = i;
  if (index < 0) return { fields: stages[0]?.input ?? analysis.flow.output, stages, stageIndex: 0 };
  const stage = stages[index];
  const between = analysis.expansion.text.slice(stage.command.span.end, at);
  if (between.includes('|')) return { fields: stage.output, stages, stageIndex: index + 1 };
  return { fields: stage.input, stages, stageIndex: index };
}

function fieldItems(analysis: SearchAnalysis, offset: number): CompletionItem[] {
  const { fields, stages, stageIndex } = fieldsAtCursor(analysis, offset);
  return fields.names.map((name, i) => {
    let producer: string | undefined;
    for (let s = Math.min(stageIndex, stages.length) - 1; s >= 0 && !producer; s--) {
      if (stages[s].produced.includes(name)) producer = `from \`${stages[s].command.name || 'search'}\` (stage ${s + 1} of the expanded search)`;
    }
    return {
      label: name,
      kind: 'field',
      detail: producer ?? 'event field',
      insertText: /^[A-Za-z0-9_.:]+$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`,
      snippet: false,
      sortText: sortKey(i),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Items from the reference and the macro table

function commandItems(prefixSpace: boolean): CompletionItem[] {
  return allCommandReferences().map((c) => ({
    label: c.name,
    kind: 'command',
    detail: c.summary,
    documentation: `\`${c.syntax}\`\n\n${c.description}\n\n\`\`\`spl\n${c.example}\n\`\`\``,
    insertText: prefixSpace ? ` ${c.name}` : c.name,
    snippet: false,
  }));
}

/** `if(${1:condition}, ${2:then_value}, ${3:else_value})`: required parameters as placeholders,
 * optional ones left out, a repeatable one once. */
function callSnippet(name: string, parameters: FunctionReference['parameters']): string {
  const required = parameters.filter((p) => !p.optional);
  return `${name}(${required.map((p, i) => `\${${i + 1}:${escapePlaceholder(p.name)}}`).join(', ')})`;
}

function functionDocumentation(f: FunctionReference): string {
  const parameters = f.parameters.map((p) => `- \`${p.name}\`${p.optional ? ' (optional)' : ''}: ${p.description}`).join('\n');
  return `${f.summary}\n\n${f.description}${parameters ? `\n\n${parameters}` : ''}\n\nReturns ${f.returns}\n\n\`\`\`spl\n${f.example}\n\`\`\``;
}

function evalFunctionItems(): CompletionItem[] {
  return allEvalFunctionReferences().map((f) => ({
    label: f.name,
    kind: 'function',
    detail: f.signature,
    documentation: functionDocumentation(f),
    insertText: callSnippet(f.name, f.parameters),
    snippet: true,
  }));
}

function aggregationItems(): CompletionItem[] {
  return allStatsFunctionReferences().map((f) => {
    // `perc<N>(field)`: the number is part of the name.
    const percentile = f.signature.includes('<N>');
    const name = percentile ? `${f.name}\${1:95}` : f.name;
    const required = f.parameters.filter((p) => !p.optional);
    const first = percentile ? 2 : 1;
    const args = required.map((p, i) => `\${${i + first}:${escapePlaceholder(p.name)}}`).join(', ');
    return {
      label: percentile ? `${f.name}<N>` : f.name,
      kind: 'aggregation',
      detail: f.signature,
      documentation: functionDocumentation(f),
      // Every argument optional (`count`): the bare name is the common form.
      insertText: required.length === 0 ? name : `${name}(${args})`,
      snippet: percentile || required.length > 0,
    };
  });
}

function optionAndKeywordItems(command: string): CompletionItem[] {
  const reference = commandReference(command);
  if (!reference) return [];
  return [
    ...reference.options.map((o): CompletionItem => ({ label: `${o.name}=`, kind: 'option', detail: o.description, insertText: `${o.name}=`, snippet: false })),
    ...reference.keywords.map((k): CompletionItem => ({ label: k.name, kind: 'keyword', detail: k.description, insertText: k.name, snippet: false })),
  ];
}

interface MacroInsertion {
  /** Add the closing backtick (none follows the name yet). */
  readonly closingBacktick: boolean;
  /** Add the argument list (none follows the name yet). */
  readonly arguments: boolean;
}

function macroItems(table: MacroTable, filterMacro: string | undefined, insertion: MacroInsertion): CompletionItem[] {
  const close = insertion.closingBacktick ? '`' : '';
  const items: CompletionItem[] = [];
  for (const name of table.names()) {
    for (const arity of table.arities(name)) {
      const definition = table.get(name, arity);
      const args = definition?.args ?? [];
      const label = arity === 0 ? name : `${name}(${arity})`;
      const placeholders = args.map((a, i) => `\${${i + 1}:${escapePlaceholder(a)}}`).join(', ');
      items.push({
        label,
        kind: 'macro',
        detail: definition ? definition.definition.text.replace(/\s+/g, ' ').slice(0, 120) : undefined,
        documentation: definition?.description,
        insertText: arity === 0 || !insertion.arguments ? `${name}${close}` : `${name}(${placeholders})${close}`,
        snippet: arity > 0 && insertion.arguments,
        sortText: name === filterMacro ? '0' : `1${label}`,
      });
    }
  }
  if (filterMacro && !table.arities(filterMacro).includes(0)) {
    items.push({
      label: filterMacro,
      kind: 'macro',
      detail: "this detection's filter macro",
      documentation: 'No file defines it yet, so it is `search *`: it passes every row through.',
      insertText: `${filterMacro}${close}`,
      snippet: false,
      sortText: '0',
    });
  }
  // The detection's own filter macro first: it is the one every detection ends with.
  return items.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
}

// ---------------------------------------------------------------------------------------------
// The contexts

const STATS_LIKE = new Set(['stats', 'eventstats', 'streamstats', 'sistats', 'chart', 'timechart', 'sichart', 'sitimechart', 'geostats', 'tstats', 'mstats']);

/** Words of `text` outside parentheses (the clause keywords `by`, `as`, `over`, `where`). */
function topLevelWords(text: string): string[] {
  let depth = 0;
  let flat = '';
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) flat += c;
  }
  return flat.split(/[\s,]+/).filter((w) => w !== '');
}

function statsContext(command: string, rest: string, state: ScanState, input: SplCompletionInput): CompletionItem[] {
  const fields = (): CompletionItem[] => fieldItems(input.analysis, input.offset);
  if (state.parens.some((p) => p.callee.toLowerCase() === 'eval')) return [...evalFunctionItems(), ...fields()];
  if (state.parens.length > 0) return fields();
  // An option's value (`span=`, `datamodel=`) has no list here.
  if (/=\s*$/.test(rest)) return [];
  const words = topLevelWords(rest).map((w) => w.toLowerCase());
  const last = words[words.length - 1];
  // After `as` comes a new name: nothing to offer.
  if (last === 'as' && /\s$/.test(rest)) return [];
  if (words.includes('by') || words.includes('over') || words.includes('where')) return fields();
  return [...aggregationItems(), ...optionAndKeywordItems(command)];
}

/** Sample values where an eval expression compares a field with a value: `where f=¦`,
 * `f==¦`, `f!=¦` (in eval, a top-level `f=` assigns: no values there), and the list of
 * `in(f, ...)`. Eval strings need double quotes, so every value is inserted quoted. */
function evalValueItems(command: string, rest: string, state: ScanState, input: SplCompletionInput): CompletionItem[] | undefined {
  const innermost = state.parens[state.parens.length - 1];
  if (innermost?.callee.toLowerCase() === 'in') {
    const args = rest.slice(rest.lastIndexOf('(') + 1);
    const first = /^\s*([A-Za-z_][A-Za-z0-9_.{}:]*)\s*,/.exec(args);
    if (!first) return undefined;
    const listed = new Set([...args.slice(first[0].length).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1')));
    return valueItems(first[1], input.samples, true, listed);
  }
  const comparison = /([A-Za-z_][A-Za-z0-9_.{}:]*)\s*(==|!=|=)\s*$/.exec(rest);
  if (!comparison) return undefined;
  const assignment = command !== 'where' && comparison[2] === '=' && state.parens.length === 0;
  return assignment ? undefined : valueItems(comparison[1], input.samples, true, new Set());
}

function evalContext(command: string, rest: string, state: ScanState, input: SplCompletionInput): CompletionItem[] {
  const values = evalValueItems(command, rest, state, input);
  if (values?.length) return values;
  const fields = fieldItems(input.analysis, input.offset);
  if (command !== 'where' && state.parens.length === 0) {
    // The name left of `=` in an assignment: `eval ¦`, `eval a=1, ¦`.
    const assignments = rest.split(',');
    if (!assignments[assignments.length - 1].includes('=')) return fields;
  }
  return [...evalFunctionItems(), ...fields];
}

function otherCommandContext(command: string, rest: string, input: SplCompletionInput): CompletionItem[] {
  const option = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$/.exec(rest);
  if (option) {
    // `rex field=`, `spath input=`: a field name; any other option value has no list.
    return ['field', 'input', 'output'].includes(option[1].toLowerCase()) ? fieldItems(input.analysis, input.offset) : [];
  }
  return [...optionAndKeywordItems(command), ...fieldItems(input.analysis, input.offset)];
}

/** Values completed at once: the most frequent ones of the sample data. */
const VALUE_COMPLETION_COUNT = 50;

/** The sample values of `field` as completion items, most frequent first; `quoted` inserts every
 * value in double quotes (an `IN (...)` list), else only values that need them. */
function valueItems(field: string, samples: SampleValues | undefined, quoted: boolean, exclude: ReadonlySet<string>): CompletionItem[] {
  const sample = samples?.topValues(field, VALUE_COMPLETION_COUNT);
  if (!sample) return [];
  return sample.values
    .filter((v) => !exclude.has(v.value))
    .map((v, i) => ({
      label: v.value,
      kind: 'value' as const,
      detail: `${v.count} of ${sample.events} sample events (${sample.source})`,
      insertText: quoted || !/^[A-Za-z0-9_.:/-]+$/.test(v.value) ? `"${v.value.replace(/["\\]/g, '\\$&')}"` : v.value,
      snippet: false,
      sortText: sortKey(i),
    }));
}

/** The field of `field IN (` when the cursor is inside its list, with the values already listed. */
function inListField(rest: string): { field: string; listed: Set<string> } | undefined {
  const open = rest.lastIndexOf('(');
  const head = open < 0 ? null : /([A-Za-z_][A-Za-z0-9_.{}:]*)\s+IN\s*$/.exec(rest.slice(0, open));
  if (!head) return undefined;
  const listed = new Set([...rest.slice(open + 1).matchAll(/"((?:[^"\\]|\\.)*)"|([^\s,"]+)/g)].map((m) => (m[1] ?? m[2]).replace(/\\(.)/g, '$1')));
  return { field: head[1], listed };
}

function searchContext(rest: string, state: ScanState, input: SplCompletionInput): CompletionItem[] {
  // After `field=` and inside `field IN (`: the field's values in the sample data (none when the
  // server has no sample data for the document).
  if (state.parens.length > 0 && state.parens[state.parens.length - 1].callee === 'IN') {
    const list = inListField(rest);
    return list ? valueItems(list.field, input.samples, true, list.listed) : [];
  }
  const comparison = /([A-Za-z_][A-Za-z0-9_.{}:]*)\s*(!?=)\s*$/.exec(rest);
  if (comparison) return valueItems(comparison[1], input.samples, false, new Set());
  if (/[=<>]\s*$/.test(rest) || state.parens.some((p) => p.callee === 'IN')) return [];
  return [...fieldItems(input.analysis, input.offset), ...optionAndKeywordItems('search').filter((i) => i.kind === 'keyword')];
}

/** Completions at `input.offset` of an SPL text. Offsets are in `input.text`. */
export function completeSpl(input: SplCompletionInput): Completions {
  const { text } = input;
  const offset = Math.max(0, Math.min(input.offset, text.length));
  const state = scan(text, offset);
  if (state.inert) return NO_COMPLETIONS_AT(offset);

  if (state.macroStart !== undefined) {
    const typed = text.slice(state.macroStart + 1, offset);
    // Inside the arguments of a call: no list of its own.
    if (!/^[A-Za-z0-9_.-]*$/.test(typed)) return NO_COMPLETIONS_AT(offset);
    // An item replaces the whole name of a call being edited; what follows the name stays.
    let nameEnd = offset;
    while (nameEnd < text.length && /[A-Za-z0-9_.-]/.test(text[nameEnd])) nameEnd++;
    const after = text[nameEnd];
    const items = macroItems(input.macros, input.filterMacro, { closingBacktick: after !== '`' && after !== '(', arguments: after !== '(' });
    return { items, replace: { start: state.macroStart + 1, end: nameEnd } };
  }

  let wordStart = offset;
  while (wordStart > 0 && WORD_CHAR.test(text[wordStart - 1])) wordStart--;
  const replace = { start: wordStart, end: offset };
  const stageText = text.slice(state.stageStart, wordStart);
  const implicitSearch = state.firstStage && !state.inSubsearch && !/^\s*\|/.test(text);

  if (stageText.trim() === '') {
    if (implicitSearch) return { items: searchContext('', state, input), replace };
    return { items: commandItems(text[wordStart - 1] === '|'), replace };
  }

  const head = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(stageText);
  const command = implicitSearch ? 'search' : head ? head[1].toLowerCase() : '';
  const rest = implicitSearch ? stageText : head ? stageText.slice(head[0].length) : stageText;
  if (!command) return NO_COMPLETIONS_AT(offset);

  let items: CompletionItem[];
  if (STATS_LIKE.has(command)) items = statsContext(command, rest, state, input);
  else if (lookupCommand(command)?.mode === 'eval') items = evalContext(command, rest, state, input);
  else if (command === 'search') items = searchContext(rest, state, input);
  else items = otherCommandContext(command, rest, input);
  return { items, replace };
}
