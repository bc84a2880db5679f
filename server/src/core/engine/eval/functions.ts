// The eval functions the local engine runs (spl-semantics.md section 5). Each entry is a
// factory: it gets the compiled arguments once, checks what can be checked before any row
// (literal regexes compile here, so a bad one is reported at its place), and returns the
// function of a row. Multivalue arguments: string functions (lower, upper, trim, replace,
// urldecode) work on every value; numeric ones read the first value; match() and in() succeed
// when any value does.
import type { EvalExpression } from '../../spl/ast';
import type { Span } from '../../text/lineIndex';
import { EngineError } from '../problems';
import { regexReplace, RegexBudgetError, RegexSyntaxError, splRegex, type CompiledRegex } from '../regex';
import { cidrMatcher, likeMatches } from '../search/matching';
import { resolveTime } from '../time/relativeTime';
import { strftime, strptime } from '../time/timeFormat';
import { compareScalars, toNumber, type Row, type Scalar } from '../values';
import { evalNumber, evalString, evalValues, multivalue, scalarString, type CompiledEval, type EvalContext, type EvalValue } from './evalValue';
import { spathValues } from './jsonPath';

export interface FunctionCall {
  readonly name: string;
  readonly args: readonly CompiledEval[];
  readonly nodes: readonly EvalExpression[];
  readonly span: Span;
  readonly ctx: EvalContext;
  /** Compiles an expression with one field bound to a value (mvfilter). */
  readonly compileWithBinding: (node: EvalExpression) => { fn: CompiledEval; field: string | undefined };
}

interface FunctionInfo {
  readonly min: number;
  readonly max: number;
  readonly make: (call: FunctionCall) => CompiledEval;
}

type Strict = (values: EvalValue[], row: Row) => EvalValue;

/** A function of its evaluated arguments. */
function strict(fn: Strict): (call: FunctionCall) => CompiledEval {
  return ({ args }) => {
    if (args.length === 0) return (row) => fn([], row);
    if (args.length === 1) {
      const [a] = args;
      return (row) => fn([a(row)], row);
    }
    return (row) => fn(args.map((a) => a(row)), row);
  };
}

/** Applies a string function to every value of a (multivalue) argument. */
function perValue(fn: (s: string, rest: EvalValue[]) => Scalar | null): (call: FunctionCall) => CompiledEval {
  return strict(([first, ...rest]) => {
    if (first === null) return null;
    if (Array.isArray(first)) {
      const out: Scalar[] = [];
      for (const v of first) {
        const r = fn(scalarString(v), rest);
        if (r !== null) out.push(r);
      }
      return multivalue(out);
    }
    const s = evalString(first);
    return s === null ? null : fn(s, rest);
  });
}

function numeric(fn: (n: number, rest: EvalValue[]) => number | null): (call: FunctionCall) => CompiledEval {
  return strict(([first, ...rest]) => {
    const n = evalNumber(first);
    if (n === null) return null;
    const r = fn(n, rest);
    return r === null || !Number.isFinite(r) ? null : r;
  });
}

/** The regex of argument `index`: compiled now when it is a string literal, else on each call
 * (cached). Errors become located engine errors. */
function regexArgument(call: FunctionCall, index: number): (row: Row) => CompiledRegex | null {
  const node = call.nodes[index];
  const fail = (error: unknown): never => {
    if (error instanceof RegexSyntaxError) throw new EngineError('engine-regex', `Invalid regular expression in ${call.name}(): ${error.message} (at offset ${error.offset} of the pattern)`, node.span);
    throw error;
  };
  if (node.kind === 'eval-string') {
    let re: CompiledRegex;
    try {
      re = splRegex(node.value);
    } catch (error) {
      return fail(error);
    }
    return () => re;
  }
  const arg = call.args[index];
  return (row) => {
    const source = evalString(arg(row));
    if (source === null) return null;
    try {
      return splRegex(source);
    } catch (error) {
      return fail(error);
    }
  };
}

/** Runs regex work, turning a runaway regex into a located error that stops the search. */
function guarded<T>(call: FunctionCall, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RegexBudgetError) throw new EngineError('engine-regex', `${call.name}(): ${error.message}`, call.span);
    throw error;
  }
}

function equalValues(a: Scalar, b: Scalar): boolean {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  return scalarString(a) === scalarString(b);
}

function roundHalfAway(n: number, digits: number): number {
  const f = 10 ** digits;
  const scaled = Math.abs(n) * f;
  // Compensates binary noise (2.675 is 2.67499999...), as a decimal reader expects.
  const rounded = Math.round(scaled + 1e-9 * Math.max(1, scaled)) / f;
  return Math.sign(n) * rounded;
}

function duration(seconds: number): string {
  const whole = Math.floor(Math.abs(seconds));
  const days = Math.floor(whole / 86400);
  const rest = whole % 86400;
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0');
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0');
  const ss = String(rest % 60).padStart(2, '0');
  return `${seconds < 0 ? '-' : ''}${days > 0 ? `${days}+` : ''}${hh}:${mm}:${ss}`;
}

function withCommas(n: number): string {
  const fixed = Number.isInteger(n) ? String(n) : roundHalfAway(n, 2).toFixed(2);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function printf(format: string, values: readonly EvalValue[]): string {
  let next = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifxXoeEgGc%])/g, (_whole, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const value = values[next++] ?? null;
    let out: string;
    const n = evalNumber(value);
    switch (conv) {
      case 'd': case 'i': out = n === null ? '' : String(Math.trunc(n)); break;
      case 'f': out = n === null ? '' : n.toFixed(precision === undefined ? 6 : Number(precision)); break;
      case 'e': case 'E': out = n === null ? '' : n.toExponential(precision === undefined ? 6 : Number(precision)); break;
      case 'g': case 'G': out = n === null ? '' : String(Number(n.toPrecision(precision === undefined ? 6 : Math.max(1, Number(precision))))); break;
      case 'x': out = n === null ? '' : Math.trunc(n).toString(16); break;
      case 'X': out = n === null ? '' : Math.trunc(n).toString(16).toUpperCase(); break;
      case 'o': out = n === null ? '' : Math.trunc(n).toString(8); break;
      case 'c': out = n === null ? '' : String.fromCharCode(n); break;
      default: {
        const s = evalString(value) ?? '';
        out = precision === undefined ? s : s.slice(0, Number(precision));
      }
    }
    if (conv === 'e' || conv === 'g') out = out.replace(/e([+-])(\d)$/, 'e$10$2');
    if (flags.includes('+') && n !== null && n >= 0 && conv !== 's') out = `+${out}`;
    if (width !== undefined && out.length < Number(width)) {
      out = flags.includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), flags.includes('0') && conv !== 's' ? '0' : ' ');
    }
    return out;
  });
}

function substr(s: string, startValue: EvalValue, lengthValue: EvalValue | undefined): string | null {
  const start = evalNumber(startValue);
  if (start === null) return null;
  const chars = [...s];
  let from = start > 0 ? start - 1 : start < 0 ? chars.length + start : 0;
  if (from < 0) from = 0;
  if (lengthValue === undefined) return chars.slice(from).join('');
  const length = evalNumber(lengthValue);
  if (length === null || length < 0) return null;
  return chars.slice(from, from + length).join('');
}

function trimmer(where: 'both' | 'left' | 'right'): (call: FunctionCall) => CompiledEval {
  return perValue((s, [chars]) => {
    const set = new Set(chars === undefined || chars === null ? [' ', '\t'] : [...(evalString(chars) ?? '')]);
    let a = 0;
    let b = s.length;
    if (where !== 'right') while (a < b && set.has(s[a])) a++;
    if (where !== 'left') while (b > a && set.has(s[b - 1])) b--;
    return s.slice(a, b);
  });
}

function extreme(pick: 'min' | 'max'): (call: FunctionCall) => CompiledEval {
  return strict((values) => {
    let best: Scalar | undefined;
    for (const value of values) {
      for (const v of evalValues(value)) {
        if (best === undefined) best = v;
        else {
          const c = compareScalars(v, best);
          if ((pick === 'min' && c < 0) || (pick === 'max' && c > 0)) best = v;
        }
      }
    }
    return best ?? null;
  });
}

function typeName(v: EvalValue): string {
  if (v === null) return 'Invalid';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return 'Number';
  if (Array.isArray(v)) return 'Multivalue';
  return toNumber(v as string) !== undefined ? 'Number' : 'String';
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const EVAL_FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map<string, FunctionInfo>([
  // Conditions and nulls
  ['if', { min: 3, max: 3, make: ({ args: [c, a, b] }) => (row) => (c(row) === true ? a(row) : b(row)) }],
  ['case', {
    min: 2, max: Infinity,
    make: ({ args, span }) => {
      if (args.length % 2 !== 0) throw new EngineError('engine-invalid-argument', 'case() takes pairs of condition and value.', span);
      return (row) => {
        for (let i = 0; i < args.length; i += 2) if (args[i](row) === true) return args[i + 1](row);
        return null;
      };
    },
  }],
  ['validate', {
    min: 2, max: Infinity,
    make: ({ args, span }) => {
      if (args.length % 2 !== 0) throw new EngineError('engine-invalid-argument', 'validate() takes pairs of condition and message.', span);
      return (row) => {
        for (let i = 0; i < args.length; i += 2) if (args[i](row) !== true) return args[i + 1](row);
        return null;
      };
    },
  }],
  ['coalesce', {
    min: 1, max: Infinity,
    make: ({ args }) => (row) => {
      for (const a of args) {
        const v = a(row);
        if (v !== null) return v;
      }
      return null;
    },
  }],
  ['null', { min: 0, max: 0, make: () => () => null }],
  ['true', { min: 0, max: 0, make: () => () => true }],
  ['false', { min: 0, max: 0, make: () => () => false }],
  ['isnull', { min: 1, max: 1, make: strict(([v]) => v === null) }],
  ['isnotnull', { min: 1, max: 1, make: strict(([v]) => v !== null) }],
  ['isnum', { min: 1, max: 1, make: strict(([v]) => typeName(v) === 'Number') }],
  ['isint', { min: 1, max: 1, make: strict(([v]) => { const n = evalNumber(v); return typeName(v) === 'Number' && n !== null && Number.isInteger(n); }) }],
  ['isstr', { min: 1, max: 1, make: strict(([v]) => typeName(v) === 'String') }],
  ['isbool', { min: 1, max: 1, make: strict(([v]) => typeof v === 'boolean') }],
  ['typeof', { min: 1, max: 1, make: strict(([v]) => typeName(v)) }],
  ['nullif', { min: 2, max: 2, make: strict(([a, b]) => (a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b) && typeof a !== 'boolean' && typeof b !== 'boolean' && equalValues(a as Scalar, b as Scalar) ? null : a)) }],

  // Text
  ['len', { min: 1, max: 1, make: strict(([v]) => { const s = evalString(v); return s === null ? null : [...s].length; }) }],
  ['lower', { min: 1, max: 1, make: perValue((s) => s.toLowerCase()) }],
  ['upper', { min: 1, max: 1, make: perValue((s) => s.toUpperCase()) }],
  ['trim', { min: 1, max: 2, make: trimmer('both') }],
  ['ltrim', { min: 1, max: 2, make: trimmer('left') }],
  ['rtrim', { min: 1, max: 2, make: trimmer('right') }],
  ['substr', { min: 2, max: 3, make: strict(([s, start, length]) => { const text = evalString(s); return text === null ? null : substr(text, start, length); }) }],
  ['urldecode', {
    min: 1, max: 1,
    make: perValue((s) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      }
    }),
  }],
  ['split', {
    min: 2, max: 2,
    make: strict(([v, d]) => {
      const s = evalString(v);
      const delim = evalString(d);
      if (s === null || delim === null) return null;
      return multivalue(delim === '' ? [...s] : s.split(delim));
    }),
  }],
  ['replace', {
    min: 3, max: 3,
    make: (call) => {
      const re = regexArgument(call, 1);
      const [value, , replacement] = call.args;
      return (row) => {
        const regex = re(row);
        const rep = evalString(replacement(row));
        const v = value(row);
        if (regex === null || rep === null || v === null) return null;
        return guarded(call, () => {
          const out = evalValues(v).map((s) => regexReplace(regex, scalarString(s), rep));
          return Array.isArray(v) ? multivalue(out) : out[0];
        });
      };
    },
  }],
  ['match', {
    min: 2, max: 2,
    make: (call) => {
      const re = regexArgument(call, 1);
      const [value] = call.args;
      return (row) => {
        const regex = re(row);
        const v = value(row);
        if (regex === null || v === null) return null;
        return guarded(call, () => evalValues(v).some((s) => regex.test(scalarString(s))));
      };
    },
  }],
  ['like', {
    min: 2, max: 2,
    make: strict(([v, p]) => {
      const pattern = evalString(p);
      if (v === null || pattern === null) return null;
      return evalValues(v).some((s) => likeMatches(scalarString(s), pattern));
    }),
  }],
  ['tostring', {
    min: 1, max: 2,
    make: strict(([v, f]) => {
      if (v === null) return null;
      if (typeof v === 'boolean') return v ? 'True' : 'False';
      const format = f === undefined ? undefined : evalString(f);
      if (format === undefined || format === null) return Array.isArray(v) ? multivalue(v.map(scalarString)) : evalString(v);
      const n = evalNumber(v);
      if (n === null) return evalString(v);
      if (format === 'hex') return `0x${Math.trunc(n).toString(16).toUpperCase()}`;
      if (format === 'commas') return withCommas(n);
      if (format === 'duration') return duration(n);
      return evalString(v);
    }),
  }],
  ['tonumber', {
    min: 1, max: 2,
    make: strict(([v, b]) => {
      const s = evalString(v);
      if (s === null) return null;
      const base = b === undefined ? 10 : evalNumber(b);
      if (base === null || base < 2 || base > 36) return null;
      if (base === 10) return toNumber(s.trim()) ?? null;
      const text = s.trim().replace(base === 16 ? /^0x/i : /^$/, '');
      const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
      if (text === '' || ![...text.toLowerCase()].every((c) => digits.includes(c))) return null;
      return parseInt(text, base);
    }),
  }],
  ['printf', { min: 1, max: Infinity, make: strict(([f, ...rest]) => { const format = evalString(f); return format === null ? null : printf(format, rest); }) }],

  // Numbers
  ['abs', { min: 1, max: 1, make: numeric(Math.abs) }],
  ['ceiling', { min: 1, max: 1, make: numeric(Math.ceil) }],
  ['ceil', { min: 1, max: 1, make: numeric(Math.ceil) }],
  ['floor', { min: 1, max: 1, make: numeric(Math.floor) }],
  ['round', { min: 1, max: 2, make: numeric((n, [d]) => { const digits = d === undefined ? 0 : evalNumber(d); return digits === null ? null : roundHalfAway(n, digits); }) }],
  ['sqrt', { min: 1, max: 1, make: numeric((n) => (n < 0 ? null : Math.sqrt(n))) }],
  ['exp', { min: 1, max: 1, make: numeric(Math.exp) }],
  ['ln', { min: 1, max: 1, make: numeric((n) => (n <= 0 ? null : Math.log(n))) }],
  ['log', { min: 1, max: 2, make: numeric((n, [b]) => { const base = b === undefined ? 10 : evalNumber(b); return base === null || n <= 0 || base <= 0 || base === 1 ? null : base === 10 ? Math.log10(n) : base === 2 ? Math.log2(n) : Math.log(n) / Math.log(base); }) }],
  ['pow', { min: 2, max: 2, make: numeric((n, [e]) => { const x = evalNumber(e); return x === null ? null : n ** x; }) }],
  ['pi', { min: 0, max: 0, make: () => () => Math.PI }],
  ['exact', { min: 1, max: 1, make: ({ args: [a] }) => a }],
  ['min', { min: 1, max: Infinity, make: extreme('min') }],
  ['max', { min: 1, max: Infinity, make: extreme('max') }],
  ['avg', {
    min: 1, max: Infinity,
    make: strict((values) => {
      const nums = values.flatMap((v) => evalValues(v)).map((v) => toNumber(v)).filter((n): n is number => n !== undefined);
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    }),
  }],

  // Multivalue
  ['mvcount', { min: 1, max: 1, make: strict(([v]) => (v === null ? null : evalValues(v).length)) }],
  ['mvindex', {
    min: 2, max: 3,
    make: strict(([v, s, e]) => {
      const values = evalValues(v);
      const start = evalNumber(s);
      if (values.length === 0 || start === null) return null;
      const from = start < 0 ? values.length + start : start;
      if (from < 0 || from >= values.length) return null;
      if (e === undefined) return values[from];
      const endValue = evalNumber(e);
      if (endValue === null) return null;
      const to = Math.min(endValue < 0 ? values.length + endValue : endValue, values.length - 1);
      return to < from ? null : multivalue(values.slice(from, to + 1));
    }),
  }],
  ['mvjoin', { min: 2, max: 2, make: strict(([v, d]) => { const delim = evalString(d); return v === null || delim === null ? null : evalValues(v).map(scalarString).join(delim); }) }],
  ['mvappend', { min: 1, max: Infinity, make: strict((values) => multivalue(values.flatMap((v) => evalValues(v)))) }],
  ['mvdedup', { min: 1, max: 1, make: strict(([v]) => { const seen = new Set<string>(); return multivalue(evalValues(v).filter((x) => { const k = scalarString(x); if (seen.has(k)) return false; seen.add(k); return true; })); }) }],
  ['mvsort', { min: 1, max: 1, make: strict(([v]) => multivalue(evalValues(v).map(scalarString).sort())) }],
  ['mvzip', {
    min: 2, max: 3,
    make: strict(([a, b, d]) => {
      const x = evalValues(a);
      const y = evalValues(b);
      const delim = d === undefined ? ',' : evalString(d) ?? ',';
      const n = Math.min(x.length, y.length);
      return multivalue(Array.from({ length: n }, (_v, i) => `${scalarString(x[i])}${delim}${scalarString(y[i])}`));
    }),
  }],
  ['mvrange', {
    min: 2, max: 3,
    make: strict(([s, e, st]) => {
      const start = evalNumber(s);
      const end = evalNumber(e);
      const step = st === undefined ? 1 : evalNumber(st);
      if (start === null || end === null || step === null || step === 0) return null;
      const out: number[] = [];
      for (let x = start; step > 0 ? x < end : x > end; x += step) {
        out.push(x);
        if (out.length > 100_000) break;
      }
      return multivalue(out);
    }),
  }],
  ['mvfind', {
    min: 2, max: 2,
    make: (call) => {
      const re = regexArgument(call, 1);
      const [value] = call.args;
      return (row) => {
        const regex = re(row);
        if (regex === null) return null;
        const values = evalValues(value(row));
        return guarded(call, () => {
          const i = values.findIndex((v) => regex.test(scalarString(v)));
          return i < 0 ? null : i;
        });
      };
    },
  }],
  ['mvfilter', {
    min: 1, max: 1,
    make: (call) => {
      const { fn, field } = call.compileWithBinding(call.nodes[0]);
      if (field === undefined) throw new EngineError('engine-invalid-argument', 'mvfilter() needs an expression that uses a field.', call.span);
      return (row) => {
        const values = evalValues(row[field] ?? null);
        const kept = values.filter((v) => {
          const bound = Object.create(row) as Row;
          bound[field] = v;
          return fn(bound) === true;
        });
        return multivalue(kept);
      };
    },
  }],
  ['in', {
    min: 2, max: Infinity,
    make: strict(([v, ...list]) => {
      if (v === null) return null;
      const wanted = list.flatMap((x) => evalValues(x));
      return evalValues(v).some((x) => wanted.some((w) => equalValues(x, w)));
    }),
  }],
  ['cidrmatch', {
    min: 2, max: 2,
    make: strict(([c, ip]) => {
      const block = evalString(c);
      const test = block === null ? undefined : cidrMatcher(block);
      if (!test || ip === null) return null;
      return evalValues(ip).some((x) => test(scalarString(x)));
    }),
  }],

  // Time
  ['now', { min: 0, max: 0, make: ({ ctx }) => () => ctx.now }],
  ['time', { min: 0, max: 0, make: ({ ctx }) => () => ctx.now }],
  ['relative_time', {
    min: 2, max: 2,
    make: strict(([t, s]) => {
      const base = evalNumber(t);
      const spec = evalString(s);
      if (base === null || spec === null) return null;
      const result = resolveTime(spec, base);
      return typeof result === 'string' ? null : result;
    }),
  }],
  ['strftime', { min: 2, max: 2, make: strict(([t, f]) => { const n = evalNumber(t); const format = evalString(f); return n === null || format === null ? null : strftime(n, format); }) }],
  ['strptime', { min: 2, max: 2, make: strict(([s, f]) => { const text = evalString(s); const format = evalString(f); return text === null || format === null ? null : strptime(text, format) ?? null; }) }],

  // JSON
  ['spath', {
    min: 2, max: 2,
    make: strict(([v, p]) => {
      const path = evalString(p);
      const json = parseJson(evalString(v));
      if (json === undefined || path === null) return null;
      return multivalue(spathValues(json, path));
    }),
  }],
  ['json_extract', {
    min: 1, max: Infinity,
    make: strict(([v, ...paths]) => {
      const json = parseJson(evalString(v));
      if (json === undefined) return null;
      if (paths.length === 0) return JSON.stringify(json);
      const out: Scalar[] = [];
      for (const p of paths) {
        const path = evalString(p);
        if (path === null) continue;
        out.push(...spathValues(json, path));
      }
      return multivalue(out);
    }),
  }],
]);

/** Functions Splunk has that the local engine refuses rather than guesses. */
export const REFUSED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['random', 'random() gives a different value on each run; the local engine keeps results reproducible.'],
  ['searchmatch', 'searchmatch() is not run by the local engine.'],
  ['md5', 'hash functions are not run by the local engine.'],
  ['sha1', 'hash functions are not run by the local engine.'],
  ['sha256', 'hash functions are not run by the local engine.'],
  ['sha512', 'hash functions are not run by the local engine.'],
  ['mvmap', 'mvmap() is not run by the local engine.'],
  ['lookup', 'the lookup() eval function is not run by the local engine; use the lookup command.'],
]);
