// Hover: what the thing under the cursor is, as markdown. In SPL: a command, an eval or stats
// function, a macro call (definition, this call's expansion, where it is defined), a field (which
// data source declares it, which stage produces or drops it). In a detection's YAML: a `$token$`
// of the risk message, a risk score, a MITRE ATT&CK id, a risk or threat object's field.
import { hasField, type SearchAnalysis, type StageFields } from '../analysis';
import { splitDataSources, type ContentFile, type ContentRepository, type Detection } from '../content';
import { SEVERITY_BANDS, severityBandOf } from '../engine/risk';
import type { MacroCallSite } from '../macros/expand';
import type { MacroDefinition } from '../macros/macroDefinition';
import type { MacroCall, SplNode } from '../spl/ast';
import { commandOptionReference, commandReference, evalFunctionReference, statsFunctionReference, type FunctionReference } from '../spl/reference';
import { LineIndex, type Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import { splAtFileOffset, toSourceOffset, type EmbeddedSpl } from './embeddedSpl';
import { nodesAt } from './nodeAt';
import { fieldValuesMarkdown, tokenValuesMarkdown, type SampleValues } from './sampleValues';

/** What hover needs of a document: its model, its SPL texts and their analyses. */
export interface HoverDocument {
  /** Undefined for `.spl` files. */
  readonly file: ContentFile | undefined;
  readonly spls: readonly EmbeddedSpl[];
  analysisOf(spl: EmbeddedSpl): SearchAnalysis;
  readonly repository: ContentRepository;
  /** How to show a file's path to the user (relative to the workspace or content root). */
  displayPath(file: string): string;
  /** The document's sample data (values of fields, the detection's preview rows), if any. */
  readonly samples?: SampleValues;
}

export interface HoverResult {
  readonly markdown: string;
  /** File span of the hovered word or node. */
  readonly span: Span;
}

/** An expansion longer than this is cut in the hover (a hover is not the place for pages). */
const MAX_EXPANSION_SHOWN = 2000;

const MITRE_ID = /^T\d{4}(?:\.\d{3})?$/;

function codeBlock(text: string): string {
  // A fence longer than any run of backticks inside (SPL has macro calls and comments).
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}spl\n${text}\n${fence}`;
}

/** Inline code that survives backticks inside. */
function inlineCode(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function within(offset: number, s: Span): boolean {
  return s.start <= offset && offset <= s.end;
}

// ---------------------------------------------------------------------------------------------
// SPL

function functionMarkdown(reference: FunctionReference, what: string): string {
  const parts = [`**${reference.name}** — ${what}`, codeBlock(reference.signature), reference.description];
  if (reference.parameters.length) {
    parts.push(reference.parameters.map((p) => `- \`${p.name}\`${p.optional ? ' (optional)' : ''}: ${p.description}`).join('\n'));
  }
  if (reference.returns) parts.push(`Returns: ${reference.returns}`);
  parts.push(`Example:\n${codeBlock(reference.example)}`);
  return parts.join('\n\n');
}

function commandMarkdown(name: string): string | undefined {
  const reference = commandReference(name);
  if (!reference) return undefined;
  const aliases = reference.aliases.length ? ` (also ${reference.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
  return [`**${reference.name}** — command${aliases}`, codeBlock(reference.syntax), reference.description, `Example:\n${codeBlock(reference.example)}`].join('\n\n');
}

function lineOf(repository: ContentRepository, file: string, offset: number): number | undefined {
  const text = repository.file(file)?.text;
  if (text === undefined) return undefined;
  return new LineIndex(text).positionAt(offset).line + 1;
}

function definedWhere(definition: MacroDefinition, document: HoverDocument): string {
  if (definition.origin === 'builtin') return 'Built in (not defined in this repository).';
  const at = definition.nameSpan?.start ?? definition.definition.toFileOffset(0);
  const line = lineOf(document.repository, definition.definition.file, at);
  return `Defined in ${document.displayPath(definition.definition.file)}${line === undefined ? '' : `, line ${line}`}.`;
}

function macroMarkdown(node: MacroCall, call: MacroCallSite | undefined, analysis: SearchAnalysis, document: HoverDocument): string {
  const arity = call?.arity ?? node.args.length;
  const title = `**\`${node.name}\`** — macro${arity ? ` with ${arity} argument${arity === 1 ? '' : 's'}` : ''}`;
  const definition = call?.definition;
  if (!definition) return `${title}\n\nNo macro \`${node.name}\` with ${arity} argument${arity === 1 ? '' : 's'} is defined: the call is left as written.`;
  const parts = [title];
  if (definition.description) parts.push(definition.description);
  if (definition.args.length) {
    const lines = definition.args.map((name, i) => {
      const given = call.args.find((a) => a.name === name) ?? call.args.filter((a) => a.name === undefined)[i];
      return `- \`${name}\`${given ? ` = ${inlineCode(given.value)}` : ''}`;
    });
    parts.push(`Arguments:\n${lines.join('\n')}`);
  }
  parts.push(`Definition${definition.iseval ? ' (an eval expression)' : ''}:\n${codeBlock(definition.definition.text)}`);
  let expanded = analysis.expansion.text.slice(call.expandedSpan.start, call.expandedSpan.end);
  if (expanded.length > MAX_EXPANSION_SHOWN) expanded = `${expanded.slice(0, MAX_EXPANSION_SHOWN)} …`;
  parts.push(`This call expands to:\n${codeBlock(expanded)}`);
  parts.push(definedWhere(definition, document));
  return parts.join('\n\n');
}

function stageName(stage: StageFields, index: number): string {
  return `\`${stage.command.name || 'search'}\` (stage ${index + 1} of the expanded search)`;
}

/** Which data sources declare the field, for the detection's own search. */
function declaringSources(field: string, document: HoverDocument): string[] {
  const file = document.file;
  if (file?.kind !== 'detection') return [];
  const names = file.dataSources.flatMap((entry) => splitDataSources(entry.value));
  return [...new Set(names)].filter((name) => document.repository.dataSource(name)?.fields.some((f) => f.value === field));
}

function outputSentence(field: string, analysis: SearchAnalysis): string {
  switch (hasField(analysis.flow.output, field)) {
    case 'yes':
      return `\`${field}\` is in the search's output.`;
    case 'maybe':
      return `\`${field}\` may be in the search's output: the output's fields are only known when the search runs.`;
    case 'no':
      return `\`${field}\` is **not** in the search's output.`;
  }
}

function fieldFacts(field: string, spl: EmbeddedSpl, analysis: SearchAnalysis, document: HoverDocument): string[] {
  const facts: string[] = [];
  if (spl.role === 'search') {
    const sources = declaringSources(field, document);
    facts.push(sources.length ? `Declared by the data source${sources.length === 1 ? '' : 's'} ${sources.map((s) => `**${s}**`).join(', ')}.` : 'No data source of this detection declares it.');
  }
  analysis.flow.stages.forEach((stage, i) => {
    if (stage.produced.includes(field)) facts.push(`Produced by ${stageName(stage, i)}.`);
    if (stage.dropped.includes(field)) facts.push(`Dropped by ${stageName(stage, i)}.`);
  });
  facts.push(outputSentence(field, analysis));
  return facts;
}

function fieldMarkdown(field: string, spl: EmbeddedSpl, analysis: SearchAnalysis, document: HoverDocument): string {
  const computed = analysis.flow.stages.some((stage) => stage.produced.includes(field));
  const values = fieldValuesMarkdown(field, document.samples, !computed);
  return [`**${field}** — field`, ...fieldFacts(field, spl, analysis, document), ...(values ? [values] : [])].join('\n\n');
}

/** The name of the stage (a direct child of a pipeline) that holds `chain[index]`. */
function enclosingCommand(chain: readonly SplNode[], index: number): string | undefined {
  for (let j = index - 1; j > 0; j--) {
    const node = chain[j];
    if (chain[j - 1].kind === 'pipeline' && 'name' in node) return node.name;
  }
  return undefined;
}

interface SplHover {
  readonly markdown: string;
  readonly span: Span;
}

function hoverInSpl(spl: EmbeddedSpl, offset: number, document: HoverDocument): SplHover | undefined {
  const analysis = document.analysisOf(spl);
  const chain: readonly SplNode[] = nodesAt(analysis.written.pipeline, offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i];
    const parent = chain[i - 1];
    switch (node.kind) {
      case 'macro-call': {
        const call = analysis.expansion.calls.find((c) => c.span.start === node.span.start && c.span.end === node.span.end);
        return { markdown: macroMarkdown(node, call, analysis, document), span: node.span };
      }
      case 'eval-call': {
        if (!within(offset, node.nameSpan)) continue;
        const reference = evalFunctionReference(node.name);
        if (reference) return { markdown: functionMarkdown(reference, 'eval function'), span: node.nameSpan };
        return { markdown: `**${node.name}** — not a known eval function.`, span: node.nameSpan };
      }
      case 'aggregation': {
        if (!within(offset, node.functionSpan)) continue;
        const reference = statsFunctionReference(node.function);
        if (!reference) return { markdown: `**${node.function}** — not a known statistical function.`, span: node.functionSpan };
        return { markdown: functionMarkdown(reference, 'statistical function'), span: node.functionSpan };
      }
      case 'field':
      case 'eval-field':
        return { markdown: fieldMarkdown(node.name, spl, analysis, document), span: node.span };
      case 'option': {
        if (!within(offset, node.nameSpan)) continue;
        const command = enclosingCommand(chain, i);
        const reference = command ? commandOptionReference(command, node.name) : undefined;
        if (reference) return { markdown: `**${reference.name}** — option of \`${command}\`\n\n${reference.description}`, span: node.nameSpan };
        continue;
      }
      default: {
        // A command: a stage of a pipeline, hovered on its name.
        if (parent?.kind !== 'pipeline' || !('nameSpan' in node) || node.nameSpan.end === node.nameSpan.start || !within(offset, node.nameSpan)) continue;
        const markdown = commandMarkdown(node.name);
        if (markdown) return { markdown, span: node.nameSpan };
        return { markdown: `**${node.name}** — not a known command.`, span: node.nameSpan };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Detection YAML

export function severityOfScore(score: number): string {
  const band = severityBandOf(score);
  return `${band.severity} (${band.from}-${band.to})`;
}

function scoreMarkdown(score: number): string {
  const range = score < 0 || score > 100 ? '\n\nA risk score must be between 0 and 100.' : '';
  return `**Risk score ${score}** — severity ${severityOfScore(score)}\n\nThe severity bands: ${SEVERITY_BANDS.map((b) => `${b.from}-${b.to} ${b.severity}`).join(', ')}.${range}`;
}

function mitreMarkdown(id: string): string {
  if (!MITRE_ID.test(id)) {
    return `**${id}** — MITRE ATT&CK id\n\nNot a valid technique id: the format is \`T\` and four digits, with an optional sub-technique \`.\` and three digits (\`T1543\`, \`T1543.003\`).`;
  }
  const [technique, sub] = id.split('.');
  const url = `https://attack.mitre.org/techniques/${technique}/${sub ? `${sub}/` : ''}`;
  const what = sub ? `sub-technique ${sub} of technique ${technique}` : 'technique';
  return `**${id}** — MITRE ATT&CK ${what}\n\nA valid id format. [${id} on attack.mitre.org](${url})`;
}

/** The analysis of the detection's own search, when it has one. */
function searchOf(document: HoverDocument): { spl: EmbeddedSpl; analysis: SearchAnalysis } | undefined {
  const spl = document.spls.find((s) => s.role === 'search');
  return spl ? { spl, analysis: document.analysisOf(spl) } : undefined;
}

function tokenMarkdown(field: string, document: HoverDocument): string {
  const search = searchOf(document);
  const lines = [`**$${field}$** — risk message token`, `Replaced by the value of the field \`${field}\` in each result row of the search.`];
  if (!search) return [...lines, 'The detection has no search to take the field from.'].join('\n\n');
  const facts = fieldFacts(field, search.spl, search.analysis, document);
  if (hasField(search.analysis.flow.output, field) === 'no') facts.push('The token will render empty in every risk event.');
  facts.push(tokenValuesMarkdown(field, document.samples) ?? 'Values are not shown: the server has no sample data for this search.');
  return [...lines, ...facts].join('\n\n');
}

/** The `$field$` token of one of the risk messages under `fileOffset`. */
function tokenAt(messages: readonly SourceText[], fileOffset: number): { field: string; span: Span } | undefined {
  for (const message of messages) {
    const first = message.toFileOffset(0);
    const last = message.toFileOffset(message.text.length);
    if (fileOffset < first || fileOffset > last) continue;
    const offset = toSourceOffset(message, fileOffset);
    for (const m of message.text.matchAll(/\$([^$\s]+)\$/g)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (span.start <= offset && offset < span.end) return { field: m[1], span: message.toFileSpan(span) };
    }
  }
  return undefined;
}

function hoverInDetection(detection: Detection, fileOffset: number, document: HoverDocument): HoverResult | undefined {
  const risk = detection.risk;
  if (risk) {
    const token = tokenAt(risk.messages, fileOffset);
    if (token) return { markdown: tokenMarkdown(token.field, document), span: token.span };
    const objects = [...risk.riskObjects.map((o) => ({ o, what: 'risk object' })), ...risk.threatObjects.map((o) => ({ o, what: 'threat object' }))];
    for (const { o: object, what } of objects) {
      if (within(fileOffset, object.field.span)) {
        const search = searchOf(document);
        const facts = search ? fieldFacts(object.field.value, search.spl, search.analysis, document) : [];
        return { markdown: [`**${object.field.value}** — field of a ${what}`, ...facts].join('\n\n'), span: object.field.span };
      }
    }
    for (const object of risk.riskObjects) {
      if (object.score && within(fileOffset, object.score.span)) return { markdown: scoreMarkdown(object.score.value), span: object.score.span };
    }
  }
  // Legacy `tags.risk_score` (also when no observable carries it).
  const legacyScore = detection.keySpans([...detection.tagsPath, 'risk_score'])?.value;
  if (legacyScore && within(fileOffset, legacyScore)) {
    const score = Number(detection.text.slice(legacyScore.start, legacyScore.end).trim().replace(/^['"]|['"]$/g, ''));
    if (Number.isFinite(score)) return { markdown: scoreMarkdown(score), span: legacyScore };
  }
  for (const id of detection.mitreIds) {
    if (within(fileOffset, id.span)) return { markdown: mitreMarkdown(id.value), span: id.span };
  }
  return undefined;
}

/** The hover at `fileOffset` of the document, or undefined when there is nothing to say. */
export function hoverAt(document: HoverDocument, fileOffset: number): HoverResult | undefined {
  const found = splAtFileOffset(document.spls, fileOffset);
  if (found) {
    const inSpl = hoverInSpl(found.spl, found.offset, document);
    return inSpl ? { markdown: inSpl.markdown, span: found.spl.source.toFileSpan(inSpl.span) } : undefined;
  }
  if (document.file?.kind === 'detection') return hoverInDetection(document.file, fileOffset, document);
  return undefined;
}
