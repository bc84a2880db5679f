// lookup and inputlookup over CSV tables given as values (lookups.ts). Matching follows
// transforms.conf defaults: case-sensitive unless the lookup says `case_sensitive_match:
// false`; WILDCARD(col) columns hold `*` patterns; up to 1000 matches per row, whose outputs
// become multivalue fields in table order. OUTPUT replaces the output fields (a row without a
// match loses them); OUTPUTNEW only fills fields the row does not have.
import type { InputlookupCommand, LookupCommand, Value } from '../../spl/ast';
import type { LookupTable } from '../lookups';
import { EngineError } from '../problems';
import { addingColumns, rowUpdateStage, uniqueNames, type CompiledStage, type GeneratingStage, type Sink, type StageInstance } from '../runtime';
import { globMatcher } from '../search/matching';
import { compileSearchExpression } from '../search/searchExpression';
import { newRow, scalarText, setField, valuesOf, type Row, type Scalar } from '../values';
import type { CompileContext } from './context';
import { Options } from './options';

const MAX_MATCHES = 1000;

function findTable(table: Value | undefined, ctx: CompileContext, command: { name: string; span: { start: number; end: number } }): LookupTable {
  if (!table) throw new EngineError('engine-invalid-argument', `${command.name} needs a lookup table name.`, command.span);
  const found = ctx.lookups.find(table.text);
  if (!found) {
    const known = ctx.lookups.names();
    throw new EngineError(
      'engine-missing-lookup',
      `The lookup table "${table.text}" is not available locally (${known.length ? `known: ${known.slice(0, 10).join(', ')}` : 'no lookup tables were given'}): add lookups/${table.text}.yml and its CSV to the content repository.`,
      table.span,
    );
  }
  return found;
}

function column(table: LookupTable, name: string, span: { start: number; end: number }): number {
  const i = table.columns.indexOf(name);
  if (i < 0) throw new EngineError('engine-invalid-argument', `The lookup table "${table.name}" has no column ${name} (it has ${table.columns.join(', ')}).`, span);
  return i;
}

/** Finds the table rows that match a tuple of input values. */
function matcher(table: LookupTable, inputColumns: readonly number[]): (values: readonly string[]) => number[] {
  const fold = table.caseSensitive === false ? (s: string): string => s.toLowerCase() : (s: string): string => s;
  const wildcard = new Set(table.wildcardColumns ?? []);
  const anyWildcard = inputColumns.some((c) => wildcard.has(table.columns[c]));
  if (!anyWildcard) {
    const index = new Map<string, number[]>();
    table.rows.forEach((row, r) => {
      const key = inputColumns.map((c) => fold(row[c])).join('\u0001');
      const list = index.get(key);
      if (list) list.push(r);
      else index.set(key, [r]);
    });
    return (values) => index.get(values.map(fold).join('\u0001')) ?? [];
  }
  const tests = table.rows.map((row) =>
    inputColumns.map((c) => (wildcard.has(table.columns[c]) ? globMatcher(fold(row[c])) : ((s: string) => s === fold(row[c])))),
  );
  return (values) => {
    const out: number[] = [];
    tests.forEach((t, r) => {
      if (t.every((test, i) => test(fold(values[i])))) out.push(r);
    });
    return out;
  };
}

export function compileLookup(command: LookupCommand, ctx: CompileContext): CompiledStage {
  new Options(command, command.options, ['local', 'update']);
  const table = findTable(command.table, ctx, command);
  if (command.inputs.length === 0) throw new EngineError('engine-invalid-argument', 'lookup needs at least one input field: lookup <table> <column> [AS <field>]', command.span);
  const inputs = command.inputs.map((i) => ({ column: column(table, i.field.name, i.field.span), field: i.alias?.name ?? i.field.name }));
  const inputColumns = inputs.map((i) => i.column);
  const outputs = command.outputs.length
    ? command.outputs.map((o) => ({ column: column(table, o.field.name, o.field.span), field: o.alias?.name ?? o.field.name }))
    : table.columns.map((name, c) => ({ column: c, field: name })).filter((o) => !inputColumns.includes(o.column));
  const outputNew = command.outputMode === 'OUTPUTNEW';
  const find = matcher(table, inputColumns);
  const outputNames = outputs.map((o) => o.field);
  return rowUpdateStage(
    command,
    ctx.index,
    (row) => {
      // Every combination of the input fields' values (multivalue inputs match per value).
      let combos: string[][] = [[]];
      for (const input of inputs) {
        const values = valuesOf(row[input.field]);
        combos = values.length === 0 ? [] : combos.flatMap((c) => values.map((v) => [...c, scalarText(v)]));
      }
      const matched = new Set<number>();
      for (const combo of combos) for (const r of find(combo)) if (matched.size < MAX_MATCHES) matched.add(r);
      const rows = [...matched].sort((a, b) => a - b);
      for (const o of outputs) {
        if (outputNew && o.field in row) continue;
        const values: Scalar[] = [];
        for (const r of rows) {
          const cell = table.rows[r][o.column];
          if (cell !== '') values.push(cell);
        }
        setField(row, o.field, values);
      }
    },
    addingColumns(outputNames),
  );
}

function tableRows(table: LookupTable): Row[] {
  return table.rows.map((cells) => {
    const row = newRow();
    table.columns.forEach((c, i) => {
      if (cells[i] !== '') row[c] = cells[i];
    });
    return row;
  });
}

/** `| inputlookup t [where ...]` at the start of a search. */
export function compileInputlookupSource(command: InputlookupCommand, ctx: CompileContext): GeneratingStage {
  const options = new Options(command, command.options, ['append', 'start', 'max']);
  const table = findTable(command.table, ctx, command);
  const where = compileSearchExpression(command.where, { now: ctx.now, warnings: ctx.warnings, stage: ctx.index });
  const start = options.int('start', 0);
  const max = options.int('max', 0);
  return {
    command,
    index: ctx.index,
    generate: () => {
      const rows = tableRows(table).slice(start).filter(where);
      return max > 0 ? rows.slice(0, max) : rows;
    },
    columns: () => ({ names: [...table.columns], open: false }),
  };
}

/** `| inputlookup append=t t` later in a search: the table's rows after the others. */
export function compileInputlookupAppend(command: InputlookupCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['append', 'start', 'max']);
  if (!options.bool('append', false)) throw new EngineError('engine-invalid-argument', 'inputlookup after the first stage needs append=t.', command.span);
  const source = compileInputlookupSource(command, ctx);
  return {
    command,
    index: ctx.index,
    connect(next: Sink, run): StageInstance {
      return {
        push: (row) => next.push(row),
        end() {
          for (const row of source.generate(run)) next.push(row);
          next.end();
        },
        columns: (input) => ({ names: uniqueNames([...input.names, ...source.columns().names]), open: input.open }),
      };
    },
  };
}
