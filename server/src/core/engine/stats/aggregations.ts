// Aggregation functions of stats, eventstats, streamstats, tstats and top (spl-semantics.md
// section 4). An aggregator takes the values of its argument row by row and gives one value at
// the end. Numeric functions ignore values that are not numbers; values() sorts its distinct
// values as strings; list() keeps event order, at most 100; first/last follow the order rows
// arrive in; earliest/latest go by _time.
import type { Aggregation } from '../../spl/ast';
import { scalarString, type CompiledEval } from '../eval/evalValue';
import { EngineError } from '../problems';
import { compareStrings, toNumber, type FieldValue, type Scalar } from '../values';

export interface Aggregator {
  /** `values` are the argument's values in this row (empty when null); `time` is the row's _time. */
  add(values: readonly Scalar[], time: number | undefined): void;
  result(): FieldValue | null;
}

/** Makes a fresh aggregator (one per group). */
export type AggregatorFactory = () => Aggregator;

export interface AggregationSpec {
  readonly name: string;
  /** Lowercased canonical function (`c` → `count`, `avg` → `mean`). */
  readonly function: string;
  readonly factory: AggregatorFactory;
  /** Where the values come from: a field, an eval expression, or nothing (bare count). */
  readonly field?: string;
  readonly expression?: CompiledEval;
  /** The function depends on the order rows arrive in. */
  readonly orderSensitive: boolean;
  readonly needsTime: boolean;
}

const LIST_LIMIT = 100;

function numbers(values: readonly Scalar[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const n = toNumber(v);
    if (n !== undefined) out.push(n);
  }
  return out;
}

function countAgg(bare: boolean): AggregatorFactory {
  return () => {
    let n = 0;
    return {
      add(values) {
        if (bare || values.length > 0) n++;
      },
      result: () => n,
    };
  };
}

function distinctCount(): AggregatorFactory {
  return () => {
    const seen = new Set<string>();
    return {
      add(values) {
        for (const v of values) seen.add(scalarString(v));
      },
      result: () => seen.size,
    };
  };
}

function valuesAgg(): AggregatorFactory {
  return () => {
    const seen = new Set<string>();
    return {
      add(values) {
        for (const v of values) seen.add(scalarString(v));
      },
      result: () => {
        if (seen.size === 0) return null;
        return [...seen].sort(compareStrings);
      },
    };
  };
}

function listAgg(): AggregatorFactory {
  return () => {
    const out: Scalar[] = [];
    return {
      add(values) {
        for (const v of values) if (out.length < LIST_LIMIT) out.push(v);
      },
      result: () => (out.length ? out : null),
    };
  };
}

function numericAgg(finish: (nums: number[]) => number | null, keep = true): AggregatorFactory {
  return () => {
    const all: number[] = [];
    let sum = 0;
    let n = 0;
    return {
      add(values) {
        for (const x of numbers(values)) {
          if (keep) all.push(x);
          sum += x;
          n++;
        }
      },
      result: () => {
        if (n === 0) return null;
        const r = keep ? finish(all) : finish([sum, n]);
        return r === null || !Number.isFinite(r) ? null : r;
      },
    };
  };
}

function variance(nums: number[], sample: boolean): number | null {
  const n = nums.length;
  if (n === 0 || (sample && n < 2)) return null;
  const mean = nums.reduce((a, b) => a + b, 0) / n;
  const squares = nums.reduce((a, b) => a + (b - mean) ** 2, 0);
  return squares / (sample ? n - 1 : n);
}

/** Percentile by linear interpolation between the closest ranks (unsure: Splunk's perc is an
 * approximation above 1,000 distinct values; exactperc interpolates like this). */
function percentile(nums: number[], p: number): number | null {
  if (nums.length === 0) return null;
  const sorted = [...nums].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** min/max: numerically when every value is a number, else as strings. */
function extremeAgg(pick: 'min' | 'max'): AggregatorFactory {
  return () => {
    let numeric: number | undefined;
    let text: Scalar | undefined;
    let allNumeric = true;
    return {
      add(values) {
        for (const v of values) {
          const n = toNumber(v);
          if (n === undefined) allNumeric = false;
          else if (numeric === undefined || (pick === 'min' ? n < numeric : n > numeric)) numeric = n;
          const s = scalarString(v);
          if (text === undefined || (pick === 'min' ? s < scalarString(text) : s > scalarString(text))) text = v;
        }
      },
      result: () => {
        if (text === undefined) return null;
        return allNumeric ? numeric! : scalarString(text);
      },
    };
  };
}

function firstLast(which: 'first' | 'last'): AggregatorFactory {
  return () => {
    let value: FieldValue | undefined;
    return {
      add(values) {
        if (values.length === 0) return;
        if (which === 'first' && value !== undefined) return;
        value = values.length === 1 ? values[0] : values;
      },
      result: () => value ?? null,
    };
  };
}

function byTime(which: 'earliest' | 'latest', timeOnly: boolean): AggregatorFactory {
  return () => {
    let best: number | undefined;
    let value: FieldValue | undefined;
    return {
      add(values, time) {
        if (values.length === 0 || time === undefined) return;
        if (best === undefined || (which === 'earliest' ? time < best : time > best)) {
          best = time;
          value = values.length === 1 ? values[0] : values;
        }
      },
      result: () => (timeOnly ? (best ?? null) : (value ?? null)),
    };
  };
}

function modeAgg(): AggregatorFactory {
  return () => {
    const counts = new Map<string, { value: Scalar; n: number }>();
    return {
      add(values) {
        for (const v of values) {
          const key = scalarString(v);
          const entry = counts.get(key);
          if (entry) entry.n++;
          else counts.set(key, { value: v, n: 1 });
        }
      },
      result: () => {
        let best: { value: Scalar; n: number } | undefined;
        for (const e of counts.values()) if (!best || e.n > best.n) best = e;
        return best ? best.value : null;
      },
    };
  };
}

const ALIASES: Readonly<Record<string, string>> = { c: 'count', distinct_count: 'dc', estdc: 'dc', estdc_error: 'dc', avg: 'mean', p: 'perc' };

/** The function an aggregation names, canonical, and its percentile when it is one. */
export function canonicalFunction(name: string): { fn: string; percentile?: number } {
  const lower = name.toLowerCase();
  const perc = /^(?:perc|p|exactperc|upperperc)(\d+(?:\.\d+)?)$/.exec(lower);
  if (perc) return { fn: 'perc', percentile: Number(perc[1]) };
  return { fn: ALIASES[lower] ?? lower };
}

/** The aggregator factory for a function name; undefined when the engine does not know it. */
export function aggregatorFor(name: string, hasArgument: boolean): { factory: AggregatorFactory; orderSensitive: boolean; needsTime: boolean } | undefined {
  const { fn, percentile: p } = canonicalFunction(name);
  const plain = (factory: AggregatorFactory, orderSensitive = false, needsTime = false): { factory: AggregatorFactory; orderSensitive: boolean; needsTime: boolean } => ({ factory, orderSensitive, needsTime });
  switch (fn) {
    case 'count': return plain(countAgg(!hasArgument));
    case 'dc': return plain(distinctCount());
    case 'values': return plain(valuesAgg());
    case 'list': return plain(listAgg(), true);
    case 'sum': return plain(numericAgg(([s]) => s, false));
    case 'sumsq': return plain(numericAgg((nums) => nums.reduce((a, b) => a + b * b, 0)));
    case 'mean': return plain(numericAgg(([s, n]) => s / n, false));
    case 'min': return plain(extremeAgg('min'));
    case 'max': return plain(extremeAgg('max'));
    case 'range': return plain(numericAgg((nums) => Math.max(...nums) - Math.min(...nums)));
    case 'median': return plain(numericAgg((nums) => percentile(nums, 50)));
    case 'perc': return plain(numericAgg((nums) => percentile(nums, p!)));
    case 'stdev': return plain(numericAgg((nums) => { const v = variance(nums, true); return v === null ? null : Math.sqrt(v); }));
    case 'stdevp': return plain(numericAgg((nums) => { const v = variance(nums, false); return v === null ? null : Math.sqrt(v); }));
    case 'var': return plain(numericAgg((nums) => variance(nums, true)));
    case 'varp': return plain(numericAgg((nums) => variance(nums, false)));
    case 'first': return plain(firstLast('first'), true);
    case 'last': return plain(firstLast('last'), true);
    case 'earliest': return plain(byTime('earliest', false), false, true);
    case 'latest': return plain(byTime('latest', false), false, true);
    case 'earliest_time': return plain(byTime('earliest', true), false, true);
    case 'latest_time': return plain(byTime('latest', true), false, true);
    case 'mode': return plain(modeAgg());
    default: return undefined;
  }
}

/** The column name stats gives an aggregation: its alias, else `fn(arg)` as written (the rule
 * of analysis/fieldFlow.ts aggregationOutputName, kept here so the engine does not depend on
 * the analysis layer). */
export function aggregationName(aggregation: Aggregation, text: string): string {
  if (aggregation.alias) return aggregation.alias.name;
  const argument = aggregation.argument;
  if (!argument) return aggregation.function;
  const written = argument.kind === 'field' ? argument.name : argument.kind === 'value' ? argument.text : text.slice(argument.span.start, argument.span.end);
  return `${aggregation.function}(${written})`;
}

export function unknownAggregation(aggregation: Aggregation): EngineError {
  return new EngineError('engine-unsupported', `The aggregation ${aggregation.function}() is not supported by the local engine.`, aggregation.functionSpan);
}
