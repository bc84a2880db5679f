// Compiles a search expression (the `search` command, `tstats ... where`, `inputlookup ...
// where`) into a row predicate, following spl-semantics.md section 2. The parser has already
// given the expression its precedence (OR binds tighter than AND).
import type { SearchComparison, SearchExpression, SearchIn, SearchTerm, SearchTermFunction, Value } from '../../spl/ast';
import { EngineError, type Warnings } from '../problems';
import { resolveTime } from '../time/relativeTime';
import { numberText, toNumber, valuesOf, type FieldValue, type Row, type Scalar } from '../values';
import { cidrMatcher, globMatcher, phraseMatcher, termMatcher, type TextMatcher } from './matching';

export type RowPredicate = (row: Row) => boolean;

export interface SearchCompileContext {
  /** Time `earliest=-1h` is relative to (epoch seconds). */
  readonly now: number;
  readonly warnings: Warnings;
  readonly stage?: number;
}

const lower = (v: Scalar): string => (typeof v === 'number' ? numberText(v) : v.toLowerCase());

// `_raw` lowercased once per event, however many terms test it.
let lastRaw: string | undefined;
let lastRawLower = '';
function lowerRaw(raw: string): string {
  if (raw !== lastRaw) {
    lastRaw = raw;
    lastRawLower = raw.toLowerCase();
  }
  return lastRawLower;
}

/** A test on one value of a field: whole value, case-insensitive, `*` wildcards, CIDR. */
function valueTest(text: string): (value: Scalar) => boolean {
  const cidr = cidrMatcher(text);
  if (cidr) return (v) => cidr(typeof v === 'number' ? numberText(v) : v);
  const glob = globMatcher(text.toLowerCase());
  return (v) => glob(lower(v));
}

/** Tests for IN lists (and single comparisons): exact values in a set, the rest one by one. */
function valuesTest(texts: readonly string[]): (value: Scalar) => boolean {
  const exact = new Set<string>();
  const others: ((value: Scalar) => boolean)[] = [];
  for (const t of texts) {
    if (!t.includes('*') && !cidrMatcher(t)) exact.add(t.toLowerCase());
    else others.push(valueTest(t));
  }
  if (others.length === 0) {
    if (exact.size === 1) {
      const only = [...exact][0];
      return (v) => lower(v) === only;
    }
    return (v) => exact.has(lower(v));
  }
  return (v) => {
    if (exact.has(lower(v))) return true;
    for (const o of others) if (o(v)) return true;
    return false;
  };
}

function anyValue(value: FieldValue | undefined, test: (v: Scalar) => boolean): boolean {
  if (value === undefined) return false;
  if (!Array.isArray(value)) return test(value as Scalar);
  for (const v of value as readonly Scalar[]) if (test(v)) return true;
  return false;
}

/** Reads a field, or every field whose name fits a wildcard name (`*_name=x`). */
function fieldReader(name: string, wildcard: boolean): (row: Row) => FieldValue[] | FieldValue | undefined {
  if (!wildcard) return (row) => row[name];
  const fits = globMatcher(name);
  return (row) => {
    const out: FieldValue[] = [];
    for (const key in row) if (fits(key)) out.push(row[key]);
    return out.length ? out : undefined;
  };
}

function compareForSearch(a: Scalar, b: string): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = typeof a === 'number' ? numberText(a) : a;
  return s < b ? -1 : s > b ? 1 : 0;
}

const SPLUNK_ONLY_FIELDS = new Set(['tag', 'eventtype', 'splunk_server', 'linecount', 'punct']);

class SearchCompiler {
  constructor(private readonly ctx: SearchCompileContext) {}

  compile(e: SearchExpression): RowPredicate {
    switch (e.kind) {
      case 'search-and': {
        const parts = e.operands.map((o) => this.compile(o));
        if (parts.length === 2) {
          const [a, b] = parts;
          return (row) => a(row) && b(row);
        }
        return (row) => {
          for (const p of parts) if (!p(row)) return false;
          return true;
        };
      }
      case 'search-or': {
        const parts = e.operands.map((o) => this.compile(o));
        return (row) => {
          for (const p of parts) if (p(row)) return true;
          return false;
        };
      }
      case 'search-not': {
        const inner = this.compile(e.operand);
        return (row) => !inner(row);
      }
      case 'search-comparison':
        return this.comparison(e);
      case 'search-in':
        return this.inList(e);
      case 'search-term':
        return this.term(e);
      case 'search-term-function':
        return this.termFunction(e);
      case 'macro-call':
        throw new EngineError('engine-unexpanded-macro', `The macro \`${e.name}\` was not expanded (no definition with ${e.args.length} argument${e.args.length === 1 ? '' : 's'}); the search cannot run.`, e.span);
      case 'subsearch':
        throw new EngineError('engine-unsupported', 'Subsearches inside a search expression are not run by the local engine.', e.span);
      case 'missing':
        throw new EngineError('engine-syntax', 'The search expression is incomplete here.', e.span);
    }
  }

  private valueText(value: Value | { kind: string; span: { start: number; end: number } }): string {
    if (value.kind === 'value') return (value as Value).text;
    if (value.kind === 'macro-call') throw new EngineError('engine-unexpanded-macro', 'A macro call was not expanded; the search cannot run.', value.span);
    if (value.kind === 'subsearch') throw new EngineError('engine-unsupported', 'Subsearches as values are not run by the local engine.', value.span);
    throw new EngineError('engine-syntax', 'A value is missing here.', value.span);
  }

  private noteField(name: string, span: { start: number; end: number }): void {
    if (SPLUNK_ONLY_FIELDS.has(name) || name.startsWith('tag::')) {
      this.ctx.warnings.add(`\`${name}\` is computed by Splunk from configuration the local engine does not have: it matches no event here.`, span, this.ctx.stage);
    }
  }

  private comparison(e: SearchComparison): RowPredicate {
    const name = e.field.name;
    const text = this.valueText(e.value);
    const lowerName = name.toLowerCase();
    if (!e.field.wildcard && (lowerName === 'earliest' || lowerName === 'latest')) return this.timeBound(lowerName, text, e);
    if (lowerName.startsWith('_index_')) throw new EngineError('engine-unsupported', `\`${name}\` (index time) is not known locally.`, e.span);
    this.noteField(name, e.field.span);
    const read = fieldReader(name, e.field.wildcard);
    const exists = (row: Row): boolean => read(row) !== undefined;
    const any = (row: Row, test: (v: Scalar) => boolean): boolean => {
      const v = read(row);
      if (v === undefined) return false;
      if (e.field.wildcard) return (v as FieldValue[]).some((one) => anyValue(one, test));
      return anyValue(v as FieldValue, test);
    };
    switch (e.operator) {
      case '=':
      case '==': {
        if (text === '*' && e.value.kind === 'value') return exists;
        const test = valuesTest([text]);
        return (row) => any(row, test);
      }
      case '!=': {
        if (text === '*') return () => false;
        const test = valuesTest([text]);
        return (row) => exists(row) && !any(row, test);
      }
      default: {
        const op = e.operator;
        const test = (v: Scalar): boolean => {
          const c = compareForSearch(v, text);
          return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
        };
        return (row) => any(row, test);
      }
    }
  }

  private timeBound(which: 'earliest' | 'latest', text: string, e: SearchComparison): RowPredicate {
    if (e.operator !== '=') throw new EngineError('engine-invalid-argument', `\`${which}\` takes "=": ${which}=-24h`, e.operatorSpan);
    const t = resolveTime(text, this.ctx.now);
    if (typeof t === 'string') throw new EngineError('engine-invalid-argument', `${which}: ${t}`, e.span);
    return which === 'earliest'
      ? (row) => typeof row._time === 'number' && row._time >= t
      : (row) => typeof row._time === 'number' && row._time < t;
  }

  private inList(e: SearchIn): RowPredicate {
    const texts = e.values.map((v) => this.valueText(v));
    this.noteField(e.field.name, e.field.span);
    const read = fieldReader(e.field.name, e.field.wildcard);
    const test = valuesTest(texts);
    return (row) => {
      const v = read(row);
      if (v === undefined) return false;
      if (e.field.wildcard) return (v as FieldValue[]).some((one) => anyValue(one, test));
      return anyValue(v as FieldValue, test);
    };
  }

  private term(e: SearchTerm): RowPredicate {
    if (!e.quoted && e.text === '*') return () => true;
    const needle = e.text.toLowerCase();
    const match: TextMatcher = e.quoted ? phraseMatcher(needle) : termMatcher(needle);
    return this.againstEvent(match, true);
  }

  private termFunction(e: SearchTermFunction): RowPredicate {
    if (e.function === 'TERM') return this.againstEvent(termMatcher(e.text.toLowerCase(), true), true);
    return this.againstEvent(termMatcher(e.text), false);
  }

  /** Raw events are searched in `_raw`; rows made by transforming commands have no `_raw`, and
   * their field values are searched instead (unsure: Splunk does not document it). */
  private againstEvent(match: TextMatcher, foldCase: boolean): RowPredicate {
    return (row) => {
      const raw = row._raw;
      if (typeof raw === 'string') return match(foldCase ? lowerRaw(raw) : raw);
      for (const key in row) {
        for (const v of valuesOf(row[key])) {
          const s = typeof v === 'number' ? numberText(v) : v;
          if (match(foldCase ? s.toLowerCase() : s)) return true;
        }
      }
      return false;
    };
  }
}

export function compileSearchExpression(expression: SearchExpression | undefined, ctx: SearchCompileContext): RowPredicate {
  if (!expression) return () => true;
  return new SearchCompiler(ctx).compile(expression);
}
