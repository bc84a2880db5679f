// Typed access to the SPL reference (hover, completion, signature help). The data is generated:
// edit the YAML files of this folder, then run `npm run generate-reference`.
import data from './splReference.generated.json';
import type { CommandReference, FunctionReference, ReferenceItem, SplReferenceData } from './types';

export type * from './types';

const reference = data as SplReferenceData;

/** Every name and alias of `entries`, lowercase, to its entry. */
function byName<T extends { readonly name: string; readonly aliases: readonly string[] }>(entries: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const entry of entries) {
    map.set(entry.name, entry);
    for (const alias of entry.aliases) map.set(alias, entry);
  }
  return map;
}

const COMMANDS = byName(reference.commands);
const EVAL_FUNCTIONS = byName(reference.evalFunctions);
const STATS_FUNCTIONS = byName(reference.statsFunctions);

/** `perc95`, `p99`, `exactperc99.9`, `upperperc90`: a percentile family and its number. The same
 * pattern as the catalog's. `p` is short for `perc`. */
const PERCENTILE_NAME = /^(perc|p|exactperc|upperperc)\d+(?:\.\d+)?$/;

/** The command named `name` or one of its aliases (case-insensitive). */
export function commandReference(name: string): CommandReference | undefined {
  return COMMANDS.get(name.toLowerCase());
}

/** The eval function named `name` or one of its aliases (case-insensitive). */
export function evalFunctionReference(name: string): FunctionReference | undefined {
  return EVAL_FUNCTIONS.get(name.toLowerCase());
}

/** The statistical function named `name` (case-insensitive): aliases (`c`, `dc`, `mean`) give
 * their entry, and a percentile with its number (`perc95`, `p95`, `exactperc99`, `upperperc90`)
 * gives its family's entry. */
export function statsFunctionReference(name: string): FunctionReference | undefined {
  const lower = name.toLowerCase();
  const direct = STATS_FUNCTIONS.get(lower);
  if (direct) return direct;
  const percentile = PERCENTILE_NAME.exec(lower);
  if (!percentile) return undefined;
  return STATS_FUNCTIONS.get(percentile[1] === 'p' ? 'perc' : percentile[1]);
}

/** The option `option` (`name=value`) of `command`, both case-insensitive. */
export function commandOptionReference(command: string, option: string): ReferenceItem | undefined {
  const lower = option.toLowerCase();
  return commandReference(command)?.options.find((o) => o.name.toLowerCase() === lower);
}

/** The bare keyword `keyword` (`by`, `OUTPUT`) of `command`, both case-insensitive. */
export function commandKeywordReference(command: string, keyword: string): ReferenceItem | undefined {
  const lower = keyword.toLowerCase();
  return commandReference(command)?.keywords.find((k) => k.name.toLowerCase() === lower);
}

/** Sorted by name. */
export function allCommandReferences(): readonly CommandReference[] {
  return reference.commands;
}

/** Sorted by name. */
export function allEvalFunctionReferences(): readonly FunctionReference[] {
  return reference.evalFunctions;
}

/** Sorted by name. */
export function allStatsFunctionReferences(): readonly FunctionReference[] {
  return reference.statsFunctions;
}
