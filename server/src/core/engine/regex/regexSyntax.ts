// PCRE pattern syntax, as far as Splunk searches use it, read into a small tree for the matcher
// (regexMatcher.ts). Supported: literals and escapes (\t \n \xhh \x{h..} \Q..\E ...), classes
// ([...], POSIX [:alpha:], \d \w \s \h \v \N \R), `.`, anchors (^ $ \A \z \Z \b \B), groups
// (capturing, (?:), (?<name>), (?P<name>), (?'name'), atomic (?>), lookahead, bounded
// lookbehind), backreferences (\1 \k<name> \g{-1} (?P=name)), quantifiers (greedy, lazy `?`,
// possessive `+`), inline flags (?i) (?s) (?m) (?x) and (?i:...), comments (?#...).
// Everything else (recursion, conditionals, \p{..}, \K, callouts, branch reset) is reported as
// unsupported with its position instead of being guessed at.

export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the pattern. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

export type ClassEscape = 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'h' | 'H' | 'v' | 'V';

export interface CharSet {
  /** Inclusive [lo, hi] code-unit pairs, flattened. */
  readonly ranges: readonly number[];
  readonly escapes: readonly ClassEscape[];
  readonly negated: boolean;
}

export interface Flags {
  readonly ignoreCase: boolean;
  readonly dotAll: boolean;
  readonly multiline: boolean;
  readonly extended: boolean;
}

export type AssertionKind = 'start' | 'end' | 'string-start' | 'string-end' | 'string-end-newline' | 'word' | 'not-word';

export type RegexNode =
  | { readonly type: 'empty' }
  | { readonly type: 'char'; readonly code: number; readonly ignoreCase: boolean }
  | { readonly type: 'set'; readonly set: CharSet; readonly ignoreCase: boolean }
  | { readonly type: 'any'; readonly dotAll: boolean }
  | { readonly type: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly type: 'alt'; readonly options: readonly RegexNode[] }
  | { readonly type: 'group'; readonly index: number; readonly name?: string; readonly body: RegexNode }
  | { readonly type: 'look'; readonly behind: boolean; readonly negated: boolean; readonly body: RegexNode; readonly offset: number }
  | { readonly type: 'atomic'; readonly body: RegexNode }
  | { readonly type: 'repeat'; readonly body: RegexNode; readonly min: number; readonly max: number; readonly mode: 'greedy' | 'lazy' | 'possessive' }
  | { readonly type: 'backref'; readonly group: number | string; readonly ignoreCase: boolean; readonly offset: number }
  | { readonly type: 'assert'; readonly kind: AssertionKind; readonly multiline: boolean };

export interface ParsedRegex {
  readonly root: RegexNode;
  /** Number of capturing groups. */
  readonly groupCount: number;
  /** Group name -> index (1-based). */
  readonly names: ReadonlyMap<string, number>;
}

const MAX_REPEAT = 65535;

const POSIX_CLASSES: Readonly<Record<string, { ranges: number[]; escapes: ClassEscape[] }>> = {
  alpha: { ranges: [65, 90, 97, 122], escapes: [] },
  digit: { ranges: [48, 57], escapes: [] },
  alnum: { ranges: [48, 57, 65, 90, 97, 122], escapes: [] },
  upper: { ranges: [65, 90], escapes: [] },
  lower: { ranges: [97, 122], escapes: [] },
  space: { ranges: [9, 13, 32, 32], escapes: [] },
  blank: { ranges: [9, 9, 32, 32], escapes: [] },
  punct: { ranges: [33, 47, 58, 64, 91, 96, 123, 126], escapes: [] },
  xdigit: { ranges: [48, 57, 65, 70, 97, 102], escapes: [] },
  word: { ranges: [], escapes: ['w'] },
  cntrl: { ranges: [0, 31, 127, 127], escapes: [] },
  print: { ranges: [32, 126], escapes: [] },
  graph: { ranges: [33, 126], escapes: [] },
};

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

class Parser {
  private pos = 0;
  private groupCount = 0;
  private readonly names = new Map<string, number>();
  private flags: Flags;

  constructor(
    private readonly source: string,
    initial: Flags,
  ) {
    this.flags = initial;
  }

  parse(): ParsedRegex {
    const root = this.alternation();
    if (this.pos < this.source.length) throw new RegexSyntaxError(`unmatched ")"`, this.pos);
    return { root, groupCount: this.groupCount, names: this.names };
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.pos + offset];
  }

  private fail(message: string, offset = this.pos): never {
    throw new RegexSyntaxError(message, offset);
  }

  private unsupported(what: string, offset = this.pos): never {
    throw new RegexSyntaxError(`${what} is not supported by the local engine`, offset);
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { type: 'alt', options };
  }

  private skipExtended(): void {
    if (!this.flags.extended) return;
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') this.pos++;
      else if (ch === '#') {
        while (this.pos < this.source.length && this.source[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      this.skipExtended();
      const ch = this.peek();
      if (ch === undefined || ch === '|' || ch === ')') break;
      const atom = this.atom();
      if (atom === undefined) continue; // a flag group or a comment
      this.skipExtended();
      items.push(this.quantified(atom));
    }
    if (items.length === 0) return { type: 'empty' };
    return items.length === 1 ? items[0] : { type: 'seq', items };
  }

  private quantified(atom: RegexNode): RegexNode {
    const at = this.pos;
    const ch = this.peek();
    let min: number;
    let max: number;
    if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '?') [min, max] = [0, 1];
    else if (ch === '{') {
      // `{n}`, `{n,}`, `{n,m}`; anything else (`{`, `{,n}`, `{x}`) is literal text, as in PCRE.
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.pos, this.pos + 24));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) this.fail(`repeat count too large (at most ${MAX_REPEAT})`);
      if (max < min) this.fail('numbers out of order in {} quantifier');
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
    if (this.peek() === '?') {
      mode = 'lazy';
      this.pos++;
    } else if (this.peek() === '+') {
      mode = 'possessive';
      this.pos++;
    }
    if (atom.type === 'assert' || atom.type === 'empty') this.fail('nothing to repeat', at);
    this.skipExtended();
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?') this.fail('a quantifier cannot follow another quantifier', this.pos);
    return { type: 'repeat', body: atom, min, max, mode };
  }

  /** One atom; undefined for constructs that match nothing and only change state. */
  private atom(): RegexNode | undefined {
    const start = this.pos;
    const ch = this.source[this.pos++];
    switch (ch) {
      case '.':
        return { type: 'any', dotAll: this.flags.dotAll };
      case '^':
        return { type: 'assert', kind: 'start', multiline: this.flags.multiline };
      case '$':
        return { type: 'assert', kind: 'end', multiline: this.flags.multiline };
      case '[':
        return { type: 'set', set: this.charClass(), ignoreCase: this.flags.ignoreCase };
      case '(':
        return this.group(start);
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat', start);
      default:
        return this.char(ch.charCodeAt(0));
    }
  }

  private char(code: number): RegexNode {
    return { type: 'char', code, ignoreCase: this.flags.ignoreCase };
  }

  private groupName(close: string): string {
    const end = this.source.indexOf(close, this.pos);
    if (end < 0) this.fail('unterminated group name');
    const name = this.source.slice(this.pos, end);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(`invalid group name "${name}"`);
    this.pos = end + 1;
    return name;
  }

  private body(): RegexNode {
    const saved = this.flags;
    const body = this.alternation();
    this.flags = saved;
    if (this.peek() !== ')') this.fail('missing ")"');
    this.pos++;
    return body;
  }

  private capture(name: string | undefined, start: number): RegexNode {
    const index = ++this.groupCount;
    if (name !== undefined) {
      if (this.names.has(name)) this.fail(`two groups are named "${name}"`, start);
      this.names.set(name, index);
    }
    return name === undefined ? { type: 'group', index, body: this.body() } : { type: 'group', index, name, body: this.body() };
  }

  private group(start: number): RegexNode | undefined {
    if (this.peek() !== '?') return this.capture(undefined, start);
    this.pos++;
    const c = this.peek();
    const rest = this.source.slice(this.pos, this.pos + 3);
    if (c === ':') {
      this.pos++;
      return this.body();
    }
    if (c === '#') {
      const end = this.source.indexOf(')', this.pos);
      if (end < 0) this.fail('unterminated comment', start);
      this.pos = end + 1;
      return undefined;
    }
    if (c === '=' || c === '!') {
      this.pos++;
      return { type: 'look', behind: false, negated: c === '!', body: this.body(), offset: start };
    }
    if (rest.startsWith('<=') || rest.startsWith('<!')) {
      this.pos += 2;
      return { type: 'look', behind: true, negated: rest[1] === '!', body: this.body(), offset: start };
    }
    if (c === '>') {
      this.pos++;
      return { type: 'atomic', body: this.body() };
    }
    if (c === '<') {
      this.pos++;
      return this.capture(this.groupName('>'), start);
    }
    if (c === "'") {
      this.pos++;
      return this.capture(this.groupName("'"), start);
    }
    if (rest.startsWith('P<')) {
      this.pos += 2;
      return this.capture(this.groupName('>'), start);
    }
    if (rest.startsWith('P=')) {
      this.pos += 2;
      const name = this.groupName(')');
      return { type: 'backref', group: name, ignoreCase: this.flags.ignoreCase, offset: start };
    }
    if (rest.startsWith('P>') || c === 'R' || c === '&' || isDigit(c) || ((c === '+' || c === '-') && isDigit(rest[1]))) this.unsupported('recursion (?R), (?1), (?&name)', start);
    if (c === '(') this.unsupported('conditional groups (?(...)...)', start);
    if (c === '|') this.unsupported('branch reset groups (?|...)', start);
    if (c === 'C') this.unsupported('callouts (?C)', start);
    const m = /^([imsxnUJ]*)(?:-([imsxnUJ]*))?([:)])/.exec(this.source.slice(this.pos));
    if (!m) this.fail('unknown group syntax after "(?"', start);
    for (const flag of (m[1] + (m[2] ?? '')).split('')) {
      if (!'imsx'.includes(flag)) this.unsupported(`the inline flag (?${flag})`, start);
    }
    const next = { ...this.flags };
    const apply = (letters: string, on: boolean): void => {
      for (const f of letters) {
        if (f === 'i') next.ignoreCase = on;
        else if (f === 's') next.dotAll = on;
        else if (f === 'm') next.multiline = on;
        else if (f === 'x') next.extended = on;
      }
    };
    apply(m[1], true);
    apply(m[2] ?? '', false);
    this.pos += m[0].length;
    if (m[3] === ')') {
      // `(?i)`: applies to the rest of the enclosing group.
      this.flags = next;
      return undefined;
    }
    const saved = this.flags;
    this.flags = next;
    const body = this.alternation();
    this.flags = saved;
    if (this.peek() !== ')') this.fail('missing ")"');
    this.pos++;
    return body;
  }

  private hex(digits: number): number {
    const text = this.source.slice(this.pos, this.pos + digits);
    const m = /^[0-9A-Fa-f]+/.exec(text);
    if (!m) return 0;
    this.pos += m[0].length;
    return parseInt(m[0], 16);
  }

  /** An escape that stands for one character (shared by classes and atoms); undefined when the
   * letter is something else. */
  private charEscape(letter: string, inClass: boolean): number | undefined {
    switch (letter) {
      case 'n': return 10;
      case 'r': return 13;
      case 't': return 9;
      case 'f': return 12;
      case 'e': return 27;
      case 'a': return 7;
      case 'b': return inClass ? 8 : undefined;
      case 'x': {
        if (this.peek() === '{') {
          const end = this.source.indexOf('}', this.pos);
          if (end < 0) this.fail('unterminated \\x{...}');
          const code = parseInt(this.source.slice(this.pos + 1, end), 16);
          if (Number.isNaN(code) || code > 0xffff) this.unsupported('a \\x{...} code point above U+FFFF or not hexadecimal');
          this.pos = end + 1;
          return code;
        }
        return this.hex(2);
      }
      case 'c': {
        const next = this.source[this.pos++];
        if (next === undefined) this.fail('\\c at the end of the pattern');
        return next.toUpperCase().charCodeAt(0) ^ 0x40;
      }
      case 'o': {
        if (this.peek() !== '{') return undefined;
        const end = this.source.indexOf('}', this.pos);
        if (end < 0) this.fail('unterminated \\o{...}');
        const code = parseInt(this.source.slice(this.pos + 1, end), 8);
        this.pos = end + 1;
        return code;
      }
      case '0': {
        const m = /^[0-7]{0,2}/.exec(this.source.slice(this.pos));
        this.pos += m![0].length;
        return parseInt(`0${m![0]}`, 8);
      }
      default:
        return undefined;
    }
  }

  private escape(): RegexNode | undefined {
    const start = this.pos - 1;
    const letter = this.source[this.pos++];
    if (letter === undefined) this.fail('"\\" at the end of the pattern', start);
    switch (letter) {
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h': case 'H': case 'v': case 'V':
        return { type: 'set', set: { ranges: [], escapes: [letter], negated: false }, ignoreCase: false };
      case 'N':
        return { type: 'any', dotAll: false };
      case 'R':
        return {
          type: 'alt',
          options: [
            { type: 'seq', items: [this.char(13), this.char(10)] },
            { type: 'set', set: { ranges: [10, 13, 0x85, 0x85, 0x2028, 0x2029], escapes: [], negated: false }, ignoreCase: false },
          ],
        };
      case 'b': return { type: 'assert', kind: 'word', multiline: false };
      case 'B': return { type: 'assert', kind: 'not-word', multiline: false };
      case 'A': return { type: 'assert', kind: 'string-start', multiline: false };
      case 'z': return { type: 'assert', kind: 'string-end', multiline: false };
      case 'Z': return { type: 'assert', kind: 'string-end-newline', multiline: false };
      case 'G': return this.unsupported('\\G', start);
      case 'K': return this.unsupported('\\K (reset match start)', start);
      case 'p': case 'P': return this.unsupported('Unicode properties (\\p{...})', start);
      case 'X': case 'C': return this.unsupported(`\\${letter}`, start);
      case 'Q': {
        const end = this.source.indexOf('\\E', this.pos);
        const text = this.source.slice(this.pos, end < 0 ? this.source.length : end);
        this.pos = end < 0 ? this.source.length : end + 2;
        if (text.length === 0) return undefined;
        const items = [...text].flatMap((c) => [...Array(c.length).keys()].map((i) => this.char(c.charCodeAt(i))));
        return items.length === 1 ? items[0] : { type: 'seq', items };
      }
      case 'E':
        return undefined;
      case 'k': {
        const open = this.peek();
        const close = open === '<' ? '>' : open === "'" ? "'" : open === '{' ? '}' : undefined;
        if (!close) this.fail('\\k must be followed by <name>, \'name\' or {name}', start);
        this.pos++;
        return { type: 'backref', group: this.groupName(close), ignoreCase: this.flags.ignoreCase, offset: start };
      }
      case 'g': {
        const m = /^(?:\{(-?\d+|[A-Za-z_]\w*)\}|(-?\d+))/.exec(this.source.slice(this.pos));
        if (!m) this.fail('\\g must be followed by a group number or {name}', start);
        this.pos += m[0].length;
        const ref = m[1] ?? m[2];
        if (/^[A-Za-z_]/.test(ref)) return { type: 'backref', group: ref, ignoreCase: this.flags.ignoreCase, offset: start };
        const n = Number(ref);
        const group = n < 0 ? this.groupCount + 1 + n : n;
        if (group <= 0) this.fail('a relative back reference before the first group', start);
        return { type: 'backref', group, ignoreCase: this.flags.ignoreCase, offset: start };
      }
      default:
        break;
    }
    if (letter >= '1' && letter <= '9') {
      const m = /^\d*/.exec(this.source.slice(this.pos));
      this.pos += m![0].length;
      return { type: 'backref', group: Number(letter + m![0]), ignoreCase: this.flags.ignoreCase, offset: start };
    }
    const code = this.charEscape(letter, false);
    if (code !== undefined) return this.char(code);
    // Any other escaped character stands for itself (`\.`, `\/`, `\-`, `\"`).
    return this.char(letter.charCodeAt(0));
  }

  private charClass(): CharSet {
    const start = this.pos - 1;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: number[] = [];
    const escapes: ClassEscape[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.source.length) this.fail('missing "]"', start);
      const ch = this.source[this.pos];
      if (ch === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (ch === '[' && this.peek(1) === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.source.slice(this.pos));
        if (m) {
          const posix = POSIX_CLASSES[m[2]];
          if (!posix) this.fail(`unknown POSIX class [:${m[2]}:]`);
          if (m[1]) this.unsupported('negated POSIX classes [:^...:]');
          ranges.push(...posix.ranges);
          escapes.push(...posix.escapes);
          this.pos += m[0].length;
          continue;
        }
      }
      const lo = this.classAtom(escapes);
      if (lo === undefined) continue;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        const save = this.pos;
        this.pos++;
        const hi = this.classAtom(escapes);
        if (hi === undefined) {
          // `[\d-z]`: the `-` is literal.
          ranges.push(lo, lo, 45, 45);
          continue;
        }
        if (hi < lo) this.fail('range out of order in character class', save);
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
    return { ranges, escapes, negated };
  }

  /** One character of a class; class escapes are added to `escapes` (and give undefined). */
  private classAtom(escapes: ClassEscape[]): number | undefined {
    const ch = this.source[this.pos++];
    if (ch !== '\\') return ch.charCodeAt(0);
    const letter = this.source[this.pos++];
    if (letter === undefined) this.fail('"\\" at the end of the pattern');
    if ('dDwWsShHvV'.includes(letter)) {
      escapes.push(letter as ClassEscape);
      return undefined;
    }
    if (letter === 'p' || letter === 'P') this.unsupported('Unicode properties (\\p{...})', this.pos - 2);
    const code = this.charEscape(letter, true);
    return code ?? letter.charCodeAt(0);
  }
}

export const DEFAULT_FLAGS: Flags = { ignoreCase: false, dotAll: false, multiline: false, extended: false };

export function parseRegex(source: string, flags: Flags = DEFAULT_FLAGS): ParsedRegex {
  const parsed = new Parser(source, flags).parse();
  checkBackrefs(parsed.root, parsed);
  return parsed;
}

function checkBackrefs(node: RegexNode, parsed: ParsedRegex): void {
  switch (node.type) {
    case 'backref':
      if (typeof node.group === 'string' ? !parsed.names.has(node.group) : node.group > parsed.groupCount) {
        throw new RegexSyntaxError(`reference to a group that does not exist (${node.group})`, node.offset);
      }
      return;
    case 'seq':
      node.items.forEach((n) => checkBackrefs(n, parsed));
      return;
    case 'alt':
      node.options.forEach((n) => checkBackrefs(n, parsed));
      return;
    case 'group':
    case 'look':
    case 'atomic':
    case 'repeat':
      checkBackrefs(node.body, parsed);
      return;
    default:
      return;
  }
}
