// stats, eventstats, streamstats, top and rare. Grouping rules (spl-semantics.md section 4): a
// row missing any by-field joins no group (and is counted, for "why is it empty"); a multivalue
// by-field puts the row in one group per value (the cross product for several); stats output is
// sorted by the by-values, numbers numerically; `stats count` without by on no rows is count=0.
import type { Aggregation, FieldRef, StatsCommand, TopCommand } from '../../spl/ast';
import { EvalCompiler, isBooleanExpression } from '../eval/compileEval';
import { evalValues } from '../eval/evalValue';
import { EngineError } from '../problems';
import type { Columns, CompiledStage, Sink, StageInstance } from '../runtime';
import { addingColumns, uniqueNames } from '../runtime';
import { aggregationName, aggregatorFor, unknownAggregation, type AggregationSpec, type Aggregator } from '../stats/aggregations';
import { compareScalars, newRow, originOf, OriginUnion, scalarText, setField, valuesOf, type Row, type Scalar } from '../values';
import type { CompileContext } from './context';
import { Options } from './options';

export function compileAggregations(aggregations: readonly Aggregation[], ctx: CompileContext): AggregationSpec[] {
  const evaluator = new EvalCompiler(ctx);
  return aggregations.map((aggregation) => {
    const argument = aggregation.argument;
    const known = aggregatorFor(aggregation.function, argument !== undefined);
    if (!known) throw unknownAggregation(aggregation);
    const name = aggregationName(aggregation, ctx.text);
    const base = { name, function: aggregation.function.toLowerCase(), factory: known.factory, orderSensitive: known.orderSensitive, needsTime: known.needsTime };
    if (!argument) {
      if (base.function !== 'count' && base.function !== 'c') {
        throw new EngineError('engine-invalid-argument', `${aggregation.function} needs a field: ${aggregation.function}(field).`, aggregation.span);
      }
      return base;
    }
    if (argument.kind === 'field' || argument.kind === 'value') {
      const field = argument.kind === 'field' ? argument.name : argument.text;
      if (field.includes('*')) throw new EngineError('engine-unsupported', `Wildcard arguments (${aggregation.function}(${field})) are not supported by the local engine.`, argument.span);
      return { ...base, field };
    }
    const expression = evaluator.compile(argument.expression);
    // count(eval(x>1)) counts rows where the condition is true: a false gives no value.
    const boolean = isBooleanExpression(argument.expression);
    return { ...base, expression: boolean ? (row: Row) => (expression(row) === true ? 1 : null) : expression };
  });
}

/** The argument's values in a row, once per row whatever the number of groups it joins. */
function rowValues(specs: readonly AggregationSpec[], row: Row): (readonly Scalar[])[] {
  return specs.map((s) => {
    if (s.field !== undefined) return valuesOf(row[s.field]);
    if (s.expression) return evalValues(s.expression(row));
    return [];
  });
}

function rowTime(row: Row): number | undefined {
  return typeof row._time === 'number' ? row._time : undefined;
}

/** Group keys of a row: one per combination of by-values; null when a by-field is missing
 * (the missing fields are counted in `dropped`). */
function groupKeys(by: readonly string[], row: Row, dropped: Map<string, number>): Scalar[][] | null {
  let missing = false;
  const lists: (readonly Scalar[])[] = [];
  for (const f of by) {
    const values = valuesOf(row[f]);
    if (values.length === 0) {
      dropped.set(f, (dropped.get(f) ?? 0) + 1);
      missing = true;
    }
    lists.push(values);
  }
  if (missing) return null;
  let combos: Scalar[][] = [[]];
  for (const values of lists) {
    if (values.length === 1) {
      for (const c of combos) c.push(values[0]);
      continue;
    }
    const next: Scalar[][] = [];
    for (const c of combos) for (const v of values) next.push([...c, v]);
    combos = next;
  }
  return combos;
}

const keyOf = (values: readonly Scalar[]): string => (values.length === 1 ? scalarText(values[0]) : values.map(scalarText).join('\u0001'));

function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareScalars(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

interface Group {
  readonly keys: Scalar[];
  readonly aggregators: Aggregator[];
  /** The events the group's rows came from, when the run tracks origins. */
  readonly origins?: OriginUnion;
}

function byNames(by: readonly FieldRef[]): string[] {
  for (const f of by) if (f.wildcard) throw new EngineError('engine-unsupported', `Wildcard by-fields (${f.name}) are not supported by the local engine.`, f.span);
  return by.map((f) => f.name);
}

/** Aggregates rows into groups: shared by stats and eventstats. */
class Grouper {
  readonly groups = new Map<string, Group>();
  readonly dropped = new Map<string, number>();

  constructor(
    private readonly by: readonly string[],
    private readonly specs: readonly AggregationSpec[],
    private readonly trackOrigins = false,
  ) {}

  /** Adds a row; returns the keys of its groups (null when it joined none). */
  add(row: Row): string[] | null {
    const combos = groupKeys(this.by, row, this.dropped);
    if (!combos) return null;
    const values = rowValues(this.specs, row);
    const time = rowTime(row);
    const keys: string[] = [];
    for (const combo of combos) {
      const key = keyOf(combo);
      let group = this.groups.get(key);
      if (!group) {
        group = { keys: combo, aggregators: this.specs.map((s) => s.factory()), ...(this.trackOrigins ? { origins: new OriginUnion() } : {}) };
        this.groups.set(key, group);
      }
      for (let i = 0; i < values.length; i++) group.aggregators[i].add(values[i], time);
      group.origins?.add(originOf(row));
      keys.push(key);
    }
    return keys;
  }
}

export function compileStats(command: StatsCommand, ctx: CompileContext): CompiledStage {
  new Options(command, command.options, command.name === 'stats' ? ['partitions'] : command.name === 'streamstats' ? ['current', 'window', 'global'] : []);
  const by = byNames(command.by);
  const specs = compileAggregations(command.aggregations, ctx);
  if (specs.length === 0) throw new EngineError('engine-invalid-argument', `${command.name} needs at least one aggregation (count, dc(x), values(x), ...).`, command.span);
  const names = specs.map((s) => s.name);
  const index = ctx.index;
  if (command.name === 'eventstats') return { command, index, connect: (next) => eventstatsInstance(next, by, specs, names) };
  if (command.name === 'streamstats') return compileStreamstats(command, ctx, by, specs, names);
  if (command.name !== 'stats') throw new EngineError('engine-unsupported-command', `The command ${command.name} is not run by the local engine.`, command.nameSpan);
  return {
    command,
    index,
    connect(next: Sink, run): StageInstance {
      const grouper = new Grouper(by, specs, run.trackOrigins);
      return {
        push: (row) => void grouper.add(row),
        end() {
          const groups = [...grouper.groups.values()];
          if (by.length === 0 && groups.length === 0) groups.push({ keys: [], aggregators: specs.map((s) => s.factory()) });
          if (by.length > 0) groups.sort((a, b) => compareTuples(a.keys, b.keys));
          for (const g of groups) {
            const row = newRow();
            by.forEach((f, i) => (row[f] = g.keys[i]));
            g.aggregators.forEach((a, i) => setField(row, names[i], a.result()));
            g.origins?.applyTo(row);
            next.push(row);
          }
          next.end();
        },
        columns: (): Columns => ({ names: uniqueNames([...by, ...names]), open: false }),
        dropped: () => grouper.dropped,
      };
    },
  };
}

function eventstatsInstance(next: Sink, by: readonly string[], specs: readonly AggregationSpec[], names: readonly string[]): StageInstance {
  const grouper = new Grouper(by, specs);
  const rows: { row: Row; keys: string[] | null }[] = [];
  return {
    push(row) {
      rows.push({ row, keys: grouper.add(row) });
    },
    end() {
      const results = new Map<string, (ReturnType<Aggregator['result']>)[]>();
      for (const [key, g] of grouper.groups) results.set(key, g.aggregators.map((a) => a.result()));
      if (by.length === 0 && results.size === 0) results.set('', specs.map((s) => s.factory().result()));
      for (const { row, keys } of rows) {
        // A row in several groups (multivalue by-field) takes its first group's values.
        const key = by.length === 0 ? '' : keys?.[0];
        const values = key === undefined ? undefined : results.get(key);
        if (values) names.forEach((n, i) => setField(row, n, values[i]));
        next.push(row);
      }
      next.end();
    },
    columns: addingColumns(names),
    dropped: () => grouper.dropped,
  };
}

function compileStreamstats(command: StatsCommand, ctx: CompileContext, by: readonly string[], specs: readonly AggregationSpec[], names: readonly string[]): CompiledStage {
  const options = new Options(command, command.options, ['current', 'window', 'global']);
  const current = options.bool('current', true);
  const window = options.int('window', 0);
  const global = options.bool('global', true);
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      const dropped = new Map<string, number>();
      const running = new Map<string, Aggregator[]>();
      // For windows: the recent rows' values, with their group keys.
      const recent: { key: string; values: (readonly Scalar[])[]; time: number | undefined }[] = [];
      const perGroupRecent = new Map<string, typeof recent>();
      const emit = (row: Row, aggregators: Aggregator[]): void => aggregators.forEach((a, i) => setField(row, names[i], a.result()));
      return {
        push(row) {
          const combos = groupKeys(by, row, dropped);
          if (!combos) {
            next.push(row);
            return;
          }
          const key = keyOf(combos[0]);
          const values = rowValues(specs, row);
          const time = rowTime(row);
          if (window === 0) {
            let aggregators = running.get(key);
            if (!aggregators) running.set(key, (aggregators = specs.map((s) => s.factory())));
            if (!current) emit(row, aggregators);
            aggregators.forEach((a, i) => a.add(values[i], time));
            if (current) emit(row, aggregators);
            next.push(row);
            return;
          }
          const list = global ? recent : (perGroupRecent.get(key) ?? perGroupRecent.set(key, []).get(key)!);
          const entry = { key, values, time };
          if (current) list.push(entry);
          const fresh = specs.map((s) => s.factory());
          for (const e of list.slice(-window)) if (e.key === key) fresh.forEach((a, i) => a.add(e.values[i], e.time));
          emit(row, fresh);
          if (!current) list.push(entry);
          if (list.length > window) list.splice(0, list.length - window);
          next.push(row);
        },
        end: () => next.end(),
        columns: addingColumns(names),
        dropped: () => dropped,
      };
    },
  };
}

export function compileTop(command: TopCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['limit', 'countfield', 'percentfield', 'showcount', 'showperc', 'useother', 'otherstr']);
  const limit = command.limit ?? options.int('limit', 10);
  const countField = options.text('countfield') ?? 'count';
  const percentField = options.text('percentfield') ?? 'percent';
  const showCount = options.bool('showcount', true);
  const showPerc = options.bool('showperc', true);
  if (options.bool('useother', false)) throw new EngineError('engine-unsupported', 'useother=t is not supported by the local engine.', options.span('useother'));
  const fields = byNames(command.fields);
  const by = byNames(command.by);
  if (fields.length === 0) throw new EngineError('engine-invalid-argument', `${command.name} needs at least one field.`, command.span);
  const rare = command.name === 'rare';
  return {
    command,
    index: ctx.index,
    connect(next: Sink, run): StageInstance {
      const dropped = new Map<string, number>();
      const groups = new Map<string, { keys: Scalar[]; total: number; counts: Map<string, { values: Scalar[]; n: number; order: number; origins?: OriginUnion }> }>();
      let order = 0;
      return {
        push(row) {
          const groupCombos = groupKeys(by, row, dropped);
          if (!groupCombos) return;
          const valueCombos = groupKeys(fields, row, new Map());
          if (!valueCombos) return;
          for (const g of groupCombos) {
            const gk = keyOf(g);
            let group = groups.get(gk);
            if (!group) groups.set(gk, (group = { keys: g, total: 0, counts: new Map() }));
            group.total++;
            for (const v of valueCombos) {
              const vk = keyOf(v);
              let entry = group.counts.get(vk);
              if (entry) entry.n++;
              else group.counts.set(vk, (entry = { values: v, n: 1, order: order++, ...(run.trackOrigins ? { origins: new OriginUnion() } : {}) }));
              entry.origins?.add(originOf(row));
            }
          }
        },
        end() {
          const sortedGroups = [...groups.values()].sort((a, b) => compareTuples(a.keys, b.keys));
          for (const group of sortedGroups) {
            const entries = [...group.counts.values()].sort((a, b) => (rare ? a.n - b.n : b.n - a.n) || a.order - b.order);
            for (const e of limit > 0 ? entries.slice(0, limit) : entries) {
              const row = newRow();
              by.forEach((f, i) => (row[f] = group.keys[i]));
              fields.forEach((f, i) => (row[f] = e.values[i]));
              if (showCount) row[countField] = e.n;
              if (showPerc) row[percentField] = Math.round((e.n / group.total) * 100 * 1e6) / 1e6;
              e.origins?.applyTo(row);
              next.push(row);
            }
          }
          next.end();
        },
        columns: () => ({ names: uniqueNames([...by, ...fields, ...(showCount ? [countField] : []), ...(showPerc ? [percentField] : [])]), open: false }),
        dropped: () => dropped,
      };
    },
  };
}
