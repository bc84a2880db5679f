// Commands that bring in rows from a subsearch (join, append) or from a subpipeline over the
// current results (appendpipe), and makeresults. Subsearches run to completion before the
// main rows flow, over the same events, as Splunk runs them first.
import type { AppendCommand, JoinCommand, MakeresultsCommand } from '../../spl/ast';
import { EngineError } from '../problems';
import { uniqueNames, type Columns, type CompiledStage, type GeneratingStage, type RunState, type Sink, type StageInstance, type SubsearchRunner } from '../runtime';
import { copyRow, newRow, scalarText, valuesOf, type Row } from '../values';
import type { CompileContext } from './context';
import { Options } from './options';

function unionColumns(a: Columns, b: Columns | undefined): Columns {
  if (!b) return a;
  return { names: uniqueNames([...a.names, ...b.names]), open: a.open || b.open };
}

/** Runs a stage's subsearch once, before events flow, and keeps its rows for the stage. */
function prepareSubsearch(key: object): (run: RunState, runSubsearch: SubsearchRunner) => Promise<void> {
  return async (run, runSubsearch) => {
    const { rows, columns } = await runSubsearch(key);
    run.subsearchRows.set(key, rows);
    run.subsearchColumns.set(key, columns);
  };
}

export function compileJoin(command: JoinCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['type', 'max', 'overwrite']);
  const type = (options.text('type') ?? 'inner').toLowerCase();
  if (!['inner', 'left', 'outer'].includes(type)) throw new EngineError('engine-invalid-argument', `join type is inner, left or outer, not "${type}".`, options.span('type'));
  const max = options.int('max', 1);
  const overwrite = options.bool('overwrite', true);
  if (!command.subsearch) throw new EngineError('engine-invalid-argument', 'join needs a subsearch: join f [search ...]', command.span);
  if (command.fields.length === 0) throw new EngineError('engine-unsupported', 'join without a field list is not supported by the local engine: name the join fields.', command.nameSpan);
  const fields = command.fields.map((f) => f.name);
  const key = ctx.subsearch(command.subsearch);
  const keyOf = (row: Row): string | undefined => {
    let k = '';
    for (const f of fields) {
      const v = row[f];
      if (v === undefined) return undefined;
      k += `${valuesOf(v).map(scalarText).join('\n')}\u0001`;
    }
    return k;
  };
  return {
    command,
    index: ctx.index,
    prepare: prepareSubsearch(key),
    connect(next: Sink, run: RunState): StageInstance {
      const index = new Map<string, Row[]>();
      for (const row of run.subsearchRows.get(key) ?? []) {
        const k = keyOf(row);
        if (k === undefined) continue;
        const list = index.get(k);
        if (list) list.push(row);
        else index.set(k, [row]);
      }
      return {
        push(row) {
          const k = keyOf(row);
          const matches = k === undefined ? undefined : index.get(k);
          if (!matches) {
            if (type !== 'inner') next.push(row);
            return;
          }
          for (const sub of max > 0 ? matches.slice(0, max) : matches) {
            const out = copyRow(row);
            for (const f in sub) if (overwrite || !(f in out)) out[f] = sub[f];
            next.push(out);
          }
        },
        end: () => next.end(),
        columns: (input) => unionColumns(input, run.subsearchColumns.get(key)),
      };
    },
  };
}

export function compileAppend(command: AppendCommand, ctx: CompileContext, compileSubpipeline: (c: AppendCommand) => CompiledStage[]): CompiledStage {
  if (command.name === 'appendcols') throw new EngineError('engine-unsupported-command', 'The command appendcols is not run by the local engine.', command.nameSpan);
  new Options(command, command.options, []);
  if (!command.subsearch) throw new EngineError('engine-invalid-argument', `${command.name} needs a subsearch in brackets.`, command.span);
  if (command.name === 'appendpipe') return compileAppendpipe(command, ctx, compileSubpipeline(command));
  const key = ctx.subsearch(command.subsearch);
  return {
    command,
    index: ctx.index,
    prepare: prepareSubsearch(key),
    connect(next: Sink, run: RunState): StageInstance {
      return {
        push: (row) => next.push(row),
        end() {
          for (const row of run.subsearchRows.get(key) ?? []) next.push(copyRow(row));
          next.end();
        },
        columns: (input) => unionColumns(input, run.subsearchColumns.get(key)),
      };
    },
  };
}

/** `appendpipe [stats count]`: runs the subpipeline over the rows so far and appends its rows. */
function compileAppendpipe(command: AppendCommand, ctx: CompileContext, stages: CompiledStage[]): CompiledStage {
  return {
    command,
    index: ctx.index,
    connect(next: Sink, run: RunState, inputColumns): StageInstance {
      const rows: Row[] = [];
      let subColumns: Columns | undefined;
      return {
        push(row) {
          rows.push(row);
          next.push(row);
        },
        end() {
          const out: Row[] = [];
          let sink: Sink = { push: (r) => void out.push(r), end: () => undefined };
          const instances: StageInstance[] = [];
          for (let i = stages.length - 1; i >= 0; i--) {
            const instance = stages[i].connect(sink, run, inputColumns);
            instances.unshift(instance);
            sink = instance;
          }
          for (const row of rows) sink.push(copyRow(row));
          sink.end();
          subColumns = instances.reduce((c, s) => s.columns(c), inputColumns());
          for (const row of out) next.push(row);
          next.end();
        },
        columns: (input) => unionColumns(input, subColumns),
      };
    },
  };
}

export function compileMakeresults(command: MakeresultsCommand, ctx: CompileContext): GeneratingStage {
  const options = new Options(command, command.options, ['count', 'annotate']);
  const count = options.int('count', 1, 1);
  if (options.bool('annotate', false)) throw new EngineError('engine-unsupported', 'makeresults annotate=t is not supported by the local engine.', options.span('annotate'));
  return {
    command,
    index: ctx.index,
    generate: (run) =>
      Array.from({ length: count }, () => {
        const row = newRow();
        row._time = Math.floor(run.now);
        return row;
      }),
    columns: () => ({ names: ['_time'], open: false }),
  };
}
