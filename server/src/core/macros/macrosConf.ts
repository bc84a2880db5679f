// macros.conf (Splunk's own macro format) to MacroDefinition[]. Stanzas `[name]` or `[name(N)]`,
// `key = value` settings, `#` comment lines, and values continued over lines that end with `\`
// (the backslash goes, the line break stays, as Splunk shows such values). Every character of
// a definition maps back to its file offset. Never throws: problems become diagnostics.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { Span } from '../text/lineIndex';
import { mappedSourceText, type SourceText } from '../text/sourceText';
import type { MacroDefinition } from './macroDefinition';

export interface MacrosConf {
  readonly macros: readonly MacroDefinition[];
  /** Spans are offsets into the given source's text. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A setting's value with, for each character, its offset in the source text (plus the end). */
interface Setting {
  readonly keySpan: Span;
  readonly value: string;
  readonly offsets: readonly number[];
}

interface Stanza {
  readonly name: string;
  readonly nameSpan: Span;
  readonly settings: Map<string, Setting>;
}

interface Line {
  readonly start: number;
  /** End of the content, before the line break. */
  readonly end: number;
  /** Start of the next line. */
  readonly next: number;
}

export function parseMacrosConf(source: SourceText): MacrosConf {
  const diagnostics: Diagnostic[] = [];
  const stanzas = readStanzas(source.text, diagnostics);
  const macros: MacroDefinition[] = [];
  for (const stanza of stanzas.values()) {
    const def = toDefinition(source, stanza, diagnostics);
    if (def) macros.push(def);
  }
  return { macros, diagnostics };
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    let next = end;
    if (text[next] === '\r') next++;
    if (text[next] === '\n') next++;
    lines.push({ start, end, next });
    start = next;
  }
  return lines;
}

/** The stanzas in file order; a stanza written twice is merged, later settings winning, as
 * Splunk merges them. Settings before the first stanza belong to [default] and are ignored. */
function readStanzas(text: string, diagnostics: Diagnostic[]): Map<string, Stanza> {
  const stanzas = new Map<string, Stanza>();
  let current: Stanza | undefined;
  const lines = splitLines(text);
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    let first = line.start;
    while (first < line.end && (text[first] === ' ' || text[first] === '\t')) first++;
    if (first === line.end || text[first] === '#') continue;
    if (text[first] === '[') {
      const close = text.lastIndexOf(']', line.end - 1);
      if (close <= first) {
        diagnostics.push(diagnostic('macro-conf-syntax', 'The stanza header has no closing `]`.', { start: first, end: line.end }));
        current = undefined;
        continue;
      }
      const nameSpan = trim(text, first + 1, close);
      const name = text.slice(nameSpan.start, nameSpan.end);
      current = stanzas.get(name);
      if (!current) stanzas.set(name, (current = { name, nameSpan, settings: new Map() }));
      continue;
    }
    const eq = text.indexOf('=', first);
    if (eq < 0 || eq >= line.end) {
      diagnostics.push(diagnostic('macro-conf-syntax', 'Expected `key = value`, a `[stanza]` or a `#` comment.', { start: first, end: line.end }));
      continue;
    }
    const keySpan = trim(text, first, eq);
    const value = readValue(text, lines, li, eq + 1);
    li = value.lastLine;
    if (current) current.settings.set(text.slice(keySpan.start, keySpan.end), { keySpan, value: value.text, offsets: value.offsets });
  }
  return stanzas;
}

/** The value starting at `from` on line `li`, followed over `\` continuations, trimmed. */
function readValue(text: string, lines: readonly Line[], li: number, from: number): { text: string; offsets: number[]; lastLine: number } {
  const offsets: number[] = [];
  let line = lines[li];
  let at = from;
  while (at < line.end && (text[at] === ' ' || text[at] === '\t')) at++;
  for (;;) {
    const endsWithBackslash = line.end > at && text[line.end - 1] === '\\';
    const continued = endsWithBackslash && li + 1 < lines.length;
    const contentEnd = endsWithBackslash ? line.end - 1 : line.end;
    for (let i = at; i < contentEnd; i++) offsets.push(i);
    if (!continued) break;
    for (let i = line.end; i < line.next; i++) offsets.push(i); // the line break stays
    li++;
    line = lines[li];
    at = line.start;
  }
  while (offsets.length && /\s/.test(text[offsets[offsets.length - 1]])) offsets.pop();
  const value = offsets.map((o) => text[o]).join('');
  offsets.push(offsets.length ? offsets[offsets.length - 1] + 1 : at);
  return { text: value, offsets, lastLine: li };
}

function trim(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Far beyond any real macro; keeps a typo like `[m(99999999)]` from allocating. */
const MAX_ARGUMENTS = 1000;

const TRUE_VALUES = new Set(['1', 'true', 't', 'yes', 'y']);

function toDefinition(source: SourceText, stanza: Stanza, diagnostics: Diagnostic[]): MacroDefinition | undefined {
  if (stanza.name === 'default') return undefined;
  const header = /^(.*?)\s*\(\s*(\d+)\s*\)$/.exec(stanza.name);
  const name = header ? header[1] : stanza.name;
  const arity = header ? Number(header[2]) : 0;
  if (arity > MAX_ARGUMENTS) {
    diagnostics.push(diagnostic('macro-conf-stanza', `\`[${stanza.name}]\` declares more than ${MAX_ARGUMENTS} arguments.`, stanza.nameSpan));
    return undefined;
  }
  if (!name || /[()`\s]/.test(name)) {
    diagnostics.push(diagnostic('macro-conf-stanza', `\`[${stanza.name}]\` is not a macro name: write \`[name]\` or \`[name(N)]\`.`, stanza.nameSpan));
    return undefined;
  }
  const definition = stanza.settings.get('definition');
  if (!definition) {
    diagnostics.push(diagnostic('macro-conf-stanza', `\`[${stanza.name}]\` has no \`definition\`.`, stanza.nameSpan));
    return undefined;
  }
  const argsSetting = stanza.settings.get('args');
  const written = argsSetting ? argsSetting.value.split(',').map((a) => a.trim()).filter((a) => a.length > 0) : [];
  let args = written;
  if (written.length !== arity) {
    const at = argsSetting?.keySpan ?? stanza.nameSpan;
    const listed = written.length ? `\`args\` lists ${written.length} (${written.join(', ')})` : 'no `args` are listed';
    diagnostics.push(diagnostic('macro-conf-stanza', `\`[${stanza.name}]\` takes ${arity} argument${arity === 1 ? '' : 's'}, but ${listed}.`, at));
    // Keep the macro under the key its stanza declares, so calls still resolve.
    args = Array.from({ length: arity }, (_, i) => written[i] ?? `arg${i + 1}`);
  }
  const text = (key: string): string | undefined => stanza.settings.get(key)?.value;
  const fileNameSpan = source.toFileSpan({ start: stanza.nameSpan.start, end: stanza.nameSpan.start + name.length });
  return {
    name,
    args,
    definition: mappedSourceText(source.file, definition.value, definition.offsets.map((o) => source.toFileOffset(o))),
    origin: 'macros-conf',
    nameSpan: fileNameSpan,
    ...(text('description') !== undefined ? { description: text('description') } : {}),
    ...(text('iseval') !== undefined ? { iseval: TRUE_VALUES.has(text('iseval')!.toLowerCase()) } : {}),
    ...(text('validation') !== undefined ? { validation: text('validation') } : {}),
    ...(text('errormsg') !== undefined ? { errormsg: text('errormsg') } : {}),
  };
}
