// One YAML content file parsed with positions. Parsing never throws: syntax errors become
// `yaml-syntax` diagnostics at yaml's own error positions, and whatever yaml could still build is
// kept so the editor has something to work with.
//
// One repair is made before giving up on a file: a multi-line quoted value whose continuation
// lines are indented no deeper than its key. The YAML spec forbids it and `yaml` rejects it, but
// PyYAML (which contentctl uses) reads it, and real content has it (a macro, two stories and two
// deprecated detections in the 2024 snapshot). Those lines are indented in a copy of the text,
// the copy is parsed, and every offset is mapped back to the original text.
import { CST, isMap, isScalar, isSeq, Parser, parseDocument, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import { scalarSourceText, type ScalarContext } from './yamlScalar';

/** A path into a YAML document: mapping keys and sequence indexes. */
export type KeyPath = readonly (string | number)[];

export interface YamlFile {
  readonly path: string;
  /** The file's text as given (offsets in every span refer to it). */
  readonly text: string;
  readonly doc: Document.Parsed;
  /** The text yaml parsed: `text` itself unless a repair indented some lines. */
  readonly parsedText: string;
  /** The top-level mapping, or undefined when the document is not one. */
  readonly root: YAMLMap | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** True when yaml reported errors (after repair): content rules are not run on such files. */
  readonly hasSyntaxErrors: boolean;
  /** Maps an offset of the parsed text to the file (the identity unless a repair was made). */
  toFileOffset(parsedOffset: number): number;
  /** What scalarSourceText needs to map this file's scalars. */
  readonly scalars: ScalarContext;
}

const PARSE_OPTIONS = { prettyErrors: false } as const;
const MAX_REPAIRS = 20;

export function parseYamlFile(path: string, text: string): YamlFile {
  let parsedText = text;
  let doc = parseDocument(parsedText, PARSE_OPTIONS);
  // Insertions made by repairs, each in the coordinates of the text it was made in.
  const repairs: Insertion[][] = [];
  const repairedSpans: Span[] = [];
  for (let round = 0; round < MAX_REPAIRS && doc.errors.length > 0; round++) {
    const repair = repairUnderIndentedQuote(parsedText, doc);
    if (!repair) break;
    const repairedDoc = parseDocument(repair.text, PARSE_OPTIONS);
    if (repairedDoc.errors.length >= doc.errors.length) break;
    repairedSpans.push(mapSpanBack(repair.scalar, repairs));
    repairs.push(repair.insertions);
    parsedText = repair.text;
    doc = repairedDoc;
  }
  const toFileOffset = (offset: number): number => mapBack(offset, repairs);
  const diagnostics: Diagnostic[] = [];
  for (const s of repairedSpans) {
    diagnostics.push(
      diagnostic(
        'yaml-under-indented-quote',
        'The continuation lines of this quoted value are indented no deeper than its key: contentctl (PyYAML) reads it, other YAML tools reject it. Indent them under the value.',
        s,
      ),
    );
  }
  for (const error of doc.errors) {
    // yaml may point one past the end (a missing closing quote at the end of the file).
    const start = Math.min(toFileOffset(error.pos[0]), text.length);
    const end = Math.min(Math.max(start, toFileOffset(error.pos[1])), text.length);
    diagnostics.push(diagnostic('yaml-syntax', error.message, { start, end }));
  }
  const contents = doc.contents;
  const root = isMap(contents) ? contents : undefined;
  if (!root && doc.errors.length === 0) {
    const at = contents?.range ? { start: toFileOffset(contents.range[0]), end: toFileOffset(contents.range[1]) } : { start: 0, end: 0 };
    diagnostics.push(diagnostic('yaml-not-mapping', 'A content file must be a mapping of keys to values.', at));
  }
  const scalars: ScalarContext = { parsedText, toFile: toFileOffset, blockScalarToken: blockScalarTokens(parsedText) };
  return { path, text, doc, parsedText, root, diagnostics, hasSyntaxErrors: doc.errors.length > 0, toFileOffset, scalars };
}

/** Block scalar tokens by offset, from a CST parse made the first time one is asked for. */
function blockScalarTokens(parsedText: string): (offset: number) => CST.BlockScalar | undefined {
  let byOffset: Map<number, CST.BlockScalar> | undefined;
  return (offset) => {
    if (!byOffset) {
      const found = new Map<number, CST.BlockScalar>();
      for (const token of new Parser().parse(parsedText)) {
        if (token.type !== 'document') continue;
        if (token.value?.type === 'block-scalar') found.set(token.value.offset, token.value);
        CST.visit(token, (item) => {
          for (const t of [item.key, item.value]) if (t?.type === 'block-scalar') found.set(t.offset, t);
        });
      }
      byOffset = found;
    }
    return byOffset.get(offset);
  };
}

// --- repair of under-indented quoted scalars -------------------------------------------------

interface Insertion {
  /** Offset (in the text before the insertion) where spaces were inserted. */
  readonly at: number;
  readonly count: number;
}

function mapBack(offset: number, repairs: readonly (readonly Insertion[])[]): number {
  let o = offset;
  for (let r = repairs.length - 1; r >= 0; r--) o = mapBackOneRepair(o, repairs[r]);
  return o;
}

function mapBackOneRepair(offset: number, insertions: readonly Insertion[]): number {
  let shift = 0;
  for (const ins of insertions) {
    const insertedAt = ins.at + shift; // where the spaces sit in the repaired text
    if (offset < insertedAt) break;
    if (offset < insertedAt + ins.count) return ins.at; // inside inserted spaces: the line start
    shift += ins.count;
  }
  return offset - shift;
}

function mapSpanBack(s: Span, repairs: readonly (readonly Insertion[])[]): Span {
  return { start: mapBack(s.start, repairs), end: mapBack(s.end, repairs) };
}

interface Repair {
  readonly text: string;
  readonly insertions: Insertion[];
  /** The repaired scalar, in the coordinates of the text before this repair. */
  readonly scalar: Span;
}

const MISSING_QUOTE = /^Missing closing ["']quote/;
const LOOKS_LIKE_KEY = /^[A-Za-z_][\w-]*:(\s|$)/;

function repairUnderIndentedQuote(text: string, doc: Document.Parsed): Repair | undefined {
  const error = doc.errors.find((e) => e.code === 'MISSING_CHAR' && MISSING_QUOTE.test(e.message));
  if (!error) return undefined;
  const found = quotedValueEndingAt(doc, error.pos[0]);
  if (!found) return undefined;
  const { scalar, keyStart } = found;
  const quoteAt = scalar.range?.[0];
  if (quoteAt === undefined) return undefined;
  const close = closingQuote(text, quoteAt);
  if (close < 0) return undefined;
  // The rest of the closing line must be blank or a comment, or this was a real missing quote.
  const restOfLine = text.slice(close + 1, lineEnd(text, close));
  if (!/^\s*(#.*)?$/.test(restOfLine)) return undefined;
  const need = keyStart - lineStart(text, keyStart) + 1;
  const insertions: Insertion[] = [];
  for (let i = text.indexOf('\n', quoteAt); i >= 0 && i < close; i = text.indexOf('\n', i + 1)) {
    const start = i + 1;
    let have = 0;
    while (text[start + have] === ' ') have++;
    const line = text.slice(start, lineEnd(text, start));
    if (have < need && LOOKS_LIKE_KEY.test(line)) return undefined; // a sibling key: not a value
    if (have < need) insertions.push({ at: start, count: need - have });
  }
  if (insertions.length === 0) return undefined;
  let repaired = '';
  let from = 0;
  for (const ins of insertions) {
    repaired += text.slice(from, ins.at) + ' '.repeat(ins.count);
    from = ins.at;
  }
  repaired += text.slice(from);
  return { text: repaired, insertions, scalar: { start: quoteAt, end: close + 1 } };
}

/** The quoted scalar that yaml cut off at `end`, and where its key starts. */
function quotedValueEndingAt(doc: Document.Parsed, end: number): { scalar: Scalar; keyStart: number } | undefined {
  let result: { scalar: Scalar; keyStart: number } | undefined;
  visit(doc, {
    Pair(_key, pair) {
      const value = pair.value;
      if (!isScalar(value) || !value.range || value.range[1] !== end) return undefined;
      if (value.type !== 'QUOTE_SINGLE' && value.type !== 'QUOTE_DOUBLE') return undefined;
      const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (keyStart === undefined) return undefined;
      result = { scalar: value, keyStart };
      return visit.BREAK;
    },
  });
  return result;
}

/** Offset of the quote that closes the quoted scalar opening at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

// --- reading values with positions ---------------------------------------------------------------

/** The pair of `map` under `key`, if any. */
export function pairOf(map: unknown, key: string): Pair<Scalar, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isScalar(item.key) && String(item.key.value) === key) return item as Pair<Scalar, unknown>;
  }
  return undefined;
}

export function valueOf(map: unknown, key: string): unknown {
  return pairOf(map, key)?.value ?? undefined;
}

/** The node at `path` (keys into mappings, indexes into sequences). */
export function nodeAt(root: unknown, path: KeyPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') node = isSeq(node) ? node.items[segment] : undefined;
    else node = valueOf(node, segment);
    if (node === undefined || node === null) return undefined;
  }
  return node;
}

/** File span of a node's value (without trailing comments), or undefined. */
export function spanOfNode(file: YamlFile, node: unknown): Span | undefined {
  const range = (node as Node | undefined)?.range;
  if (!range) return undefined;
  return { start: file.toFileOffset(range[0]), end: file.toFileOffset(range[1]) };
}

/** Spans of the key and the value at `path`; for a sequence item both are the item's span. */
export function keySpansAt(file: YamlFile, path: KeyPath): { key: Span; value: Span } | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(file.root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const item = isSeq(parent) ? parent.items[last] : undefined;
    const s = spanOfNode(file, item);
    return s ? { key: s, value: s } : undefined;
  }
  const pair = pairOf(parent, last);
  if (!pair) return undefined;
  const key = spanOfNode(file, pair.key);
  if (!key) return undefined;
  const value = spanOfNode(file, pair.value) ?? { start: key.end, end: key.end };
  return { key, value };
}

/** A scalar's value as text, when it is a scalar (numbers and booleans as written). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null || node.value === undefined) return undefined;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

export function sourceTextOf(file: YamlFile, node: unknown): SourceText | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return scalarSourceText(file.path, node, file.scalars);
}
