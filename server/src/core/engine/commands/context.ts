// What compiling one command needs to know.
import type { Subsearch } from '../../spl/ast';
import type { EvalContext } from '../eval/evalValue';
import type { LookupTables } from '../lookups';
import type { Warnings } from '../problems';

export interface CompileContext extends EvalContext {
  /** The search text the spans point into (for `count(eval(...))` column names). */
  readonly text: string;
  readonly warnings: Warnings;
  readonly lookups: LookupTables;
  /** Index of the stage being compiled in its pipeline. */
  readonly index: number;
  /** Compiles a nested pipeline (join, append); the key finds its rows at run time. */
  subsearch(sub: Subsearch): object;
}
