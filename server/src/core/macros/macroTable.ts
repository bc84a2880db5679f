// The macros a search can call, keyed by name and number of arguments, as Splunk keys them.
// Definitions come in as values from any source (repository YAML, macros.conf); the table adds
// the macros Splunk apps provide and knows which app macros are deliberately left unresolved.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { Span } from '../text/lineIndex';
import { verbatimSourceText } from '../text/sourceText';
import { macroKey, type MacroDefinition } from './macroDefinition';

function builtin(name: string, args: readonly string[], definition: string, description: string): MacroDefinition {
  return { name, args, definition: verbatimSourceText(`builtin:${name}`, definition), description, origin: 'builtin' };
}

/** Macros of the Splunk Common Information Model app that detections use; shipped built in
 * because the content repository does not define them. */
export const BUILTIN_MACROS: readonly MacroDefinition[] = [
  builtin('drop_dm_object_name', ['object'], 'rename "$object$.*" as *', 'Removes the data model object prefix from field names (Splunk CIM app).'),
  builtin('add_dm_object_name', ['object'], 'rename * as "$object$.*"', 'Adds the data model object prefix to field names (Splunk CIM app).'),
];

/** Macros that Splunk apps provide and contentctl deliberately does not resolve: calling one
 * without a definition is expected, not an error. */
export const APP_PROVIDED_MACROS: readonly string[] = ['get_asset', 'get_risk_severity', 'cim_corporate_web_domain_search', 'globedistance'];

/** Every detection ends with its `<stem>_filter` macro; without a file it is `search *`. */
export function isFilterMacroName(name: string): boolean {
  return name.endsWith('_filter');
}

/** The definition a `*_filter` macro has when no file defines it. */
export function missingFilterMacro(name: string): MacroDefinition {
  return builtin(name, [], 'search *', 'No file defines this filter macro; it passes every row through.');
}

/** Two or more definitions with one key. The first one given is the one used. */
export interface MacroDuplicate {
  readonly key: string;
  readonly definitions: readonly MacroDefinition[];
}

export interface MacroTableOptions {
  /** Include BUILTIN_MACROS (default true). Definitions given to the table override them. */
  readonly builtins?: boolean;
  /** Consulted for keys this table does not define (e.g. a fork's macros over upstream's). */
  readonly fallback?: MacroTable;
}

export class MacroTable {
  private readonly byKey = new Map<string, MacroDefinition>();
  private readonly aritiesByName = new Map<string, Set<number>>();
  private readonly builtinByKey = new Map<string, MacroDefinition>();
  private readonly fallback?: MacroTable;
  private readonly missingFilters = new Map<string, MacroDefinition>();
  readonly duplicates: readonly MacroDuplicate[];

  constructor(definitions: Iterable<MacroDefinition>, options: MacroTableOptions = {}) {
    this.fallback = options.fallback;
    const seen = new Map<string, MacroDefinition[]>();
    for (const def of definitions) {
      const key = macroKey(def.name, def.args.length);
      const same = seen.get(key);
      if (same) {
        same.push(def);
        continue;
      }
      seen.set(key, [def]);
      this.byKey.set(key, def);
      this.addArity(def);
    }
    this.duplicates = [...seen].filter(([, defs]) => defs.length > 1).map(([key, defs]) => ({ key, definitions: defs }));
    if (options.builtins ?? true) {
      for (const def of BUILTIN_MACROS) {
        this.builtinByKey.set(macroKey(def.name, def.args.length), def);
        this.addArity(def);
      }
    }
  }

  /** The macro called as `name` with `arity` arguments. */
  get(name: string, arity: number): MacroDefinition | undefined {
    const key = macroKey(name, arity);
    return this.byKey.get(key) ?? this.fallback?.get(name, arity) ?? this.builtinByKey.get(key);
  }

  /** The argument counts `name` is defined with, ascending (empty when the name is unknown). */
  arities(name: string): number[] {
    const own = this.aritiesByName.get(name) ?? [];
    const all = new Set([...own, ...(this.fallback?.arities(name) ?? [])]);
    return [...all].sort((a, b) => a - b);
  }

  /** The `search *` stand-in for a filter macro no file defines (one object per name). */
  missingFilter(name: string): MacroDefinition {
    let def = this.missingFilters.get(name);
    if (!def) this.missingFilters.set(name, (def = missingFilterMacro(name)));
    return def;
  }

  isAppProvided(name: string): boolean {
    return APP_PROVIDED_MACROS.includes(name);
  }

  /** Definitions given to this table (not the fallback's, not the built-in ones), first of each key. */
  definitions(): MacroDefinition[] {
    return [...this.byKey.values()];
  }

  /** Every name a call could use, including the fallback's and the built-in ones. */
  names(): string[] {
    const all = new Set([...this.aritiesByName.keys(), ...(this.fallback?.names() ?? [])]);
    return [...all].sort();
  }

  /** Defined names close to `name` (case-insensitive, small edit distance), best first: the
   * "did you mean" list for an unknown macro. */
  namesLike(name: string, limit = 3): string[] {
    const wanted = name.toLowerCase();
    // One typo in a name of four or more characters, one more per five characters.
    const budget = Math.max(wanted.length > 3 ? 1 : 0, Math.floor(wanted.length / 5));
    const scored: { name: string; distance: number }[] = [];
    for (const candidate of this.names()) {
      if (candidate === name) continue;
      const distance = editDistance(wanted, candidate.toLowerCase(), budget);
      if (distance <= budget) scored.push({ name: candidate, distance });
    }
    scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
    return scored.slice(0, limit).map((s) => s.name);
  }

  private addArity(def: MacroDefinition): void {
    let set = this.aritiesByName.get(def.name);
    if (!set) this.aritiesByName.set(def.name, (set = new Set()));
    set.add(def.args.length);
  }
}

/** Levenshtein distance, giving up (returning budget + 1) once it must exceed `budget`. */
export function editDistance(a: string, b: string, budget = Infinity): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > budget) return budget + 1;
    previous = current;
  }
  return previous[b.length];
}

/** A diagnostic about a file other than the one being checked; `span` is in file offsets. */
export interface FileDiagnostic {
  readonly file: string;
  readonly diagnostic: Diagnostic;
}

/** One `macro-duplicate` warning per definition of a duplicated key, each pointing at the others. */
export function duplicateDiagnostics(duplicates: readonly MacroDuplicate[]): FileDiagnostic[] {
  const where = (def: MacroDefinition): Span => def.nameSpan ?? def.definition.toFileSpan({ start: 0, end: def.definition.text.length });
  return duplicates.flatMap(({ key, definitions }) =>
    definitions.map((def, index) => {
      const used = index === 0 ? 'this one is used' : `the one in ${definitions[0].definition.file} is used`;
      const message = `\`${key}\` is defined ${definitions.length} times; ${used}.`;
      const related = definitions
        .filter((other) => other !== def)
        .map((other) => ({ file: other.definition.file, span: where(other), message: `\`${key}\` is also defined here` }));
      return { file: def.definition.file, diagnostic: diagnostic('macro-duplicate', message, where(def), related) };
    }),
  );
}

/** "1 argument", "1 or 2 arguments", "no arguments". */
export function describeArities(arities: readonly number[]): string {
  if (arities.length === 0) return 'no definition';
  const words = arities.map(String);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  if (list === '0') return 'no arguments';
  return `${list} argument${arities.length === 1 && arities[0] === 1 ? '' : 's'}`;
}
