// A backtracking matcher for the tree of regexSyntax.ts with a step budget: the engine's answer
// to catastrophic backtracking. JavaScript's own RegExp cannot be interrupted, and static checks
// for nested quantifiers miss polynomial cases (`.*.*x` on 10,000 characters runs for minutes in
// V8), so every regex of a search runs here. Each matcher call and each character a repetition
// takes costs one step; one `exec` may spend `1,000,000 + 50 × input length` steps (linear work
// always fits; runaway backtracking stops within milliseconds with RegexBudgetError), like
// PCRE's match_limit. Matchers are closures built once per pattern.
import { parseRegex, RegexSyntaxError, type CharSet, type Flags, type RegexNode } from './regexSyntax';

export class RegexBudgetError extends Error {
  constructor(
    readonly pattern: string,
    reason: 'steps' | 'depth' = 'steps',
  ) {
    super(
      reason === 'steps'
        ? `the regular expression backtracks too much on this input (catastrophic backtracking): ${pattern}`
        : `the regular expression repeats a group too many times for this input (recursion too deep): ${pattern}`,
    );
    this.name = 'RegexBudgetError';
  }
}

interface State {
  s: string;
  n: number;
  caps: number[];
  steps: number;
  budget: number;
  pattern: string;
}

type Cont = (pos: number) => boolean;
type Matcher = (st: State, pos: number, k: Cont) => boolean;
type CodePredicate = (code: number) => boolean;

function tick(st: State): void {
  if (++st.steps > st.budget) throw new RegexBudgetError(st.pattern);
}

function lowerCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  const s = String.fromCharCode(c).toLowerCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

function upperCode(c: number): number {
  if (c >= 97 && c <= 122) return c - 32;
  if (c < 128) return c;
  const s = String.fromCharCode(c).toUpperCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isHorizontalSpace = (c: number): boolean => c === 9 || c === 32 || c === 0xa0 || c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
const isVerticalSpace = (c: number): boolean => (c >= 10 && c <= 13) || c === 0x85 || c === 0x2028 || c === 0x2029;

function escapePredicate(e: string): CodePredicate {
  switch (e) {
    case 'd': return (c) => c >= 48 && c <= 57;
    case 'D': return (c) => !(c >= 48 && c <= 57);
    case 'w': return isWordCode;
    case 'W': return (c) => !isWordCode(c);
    case 's': return isSpaceCode;
    case 'S': return (c) => !isSpaceCode(c);
    case 'h': return isHorizontalSpace;
    case 'H': return (c) => !isHorizontalSpace(c);
    case 'v': return isVerticalSpace;
    default: return (c) => !isVerticalSpace(c);
  }
}

function setPredicate(set: CharSet, ignoreCase: boolean): CodePredicate {
  const ranges = set.ranges;
  const escapes = set.escapes.map(escapePredicate);
  const raw = (c: number): boolean => {
    for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i] && c <= ranges[i + 1]) return true;
    for (const e of escapes) if (e(c)) return true;
    return false;
  };
  const folded = ignoreCase ? (c: number): boolean => raw(c) || raw(lowerCode(c)) || raw(upperCode(c)) : raw;
  const test = set.negated ? (c: number): boolean => !folded(c) : folded;
  // ASCII answers are precomputed: most inputs are ASCII.
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = test(c) ? 1 : 0;
  return (c) => (c < 128 ? ascii[c] === 1 : test(c));
}

/** The predicate of a one-character node, or undefined for anything wider. */
function singleCharPredicate(node: RegexNode): CodePredicate | undefined {
  switch (node.type) {
    case 'char': {
      const c = node.code;
      if (!node.ignoreCase) return (x) => x === c;
      const lo = lowerCode(c);
      const up = upperCode(c);
      return (x) => x === lo || x === up || x === c;
    }
    case 'set':
      return setPredicate(node.set, node.ignoreCase);
    case 'any':
      return node.dotAll ? () => true : (x) => x !== 10;
    default:
      return undefined;
  }
}

/** Shortest and longest length a node can match (Infinity when unbounded). */
function widths(node: RegexNode, groups: Map<number, RegexNode>): [number, number] {
  switch (node.type) {
    case 'empty': case 'assert': case 'look': return [0, 0];
    case 'char': case 'set': case 'any': return [1, 1];
    case 'seq': {
      let min = 0;
      let max = 0;
      for (const item of node.items) {
        const [a, b] = widths(item, groups);
        min += a;
        max += b;
      }
      return [min, max];
    }
    case 'alt': {
      let min = Infinity;
      let max = 0;
      for (const o of node.options) {
        const [a, b] = widths(o, groups);
        min = Math.min(min, a);
        max = Math.max(max, b);
      }
      return [min, max];
    }
    case 'group': case 'atomic': return widths(node.body, groups);
    case 'repeat': {
      const [a, b] = widths(node.body, groups);
      return [a * node.min, node.max === Infinity ? (b === 0 ? 0 : Infinity) : b * node.max];
    }
    case 'backref': return [0, Infinity];
  }
}

class Compiler {
  readonly groups = new Map<number, RegexNode>();

  constructor(private readonly names: ReadonlyMap<string, number>) {}

  compile(node: RegexNode): Matcher {
    switch (node.type) {
      case 'empty':
        return (_st, p, k) => k(p);
      case 'char': case 'set': case 'any': {
        const pred = singleCharPredicate(node)!;
        return (st, p, k) => {
          tick(st);
          return p < st.n && pred(st.s.charCodeAt(p)) && k(p + 1);
        };
      }
      case 'seq':
        return this.sequence(node.items);
      case 'alt': {
        const options = node.options.map((o) => this.compile(o));
        return (st, p, k) => {
          for (const o of options) if (o(st, p, k)) return true;
          return false;
        };
      }
      case 'group': {
        const body = this.compile(node.body);
        const i = node.index * 2;
        return (st, p, k) =>
          body(st, p, (q) => {
            const caps = st.caps;
            const oldStart = caps[i];
            const oldEnd = caps[i + 1];
            caps[i] = p;
            caps[i + 1] = q;
            if (k(q)) return true;
            caps[i] = oldStart;
            caps[i + 1] = oldEnd;
            return false;
          });
      }
      case 'atomic':
        return this.atomic(this.compile(node.body));
      case 'look':
        return this.look(node);
      case 'repeat':
        return this.repeat(node);
      case 'backref':
        return this.backref(node);
      case 'assert':
        return this.assertion(node);
    }
  }

  /** Runs of plain characters are compared in one call (fewer closures, shallower stacks). */
  private sequence(items: readonly RegexNode[]): Matcher {
    const parts: Matcher[] = [];
    for (let i = 0; i < items.length; ) {
      const item = items[i];
      if (item.type === 'char') {
        let j = i;
        while (j < items.length && items[j].type === 'char' && (items[j] as { ignoreCase: boolean }).ignoreCase === item.ignoreCase) j++;
        if (j - i > 1) {
          parts.push(literal(items.slice(i, j).map((n) => (n as { code: number }).code), item.ignoreCase));
          i = j;
          continue;
        }
      }
      parts.push(this.compile(item));
      i++;
    }
    return parts.reduceRight<Matcher | undefined>((next, m) => (next ? (st, p, k) => m(st, p, (q) => next(st, q, k)) : m), undefined) ?? ((_st, p, k) => k(p));
  }

  private atomic(body: Matcher): Matcher {
    return (st, p, k) => {
      const saved = st.caps.slice();
      let end = -1;
      if (!body(st, p, (q) => ((end = q), true))) return false;
      if (k(end)) return true;
      st.caps = saved;
      return false;
    };
  }

  private look(node: Extract<RegexNode, { type: 'look' }>): Matcher {
    const body = this.compile(node.body);
    let attempt: (st: State, p: number) => boolean;
    if (!node.behind) attempt = (st, p) => body(st, p, () => true);
    else {
      const [min, max] = widths(node.body, this.groups);
      if (max === Infinity) throw new RegexSyntaxError('a lookbehind must have a bounded length (PCRE rule)', node.offset);
      attempt = (st, p) => {
        for (let w = min; w <= max && w <= p; w++) if (body(st, p - w, (q) => q === p)) return true;
        return false;
      };
    }
    return (st, p, k) => {
      tick(st);
      const saved = st.caps.slice();
      const found = attempt(st, p);
      if (node.negated) {
        st.caps = saved;
        return !found && k(p);
      }
      if (!found) return false;
      if (k(p)) return true;
      st.caps = saved;
      return false;
    };
  }

  private repeat(node: Extract<RegexNode, { type: 'repeat' }>): Matcher {
    const { min, max, mode } = node;
    const pred = singleCharPredicate(node.body);
    if (pred) {
      // One character at a time: count how far it can go, then back off without recursion.
      return (st, p, k) => {
        tick(st);
        const s = st.s;
        const limit = Math.min(st.n, max === Infinity ? st.n : p + max);
        let end = p;
        if (mode === 'lazy') {
          while (end < p + min) {
            if (end >= limit || !pred(s.charCodeAt(end))) return false;
            end++;
          }
          for (;;) {
            tick(st);
            if (k(end)) return true;
            if (end >= limit || !pred(s.charCodeAt(end))) return false;
            end++;
          }
        }
        while (end < limit && pred(s.charCodeAt(end))) end++;
        st.steps += end - p;
        if (end - p < min) return false;
        if (mode === 'possessive') return k(end);
        for (let e = end; e >= p + min; e--) {
          tick(st);
          if (k(e)) return true;
        }
        return false;
      };
    }
    const body = this.compile(node.body);
    if (mode === 'lazy') {
      const step = (st: State, p: number, count: number, k: Cont): boolean => {
        tick(st);
        if (count >= min && k(p)) return true;
        if (count >= max) return false;
        return body(st, p, (q) => (q === p ? count + 1 < min && step(st, q, min, k) : step(st, q, count + 1, k)));
      };
      return (st, p, k) => step(st, p, 0, k);
    }
    const step = (st: State, p: number, count: number, k: Cont): boolean => {
      tick(st);
      // An iteration that matched nothing ends the loop (PCRE does the same).
      if (count < max && body(st, p, (q) => (q === p ? count + 1 >= min && k(q) : step(st, q, count + 1, k)))) return true;
      return count >= min && k(p);
    };
    const greedy: Matcher = (st, p, k) => step(st, p, 0, k);
    return mode === 'possessive' ? this.atomic(greedy) : greedy;
  }

  private backref(node: Extract<RegexNode, { type: 'backref' }>): Matcher {
    const index = typeof node.group === 'number' ? node.group : this.names.get(node.group)!;
    const ignoreCase = node.ignoreCase;
    return (st, p, k) => {
      tick(st);
      const start = st.caps[index * 2];
      const end = st.caps[index * 2 + 1];
      if (start < 0 || end < 0) return false; // PCRE: a reference to an unset group fails
      const len = end - start;
      if (p + len > st.n) return false;
      const s = st.s;
      for (let i = 0; i < len; i++) {
        const a = s.charCodeAt(start + i);
        const b = s.charCodeAt(p + i);
        if (a !== b && !(ignoreCase && lowerCode(a) === lowerCode(b))) return false;
      }
      st.steps += len;
      return k(p + len);
    };
  }

  private assertion(node: Extract<RegexNode, { type: 'assert' }>): Matcher {
    const multiline = node.multiline;
    let test: (st: State, p: number) => boolean;
    switch (node.kind) {
      case 'start':
        test = (st, p) => p === 0 || (multiline && st.s.charCodeAt(p - 1) === 10);
        break;
      case 'end':
        test = (st, p) => p === st.n || (p === st.n - 1 && st.s.charCodeAt(p) === 10) || (multiline && st.s.charCodeAt(p) === 10);
        break;
      case 'string-start':
        test = (_st, p) => p === 0;
        break;
      case 'string-end':
        test = (st, p) => p === st.n;
        break;
      case 'string-end-newline':
        test = (st, p) => p === st.n || (p === st.n - 1 && st.s.charCodeAt(p) === 10);
        break;
      case 'word':
      case 'not-word': {
        const want = node.kind === 'word';
        test = (st, p) => {
          const before = p > 0 && isWordCode(st.s.charCodeAt(p - 1));
          const after = p < st.n && isWordCode(st.s.charCodeAt(p));
          return (before !== after) === want;
        };
        break;
      }
    }
    return (st, p, k) => {
      tick(st);
      return test(st, p) && k(p);
    };
  }
}

function literal(codes: readonly number[], ignoreCase: boolean): Matcher {
  const len = codes.length;
  if (!ignoreCase) {
    const text = String.fromCharCode(...codes);
    return (st, p, k) => {
      tick(st);
      return st.s.startsWith(text, p) && k(p + len);
    };
  }
  const lower = codes.map(lowerCode);
  const upper = codes.map(upperCode);
  return (st, p, k) => {
    tick(st);
    if (p + len > st.n) return false;
    const s = st.s;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(p + i);
      if (c !== lower[i] && c !== upper[i] && c !== codes[i]) return false;
    }
    return k(p + len);
  };
}

/** A literal every match contains, for a quick rejection of inputs without it. */
function requiredLiteral(node: RegexNode): { text: string; ignoreCase: boolean } | undefined {
  let best: { text: string; ignoreCase: boolean } | undefined;
  const consider = (codes: number[], ignoreCase: boolean): void => {
    if (codes.length < 2) return;
    if (ignoreCase && codes.some((c) => c >= 128)) return;
    const text = String.fromCharCode(...codes);
    if (!best || text.length > best.text.length) best = { text: ignoreCase ? text.toLowerCase() : text, ignoreCase };
  };
  const walk = (n: RegexNode): void => {
    if (n.type === 'group') return walk(n.body);
    if (n.type === 'repeat' && n.min >= 1) return walk(n.body);
    if (n.type !== 'seq') {
      if (n.type === 'char') consider([n.code], n.ignoreCase);
      return;
    }
    let run: number[] = [];
    let runCase = false;
    for (const item of n.items) {
      if (item.type === 'char' && (run.length === 0 || item.ignoreCase === runCase)) {
        runCase = item.ignoreCase;
        run.push(item.code);
        continue;
      }
      consider(run, runCase);
      run = [];
      if (item.type === 'char') {
        runCase = item.ignoreCase;
        run.push(item.code);
      } else if (item.type === 'group' || (item.type === 'repeat' && item.min >= 1)) walk(item);
    }
    consider(run, runCase);
  };
  walk(node);
  return best;
}

export interface RegexMatch {
  readonly start: number;
  readonly end: number;
  /** Start/end offsets of each group (index 0 is the whole match); -1 when unset. */
  readonly captures: readonly number[];
}

export interface CompiledRegex {
  readonly source: string;
  readonly groupCount: number;
  /** Named groups in the order they are written, with their indexes. */
  readonly groupNames: readonly (readonly [string, number])[];
  exec(input: string, from?: number): RegexMatch | null;
  test(input: string): boolean;
}

export const BASE_STEP_BUDGET = 1_000_000;
export const STEPS_PER_INPUT_CHARACTER = 50;

/** Compiles a PCRE pattern. Throws RegexSyntaxError for bad or unsupported syntax. */
export function compileRegex(source: string, flags?: Partial<Flags>, budget = BASE_STEP_BUDGET): CompiledRegex {
  const parsed = parseRegex(source, { ignoreCase: false, dotAll: false, multiline: false, extended: false, ...flags });
  const compiler = new Compiler(parsed.names);
  const whole = compiler.compile({ type: 'group', index: 0, body: parsed.root });
  const anchored = startsAnchored(parsed.root);
  const literalHint = requiredLiteral(parsed.root);
  const firstChar = firstCharPredicate(parsed.root);
  const slots = (parsed.groupCount + 1) * 2;
  const groupNames = [...parsed.names.entries()].sort((a, b) => a[1] - b[1]);

  let lastInput: string | undefined;
  let lastLower = '';
  const lowered = (input: string): string => {
    if (input !== lastInput) {
      lastInput = input;
      lastLower = input.toLowerCase();
    }
    return lastLower;
  };
  const exec = (input: string, from = 0): RegexMatch | null => {
    if (literalHint) {
      const haystack = literalHint.ignoreCase ? lowered(input) : input;
      if (haystack.indexOf(literalHint.text, from) < 0) return null;
    }
    const st: State = { s: input, n: input.length, caps: [], steps: 0, budget: budget + STEPS_PER_INPUT_CHARACTER * input.length, pattern: source };
    const last = anchored ? Math.min(from, input.length) : input.length;
    for (let start = from; start <= last; start++) {
      if (firstChar && start < input.length && !firstChar(input.charCodeAt(start))) continue;
      if (firstChar && start === input.length) break;
      if (st.caps.length === slots) st.caps.fill(-1);
      else st.caps = new Array<number>(slots).fill(-1);
      let matched: boolean;
      try {
        matched = whole(st, start, () => true);
      } catch (error) {
        if (error instanceof RangeError) throw new RegexBudgetError(source, 'depth');
        throw error;
      }
      if (matched) return { start: st.caps[0], end: st.caps[1], captures: st.caps };
      if (anchored && start === 0) break;
    }
    return null;
  };
  return { source, groupCount: parsed.groupCount, groupNames, exec, test: (input) => exec(input) !== null };
}

function startsAnchored(node: RegexNode): boolean {
  if (node.type === 'assert') return (node.kind === 'start' && !node.multiline) || node.kind === 'string-start';
  if (node.type === 'seq') return node.items.length > 0 && startsAnchored(node.items[0]);
  if (node.type === 'group' || node.type === 'atomic') return startsAnchored(node.body);
  if (node.type === 'alt') return node.options.every(startsAnchored);
  return false;
}

/** A test every first character of a match passes, when one is known (matches that may be empty
 * or start with an assertion give none). */
function firstCharPredicate(node: RegexNode): CodePredicate | undefined {
  switch (node.type) {
    case 'char': case 'set': case 'any': return singleCharPredicate(node);
    case 'seq': return node.items.length ? firstCharPredicate(node.items[0]) : undefined;
    case 'group': case 'atomic': return firstCharPredicate(node.body);
    case 'repeat': return node.min >= 1 ? firstCharPredicate(node.body) : undefined;
    case 'alt': {
      const preds = node.options.map(firstCharPredicate);
      if (preds.some((p) => p === undefined)) return undefined;
      return (c) => preds.some((p) => p!(c));
    }
    default: return undefined;
  }
}
