// Formatting SPL: one stage per line, each stage after the first starting with `| `. Only the
// whitespace around the top-level pipes changes: a stage's own text (strings, comments, macro
// calls, line breaks inside it) is kept exactly, and subsearch brackets are left as written
// (a `|` inside `[...]` is not a top-level pipe), so formatting cannot change what a search
// means. In YAML the formatted search is written back as a literal block scalar (`|-`), the only
// style in which its line breaks are kept as written; the strip indicator keeps the decoded
// value exactly the formatted SPL (no trailing newline added; `|` when a code action's new text
// ends with one).
import { embeddedSplOf, type EmbeddedSpl } from './embeddedSpl';
import { keySpansAt, parseContentFile, type ContentFile, type KeyPath } from '../content';
import { isSpace, splitStages } from '../spl/scan';
import type { Span } from '../text/lineIndex';

/** Replace `span` of a file's text with `newText`. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

const BACKSLASH = 92;

/** `text` formatted: the top-level stages, trimmed, one per line. A leading pipe stays; a stage
 * holding nothing (two pipes in a row) stays as a lone `|`, so even a broken search keeps its
 * shape. */
export function formatSpl(text: string, lineBreak = '\n'): string {
  const split = splitStages(text, 0, text.length);
  const stages = split.stages.map((s) => trimStage(text, s.start, s.end));
  const lines: string[] = [];
  stages.forEach((stage, i) => {
    if (i === 0) {
      // Nothing before the first pipe: the search starts with `| command`.
      if (stage !== '') lines.push(stage);
      return;
    }
    lines.push(stage === '' ? '|' : `| ${stage}`);
  });
  return lines.join(lineBreak);
}

/** A stage's text without the spaces around it; a space after a trailing backslash stays, since
 * `\ ` may be part of the word (an escaped space). */
function trimStage(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e < end && e > s && text.charCodeAt(e - 1) === BACKSLASH) e++;
  return text.slice(s, e);
}

/** The edits that format a `.spl` file (its whole text is the search); a final newline stays. */
export function formatSplFileText(text: string): TextEdit[] {
  const finalNewline = /\r?\n$/.exec(text)?.[0] ?? '';
  const search = formatSpl(text, /\r\n/.test(text) ? '\r\n' : '\n');
  const formatted = search === '' ? search : search + finalNewline;
  return formatted === text ? [] : [{ span: { start: 0, end: text.length }, newText: formatted }];
}

/** Where an embedded SPL's value sits in the YAML document. */
function keyPathOf(spl: EmbeddedSpl): KeyPath | undefined {
  switch (spl.role) {
    case 'search':
      return ['search'];
    case 'drilldown':
      return spl.index === undefined ? undefined : ['drilldown_searches', spl.index, 'search'];
    case 'macro-definition':
      return ['definition'];
    case 'spl-file':
      return undefined;
  }
}

/** The edits that format every SPL value of a YAML content file (searches, drilldown searches,
 * a macro's definition), each restricted to the SPL values that overlap `within` when given.
 * A file with YAML errors, or a value the rewrite would not give back exactly, is left alone. */
export function formatContentFile(file: ContentFile, within?: Span): TextEdit[] {
  if (!isYamlContentFile(file) || file.yaml.hasSyntaxErrors || file.yaml.parsedText !== file.text) return [];
  const edits: TextEdit[] = [];
  for (const spl of embeddedSplOf(file)) {
    if (within && (spl.fileSpan.end < within.start || spl.fileSpan.start > within.end)) continue;
    const edit = blockScalarEdit(file, spl, formatSpl(spl.source.text));
    if (edit) edits.push(edit);
  }
  if (edits.length === 0) return [];
  // The safety net: the rewritten file must read back with every SPL value formatted.
  const rewritten = parseContentFile(file.path, applyEdits(file.text, edits));
  const before = embeddedSplOf(file).map((s) => s.source.text);
  const after = embeddedSplOf(rewritten).map((s) => s.source.text);
  const touched = new Set(edits.map((e) => e.span.start));
  const expected = embeddedSplOf(file).map((s, i) => {
    const path = keyPathOf(s);
    const value = path ? keySpansAt(file.yaml, path)?.value : undefined;
    return value && touched.has(value.start) ? formatSpl(s.source.text) : before[i];
  });
  if (after.length !== expected.length || after.some((text, i) => text !== expected[i])) return [];
  return edits;
}

type YamlContentFile = Extract<ContentFile, { yaml: unknown }>;

function isYamlContentFile(file: ContentFile): file is YamlContentFile {
  return 'yaml' in file;
}

/** Whether a literal block scalar can hold `text` as it is: a line break other than `\n` would be
 * normalised by YAML, and other control characters are not allowed unescaped. */
function fitsLiteralBlock(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10) continue;
    if (c < 32 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 || c === 0xfeff) return false;
  }
  return true;
}

/** The edit that writes `spl`'s value as a literal block scalar holding `newSpl`, or undefined
 * when the file cannot be edited safely or `newSpl` does not fit a block; each such edit is
 * checked by reading the edited file back. The code actions rewrite SPL this way when their new
 * text would need escaping in the value's own style. */
export function splValueAsLiteralBlock(file: ContentFile, spl: EmbeddedSpl, newSpl: string): TextEdit | undefined {
  if (!isYamlContentFile(file) || file.yaml.hasSyntaxErrors || file.yaml.parsedText !== file.text) return undefined;
  const edit = blockScalarEdit(file, spl, newSpl, true);
  if (!edit) return undefined;
  const rewritten = parseContentFile(file.path, applyEdits(file.text, [edit]));
  const same = embeddedSplOf(rewritten).find((s) => s.role === spl.role && s.index === spl.index);
  return same?.source.text === newSpl ? edit : undefined;
}

function blockScalarEdit(file: YamlContentFile, spl: EmbeddedSpl, newSpl: string, evenIfUnchanged = false): TextEdit | undefined {
  const path = keyPathOf(spl);
  const spans = path ? keySpansAt(file.yaml, path) : undefined;
  if (!spans || spans.value.start === spans.value.end) return undefined;
  // One final line break is what the clip indicator (`|`) keeps; any other trailing space would
  // need `|+` and a leading one an indentation indicator: such values are left alone.
  const clip = /[^\s]\n$/.test(newSpl);
  const formatted = clip ? newSpl.slice(0, -1) : newSpl;
  if (formatted.trim() === '' || /^[ \t]|\s$/.test(formatted) || !fitsLiteralBlock(formatted)) return undefined;
  const text = file.text;
  const original = text.slice(spans.value.start, spans.value.end);
  const keyColumn = spans.key.start - lineStartOf(text, spans.key.start);
  const indent = ' '.repeat(keyColumn + 2);
  let end = spans.value.end;
  let comment = '';
  if (/^[|>]/.test(original)) {
    // A block scalar's header line may end with a comment: it stays on the new header.
    const headerEnd = original.search(/\r?\n/);
    const header = headerEnd < 0 ? original : original.slice(0, headerEnd);
    const hash = header.search(/\s#/);
    if (hash >= 0) comment = ` ${header.slice(hash).trim()}`;
  } else {
    // Spaces or a comment after a flow value would fall into the block's text: the spaces go,
    // the comment moves to the header.
    const lineEnd = lineEndOf(text, end);
    const rest = text.slice(end, lineEnd);
    if (/^\s+#/.test(rest)) comment = ` ${rest.trim()}`;
    if (/^\s+(#.*)?$/.test(rest)) end = lineEnd;
  }
  // The file's own line breaks: a CRLF file stays CRLF (YAML reads either as one break).
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const body = formatted.split('\n').map((line) => (line === '' ? '' : indent + line)).join(eol);
  const trailing = /\r?\n$/.exec(original)?.[0] ?? '';
  const newText = `${clip ? '|' : '|-'}${comment}${eol}${body}${trailing}`;
  if (!evenIfUnchanged && newText === text.slice(spans.value.start, end)) return undefined;
  return { span: { start: spans.value.start, end }, newText };
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** `text` with non-overlapping `edits` applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}
