// Commands that select, order or multiply rows: dedup, sort, head, tail, mvexpand, bin.
import type { BinCommand, DedupCommand, HeadCommand, MvexpandCommand, SortCommand, SortKey } from '../../spl/ast';
import { EngineError } from '../problems';
import { rowUpdateStage, streamingInstance, type CompiledStage, type Sink, type StageInstance } from '../runtime';
import { parseIpv4 } from '../search/matching';
import { timeUnit } from '../time/relativeTime';
import { compareScalars, compareStrings, copyRow, numberText, scalarText, toNumber, valuesOf, type FieldValue, type Row, type Scalar } from '../values';
import type { CompileContext } from './context';
import { Options } from './options';

export const DEFAULT_SORT_LIMIT = 10_000;

type KeyCompare = (a: FieldValue | undefined, b: FieldValue | undefined) => number;

/** Compares two values of a sort key; nulls go last in either direction (unsure: Splunk does
 * not document where null sorts). */
function keyComparator(key: SortKey): KeyCompare {
  const fn = key.function?.toLowerCase() ?? 'auto';
  const first = (v: FieldValue | undefined): Scalar | undefined => valuesOf(v)[0];
  let compare: (a: Scalar, b: Scalar) => number;
  switch (fn) {
    case 'str':
      compare = (a, b) => compareStrings(scalarText(a), scalarText(b));
      break;
    case 'num':
      compare = (a, b) => {
        const x = toNumber(a);
        const y = toNumber(b);
        if (x !== undefined && y !== undefined) return x - y;
        if (x !== undefined) return -1;
        if (y !== undefined) return 1;
        return compareStrings(scalarText(a), scalarText(b));
      };
      break;
    case 'ip':
      compare = (a, b) => {
        const x = parseIpv4(scalarText(a));
        const y = parseIpv4(scalarText(b));
        if (x !== undefined && y !== undefined) return x - y;
        return compareScalars(a, b);
      };
      break;
    case 'auto':
      compare = compareScalars;
      break;
    default:
      throw new EngineError('engine-unsupported', `sort ${fn}() is not supported by the local engine.`, key.span);
  }
  const direction = key.descending ? -1 : 1;
  return (a, b) => {
    const x = first(a);
    const y = first(b);
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
    return direction * compare(x, y);
  };
}

export function rowComparator(keys: readonly SortKey[], reverse: boolean): (a: Row, b: Row) => number {
  const parts = keys.map((k) => {
    if (k.field.wildcard) throw new EngineError('engine-unsupported', `sort by a wildcard name (${k.field.name}) is not supported.`, k.span);
    return { field: k.field.name, compare: keyComparator(k) };
  });
  const sign = reverse ? -1 : 1;
  return (a, b) => {
    for (const p of parts) {
      const c = p.compare(a[p.field], b[p.field]);
      if (c !== 0) return sign * c;
    }
    return 0;
  };
}

export function compileSort(command: SortCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['limit']);
  const limit = command.limit ?? options.int('limit', DEFAULT_SORT_LIMIT);
  const compare = rowComparator(command.keys, command.reverse);
  if (command.limit === undefined && !options.has('limit')) {
    ctx.warnings.add(`sort keeps at most ${DEFAULT_SORT_LIMIT} rows unless written "sort 0 ..." (as in Splunk).`, command.nameSpan, ctx.index);
  }
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      const rows: Row[] = [];
      return {
        push: (row) => void rows.push(row),
        end() {
          rows.sort(compare); // Array.prototype.sort is stable: ties keep their order
          const kept = limit > 0 ? rows.slice(0, limit) : rows;
          for (const row of kept) next.push(row);
          next.end();
        },
        columns: (input) => input,
      };
    },
  };
}

export function compileHead(command: HeadCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['limit']);
  const limit = command.limit ?? options.int('limit', 10);
  if (command.name === 'tail') {
    return {
      command,
      index: ctx.index,
      connect(next: Sink): StageInstance {
        const last: Row[] = [];
        return {
          push(row) {
            last.push(row);
            if (last.length > limit) last.shift();
          },
          end() {
            // tail gives the last rows in reverse order, as Splunk does.
            for (let i = last.length - 1; i >= 0; i--) next.push(last[i]);
            next.end();
          },
          columns: (input) => input,
        };
      },
    };
  }
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      let taken = 0;
      return streamingInstance(next, (row) => {
        if (taken < limit) {
          taken++;
          next.push(row);
        }
      });
    },
  };
}

export function compileDedup(command: DedupCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['keepempty', 'consecutive', 'keepevents']);
  const keepEmpty = options.bool('keepempty', false);
  const consecutive = options.bool('consecutive', false);
  if (options.bool('keepevents', false)) throw new EngineError('engine-unsupported', 'dedup keepevents=t is not supported by the local engine.', options.span('keepevents'));
  const count = command.count ?? 1;
  const fields = command.fields.map((f) => {
    if (f.wildcard) throw new EngineError('engine-unsupported', `dedup by a wildcard name (${f.name}) is not supported.`, f.span);
    return f.name;
  });
  if (fields.length === 0) throw new EngineError('engine-invalid-argument', 'dedup needs at least one field.', command.span);
  const sort = command.sortBy.length ? rowComparator(command.sortBy, false) : undefined;
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      const seen = new Map<string, number>();
      const dropped = new Map<string, number>();
      const kept: Row[] = [];
      let previous: string | undefined;
      const emit = (row: Row): void => {
        if (sort) kept.push(row);
        else next.push(row);
      };
      return {
        push(row) {
          let key = '';
          for (const f of fields) {
            const v = row[f];
            if (v === undefined) {
              if (keepEmpty) {
                emit(row);
                return;
              }
              dropped.set(f, (dropped.get(f) ?? 0) + 1);
              return;
            }
            key += `${valuesOf(v).map(scalarText).join('\n')}\u0001`;
          }
          if (consecutive) {
            if (key === previous) return;
            previous = key;
            emit(row);
            return;
          }
          const n = seen.get(key) ?? 0;
          if (n >= count) return;
          seen.set(key, n + 1);
          emit(row);
        },
        end() {
          if (sort) {
            kept.sort(sort);
            for (const row of kept) next.push(row);
          }
          next.end();
        },
        columns: (input) => input,
        dropped: () => dropped,
      };
    },
  };
}

export function compileMvexpand(command: MvexpandCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['limit']);
  const limit = options.int('limit', 0);
  if (!command.field) throw new EngineError('engine-invalid-argument', 'mvexpand needs a field.', command.span);
  const field = command.field.name;
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      const dropped = new Map<string, number>();
      return {
        push(row) {
          const values = valuesOf(row[field]);
          if (values.length === 0) {
            dropped.set(field, (dropped.get(field) ?? 0) + 1);
            return;
          }
          const take = limit > 0 ? values.slice(0, limit) : values;
          take.forEach((v, i) => {
            const copy = i === take.length - 1 ? row : copyRow(row);
            copy[field] = v;
            next.push(copy);
          });
        },
        end: () => next.end(),
        columns: (input) => input,
        dropped: () => dropped,
      };
    },
  };
}

interface BinSpan {
  readonly seconds?: number;
  readonly months?: number;
  readonly numeric?: number;
}

function parseSpan(text: string): BinSpan | undefined {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const amount = Number(m[1]);
  if (amount <= 0) return undefined;
  if (m[2] === '') return { numeric: amount };
  const unit = timeUnit(m[2]);
  if (!unit) return undefined;
  const seconds = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[unit as 's' | 'm' | 'h' | 'd' | 'w'];
  if (seconds !== undefined) return { seconds: amount * seconds };
  if (unit === 'mon' || unit === 'q' || unit === 'y') return { months: amount * (unit === 'q' ? 3 : unit === 'y' ? 12 : 1) };
  return undefined;
}

export function compileBin(command: BinCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['span']);
  const spanText = options.text('span');
  if (spanText === undefined) throw new EngineError('engine-unsupported', `${command.name} without span= (automatic bins) is not supported by the local engine.`, command.span);
  const span = parseSpan(spanText);
  if (!span) throw new EngineError('engine-invalid-argument', `span must be a number or a time span such as 5m, 1h, 1d, 1mon (not "${spanText}").`, options.span('span'));
  const field = command.field?.name ?? '_time';
  const target = command.alias?.name ?? field;
  const isTime = field === '_time' || span.numeric === undefined;
  const bucket = (v: Scalar): Scalar | undefined => {
    const n = toNumber(v);
    if (n === undefined) return undefined;
    if (span.months !== undefined) {
      const d = new Date(Math.floor(n) * 1000);
      const total = d.getUTCFullYear() * 12 + d.getUTCMonth();
      const start = Math.floor(total / span.months) * span.months;
      return Date.UTC(Math.floor(start / 12), start % 12, 1) / 1000;
    }
    const size = span.seconds ?? span.numeric!;
    const lo = Math.floor(n / size) * size;
    // Numeric fields become ranges ("10-20"); times stay epoch seconds.
    return isTime ? lo : `${numberText(lo)}-${numberText(lo + size)}`;
  };
  return rowUpdateStage(
    command,
    ctx.index,
    (row) => {
      const value = row[field];
      if (value !== undefined) {
        const out = valuesOf(value).map((v) => bucket(v) ?? v);
        row[target] = out.length === 1 ? out[0] : out;
      }
    },
    (input) => ({ names: input.names.includes(target) ? input.names : [...input.names, target], open: input.open }),
  );
}
