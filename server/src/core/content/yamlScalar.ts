// The decoded value of a YAML scalar together with the file offset of every decoded character,
// in all five styles. The decoders below follow the `yaml` package's own resolvers
// (compose/resolve-flow-scalar.js and resolve-block-scalar.js) step by step, recording where each
// character came from; `scalarSourceText` then checks the result against the value `yaml`
// decoded and falls back to a coarse map (every character at the scalar's start) if they ever
// disagree, so a position is never wrong, at worst imprecise.
//
// Mapping conventions: a character produced by an escape maps to the escape's backslash; a
// folded line break (a space or newline that stands for one or more line breaks) maps to a line
// break (`\r` of a CRLF); `''` in single quotes maps to its first quote.
import type { CST, Scalar } from 'yaml';
import { mappedSourceText, type SourceText } from '../text/sourceText';

export interface DecodedScalar {
  readonly text: string;
  /** One file offset per character of `text`, plus one for the end. */
  readonly offsets: readonly number[];
}

/** Collects decoded characters and their file offsets side by side. */
class Decoder {
  text = '';
  readonly offsets: number[] = [];

  push(chars: string, offset: number): void {
    this.text += chars;
    for (let i = 0; i < chars.length; i++) this.offsets.push(offset);
  }

  /** `src.slice(from, to)`, each character at its own offset (`base` is the offset of src[0]). */
  pushVerbatim(src: string, from: number, to: number, base: number): void {
    this.text += src.slice(from, to);
    for (let i = from; i < to; i++) this.offsets.push(base + i);
  }

  finish(end: number): DecodedScalar {
    return { text: this.text, offsets: [...this.offsets, end] };
  }
}

type FlowScalarToken = CST.FlowScalar;
type BlockScalarToken = CST.BlockScalar;

/** Decodes a scalar CST token (flow scalars: `{ type, offset, source }` suffice). */
export function decodeScalarToken(token: FlowScalarToken | BlockScalarToken): DecodedScalar | undefined {
  switch (token.type) {
    case 'scalar':
      return decodePlain(token.source, token.offset);
    case 'single-quoted-scalar':
      return decodeSingleQuoted(token.source, token.offset);
    case 'double-quoted-scalar':
      return decodeDoubleQuoted(token.source, token.offset);
    case 'block-scalar':
      return decodeBlock(token);
    default:
      return undefined;
  }
}

function decodePlain(source: string, base: number): DecodedScalar {
  const out = new Decoder();
  unfoldLines(source, base, out);
  return out.finish(base + source.length);
}

function decodeSingleQuoted(source: string, base: number): DecodedScalar {
  const inner = source.slice(1, -1);
  const unfolded = new Decoder();
  unfoldLines(inner, base + 1, unfolded);
  // `''` is one quote; a fold never splits the pair, so collapsing after unfolding is exact.
  const out = new Decoder();
  const { text, offsets } = unfolded;
  for (let i = 0; i < text.length; i++) {
    out.push(text[i], offsets[i]);
    if (text[i] === "'" && text[i + 1] === "'") i++;
  }
  return out.finish(base + 1 + inner.length);
}

const LINE = /(.*?)\r?\n/sy;

/** Line folding of plain and single-quoted scalars: one line break becomes a space, n > 1 line
 * breaks become n - 1 newlines, whitespace around breaks is dropped. */
function unfoldLines(source: string, base: number, out: Decoder): void {
  LINE.lastIndex = 0;
  let match = LINE.exec(source);
  if (!match) {
    out.pushVerbatim(source, 0, source.length, base);
    return;
  }
  const firstLine = match[1];
  out.pushVerbatim(source, 0, trimmedEnd(firstLine, 0), base);
  let sep = ' ';
  // Offset of the line break that ended the previous line: folded characters map there.
  let previousBreak = base + firstLine.length;
  let pos = LINE.lastIndex;
  while ((match = LINE.exec(source))) {
    const lineStart = match.index;
    const content = match[1];
    const from = lineStart + leadingBlanks(content);
    const to = Math.max(from, trimmedEnd(content, lineStart));
    if (from === to) {
      if (sep === '\n') out.push('\n', previousBreak);
      else sep = '\n';
    } else {
      out.push(sep, previousBreak);
      out.pushVerbatim(source, from, to, base);
      sep = ' ';
    }
    previousBreak = base + lineStart + content.length;
    pos = LINE.lastIndex;
  }
  const restStart = pos + leadingBlanks(source.slice(pos));
  out.push(sep, previousBreak);
  out.pushVerbatim(source, restStart, source.length, base);
}

function leadingBlanks(s: string): number {
  let n = 0;
  while (n < s.length && (s[n] === ' ' || s[n] === '\t')) n++;
  return n;
}

/** Index (in the whole source) just after the last non-blank character of `line`. */
function trimmedEnd(line: string, lineStart: number): number {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return lineStart + end;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

function decodeDoubleQuoted(source: string, base: number): DecodedScalar {
  const out = new Decoder();
  const breakAt = (i: number): number => base + (source[i - 1] === '\r' ? i - 1 : i);
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      // Fold: one break is a space, each further break a newline; leading blanks are dropped.
      const newlines: number[] = [];
      let j = i;
      let next = source[j + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[j + 2] !== '\n') break;
        if (next === '\n') newlines.push(j + 1);
        j += 1;
        next = source[j + 1];
      }
      if (newlines.length === 0) out.push(' ', breakAt(i));
      else for (const n of newlines) out.push('\n', breakAt(n));
      i = j;
    } else if (ch === '\\') {
      const escapeAt = base + i;
      let next = source[++i];
      const simple = ESCAPES[next];
      if (simple) {
        out.push(simple, escapeAt);
      } else if (next === '\n') {
        // An escaped line break joins the lines; the next line's leading blanks still go.
        next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === '\r' && source[i + 1] === '\n') {
        next = source[++i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.substr(i + 1, length);
        const code = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        let decoded: string | undefined;
        try {
          decoded = String.fromCodePoint(code);
        } catch {
          decoded = undefined;
        }
        if (decoded !== undefined) out.push(decoded, escapeAt);
        else out.pushVerbatim(source, i - 1, i + 1 + length, base);
        i += length;
      } else {
        // An invalid escape stays as written (yaml reports it as an error).
        out.pushVerbatim(source, i - 1, i + 1, base);
      }
    } else if (ch === ' ' || ch === '\t') {
      // Blanks before a line break are dropped; others are kept as written.
      const wsStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) out.pushVerbatim(source, wsStart, i + 1, base);
    } else {
      out.push(ch, base + i);
    }
  }
  return out.finish(base + Math.max(1, source.length - 1));
}

/** A block scalar line as yaml's resolver splits it: leading spaces, then the rest (which keeps
 * a trailing `\r` on CRLF files), plus where the line starts in the file. */
interface BlockLine {
  readonly indent: string;
  readonly content: string;
  readonly start: number;
}

function splitBlockLines(source: string, base: number): BlockLine[] {
  const split = source.split(/\n( *)/);
  const first = split[0];
  const firstIndent = /^( *)/.exec(first)?.[1] ?? '';
  const lines: BlockLine[] = [{ indent: firstIndent, content: first.slice(firstIndent.length), start: base }];
  let start = base + first.length + 1;
  for (let i = 1; i < split.length; i += 2) {
    const indent = split[i];
    const content = split[i + 1];
    lines.push({ indent, content, start });
    start += indent.length + content.length + 1;
  }
  return lines;
}

/** File offset of the line break that ends `line` (its `\r` on CRLF files). */
function lineBreakOf(line: BlockLine): number {
  const crlf = line.content.endsWith('\r');
  return line.start + line.indent.length + line.content.length - (crlf ? 1 : 0);
}

function decodeBlock(token: BlockScalarToken): DecodedScalar | undefined {
  const header = token.props[0];
  if (!header || header.type !== 'block-scalar-header') return undefined;
  const mode = header.source[0];
  let headerIndent = 0;
  let chomp = '';
  for (const ch of header.source.slice(1)) {
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else if (!headerIndent && Number(ch)) headerIndent = Number(ch);
  }
  const lastProp = token.props[token.props.length - 1];
  const lastSource = (lastProp as { source?: unknown }).source;
  const contentStart =
    'offset' in lastProp && typeof lastSource === 'string' ? lastProp.offset + lastSource.length : token.offset;
  const lines = token.source ? splitBlockLines(token.source, contentStart) : [];
  const out = new Decoder();
  const isEmpty = (l: BlockLine): boolean => l.content === '' || l.content === '\r';

  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmpty(lines[i])) chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) {
      const count = Math.max(1, lines.length - 1);
      for (let k = 0; k < count; k++) out.push('\n', lineBreakOf(lines[Math.min(k, lines.length - 1)]));
    }
    return out.finish(contentStart + token.source.length);
  }

  let trimIndent = token.indent + headerIndent;
  let firstContent = 0;
  for (let i = 0; i < chompStart; ++i) {
    const line = lines[i];
    if (isEmpty(line)) {
      if (headerIndent === 0 && line.indent.length > trimIndent) trimIndent = line.indent.length;
    } else {
      if (headerIndent === 0) trimIndent = line.indent.length;
      firstContent = i;
      break;
    }
  }
  // Trailing empty lines indented more than the content belong to it.
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i].indent.length > trimIndent) chompStart = i + 1;
  }

  const pushIndent = (line: BlockLine, indent: string): void => {
    out.pushVerbatim(indent, trimIndent, indent.length, line.start);
  };
  for (let i = 0; i < firstContent; ++i) {
    pushIndent(lines[i], lines[i].indent);
    out.push('\n', lineBreakOf(lines[i]));
  }

  const folded = mode === '>';
  let sep = '';
  let prevMoreIndented = false;
  // Line breaks seen since the last content was written: separators map onto them.
  let breaks: number[] = [];
  const pushSep = (): void => {
    for (let k = 0; k < sep.length; k++) {
      const at = breaks.length === 0 ? contentStart : breaks[Math.max(0, breaks.length - sep.length + k)];
      out.push(sep[k], at);
    }
  };
  for (let i = firstContent; i < chompStart; ++i) {
    const line = lines[i];
    if (i > firstContent) breaks.push(lineBreakOf(lines[i - 1]));
    let indent = line.indent;
    let content = line.content;
    if (content.endsWith('\r')) content = content.slice(0, -1);
    if (content && indent.length < trimIndent) indent = ''; // an error yaml reports; mirrored
    const contentAt = line.start + line.indent.length;
    if (!folded) {
      pushSep();
      pushIndent(line, indent);
      out.pushVerbatim(content, 0, content.length, contentAt);
      sep = '\n';
      breaks = [];
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      pushSep();
      pushIndent(line, indent);
      out.pushVerbatim(content, 0, content.length, contentAt);
      sep = '\n';
      breaks = [];
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') {
        out.push('\n', breaks[breaks.length - 1] ?? contentStart);
      } else sep = '\n';
    } else {
      pushSep();
      out.pushVerbatim(content, 0, content.length, contentAt);
      sep = ' ';
      breaks = [];
      prevMoreIndented = false;
    }
  }
  const lastContentBreak = lineBreakOf(lines[chompStart - 1]);
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) {
      out.push('\n', lineBreakOf(lines[i - 1]));
      pushIndent(lines[i], lines[i].indent);
    }
    if (!out.text.endsWith('\n')) out.push('\n', lineBreakOf(lines[lines.length - 1]));
  } else if (chomp !== '-') {
    out.push('\n', lastContentBreak);
  }
  return out.finish(lastContentBreak);
}

/** What mapping a scalar back to its file needs besides the node. */
export interface ScalarContext {
  /** The text yaml parsed (a flow scalar's token is exactly the text of its value range). */
  readonly parsedText: string;
  /** The CST token of the block scalar starting at `offset` (found by re-parsing on demand:
   * nodes do not keep their tokens, which would double the memory the model lives in). */
  readonly blockScalarToken: (offset: number) => BlockScalarToken | undefined;
  /** Offset of the parsed text to offset of the file (the identity unless repaired). */
  readonly toFile: (offset: number) => number;
}

const FLOW_TOKEN_TYPES: Record<string, FlowScalarToken['type'] | undefined> = {
  PLAIN: 'scalar',
  QUOTE_SINGLE: 'single-quoted-scalar',
  QUOTE_DOUBLE: 'double-quoted-scalar',
};

function tokenOf(node: Scalar, context: ScalarContext): FlowScalarToken | BlockScalarToken | undefined {
  const range = node.range;
  if (!range) return undefined;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return context.blockScalarToken(range[0]);
  const type = FLOW_TOKEN_TYPES[String(node.type)];
  if (!type) return undefined;
  return { type, offset: range[0], indent: 0, source: context.parsedText.slice(range[0], range[1]) };
}

/** The exact decoding of the node, or undefined when it cannot be trusted (it differs from the
 * value yaml decoded). */
function exactDecoding(node: Scalar, context: ScalarContext): DecodedScalar | undefined {
  const token = tokenOf(node, context);
  const decoded = token ? decodeScalarToken(token) : undefined;
  return decoded && decoded.text === node.source ? decoded : undefined;
}

/** The scalar's value as a SourceText into `file`. The text is yaml's own decoding; the map back
 * to the file is computed on first use (most values are never asked for a position). */
export function scalarSourceText(file: string, node: Scalar, context: ScalarContext): SourceText {
  const text = typeof node.source === 'string' ? node.source : String(node.value ?? '');
  let map: SourceText | undefined;
  const resolve = (): SourceText => {
    if (map) return map;
    const decoded = exactDecoding(node, context);
    map = decoded
      ? mappedSourceText(file, text, decoded.offsets.map(context.toFile))
      : coarseSourceText(file, text, context.toFile(node.range?.[0] ?? 0));
    return map;
  };
  return {
    file,
    text,
    toFileOffset: (offset) => resolve().toFileOffset(offset),
    toFileSpan: (s) => resolve().toFileSpan(s),
  };
}

/** Every character at `start`: used when the fine map cannot be trusted. */
export function coarseSourceText(file: string, text: string, start: number): SourceText {
  return mappedSourceText(file, text, new Array<number>(text.length + 1).fill(start));
}

/** Whether the fine map is used for this node (tests assert it always is on the corpus). */
export function hasExactPositions(node: Scalar, context: ScalarContext): boolean {
  return exactDecoding(node, context) !== undefined;
}
