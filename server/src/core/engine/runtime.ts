// The shapes every command shares. A pipeline is compiled once into stages; each run connects
// fresh stage instances into a chain of sinks and pushes rows through it synchronously (one
// function call per row per stage, no promise per row). Stages that need all their input
// (stats, sort, eventstats) buffer and emit when `end` is called.
import type { Command } from '../spl/ast';
import type { Span } from '../text/lineIndex';
import type { Warnings } from './problems';
import type { Row } from './values';

export interface Sink {
  push(row: Row): void;
  end(): void;
}

/** The fields a stage outputs: exactly `names` when closed; `names` and whatever the rows carry
 * when open (raw events). */
export interface Columns {
  readonly names: readonly string[];
  readonly open: boolean;
}

export const OPEN_COLUMNS: Columns = { names: [], open: true };

/** What a running stage can report after the run. */
export interface StageInstance extends Sink {
  columns(input: Columns): Columns;
  /** Rows dropped because a by-field (or key field) was null, by field name. */
  dropped?(): ReadonlyMap<string, number>;
}

/** Per-run services for stage instances. */
export interface RunState {
  readonly now: number;
  readonly warnings: Warnings;
  /** Rows of a subsearch, computed before the main rows flow (see CompiledStage.prepare). */
  readonly subsearchRows: Map<object, Row[]>;
  readonly subsearchColumns: Map<object, Columns>;
  /** Rows carry the events they came from (values.ts RowOrigin); stages that make a row out of
   * others (stats, top, table, rename) pass the origins on. */
  readonly trackOrigins: boolean;
}

export interface CompiledStage {
  readonly command: Command;
  readonly index: number;
  /** Runs what the stage needs before rows flow (subsearches). */
  prepare?(run: RunState, runSubsearch: SubsearchRunner): Promise<void>;
  /** A fresh instance for one run. `inputColumns` gives the columns reaching this stage (valid
   * once the stages before it have ended). */
  connect(next: Sink, run: RunState, inputColumns: () => Columns): StageInstance;
}

/** A stage that makes rows without input (makeresults, inputlookup). */
export interface GeneratingStage {
  readonly command: Command;
  readonly index: number;
  generate(run: RunState): Iterable<Row>;
  columns(): Columns;
}

export type SubsearchRunner = (key: object) => Promise<{ rows: Row[]; columns: Columns }>;

/** Names that keep their order and appear once. */
export function uniqueNames(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

/** A stage whose instance only needs `push`; `end` forwards, columns are unchanged. */
export function streamingInstance(next: Sink, push: (row: Row) => void, columns: (input: Columns) => Columns = (c) => c): StageInstance {
  return { push, end: () => next.end(), columns };
}

/** A stage that updates each row in place and passes it on (eval, rename, rex, lookup, ...). */
export function rowUpdateStage(command: Command, index: number, update: (row: Row) => void, columns?: (input: Columns) => Columns): CompiledStage {
  return {
    command,
    index,
    connect: (next) =>
      streamingInstance(
        next,
        (row) => {
          update(row);
          next.push(row);
        },
        columns,
      ),
  };
}

/** The columns after a stage that gives every row `names` (added at the end when new). */
export function addingColumns(names: readonly string[]): (input: Columns) => Columns {
  return (input) => ({ names: uniqueNames([...input.names, ...names]), open: input.open });
}

export interface StageSpan {
  readonly command: string;
  readonly span: Span;
}
