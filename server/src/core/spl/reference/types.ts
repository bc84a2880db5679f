// The shape of the SPL reference: our own short descriptions of Splunk's commands, eval functions
// and statistical functions, for hover, completion and signature help. The data is written by hand
// in the YAML files of this folder and compiled by scripts/generate-reference.ts into
// splReference.generated.json, the one file the server loads.

/** Who provides a command: Splunk itself, the Machine Learning Toolkit, or another app (then the
 * description names the app). */
export type CommandProvider = 'splunk' | 'mltk' | 'app';

/** A `name=value` option of a command, or a bare keyword (`by`, `as`, `OUTPUT`). */
export interface ReferenceItem {
  /** As usually written in a search (`max_match`, `featureIdField`, `OUTPUT`, `by`). */
  readonly name: string;
  /** One line. */
  readonly description: string;
}

export interface CommandReference {
  /** Lowercase. */
  readonly name: string;
  /** Other names of the same command (`bucket` for `bin`), lowercase. */
  readonly aliases: readonly string[];
  /** One line, `<placeholders>` for what the user writes, `[...]` for optional parts. */
  readonly syntax: string;
  /** One line, for completion lists. */
  readonly summary: string;
  /** Two to four sentences: what the command does and the rule that is easy to get wrong. */
  readonly description: string;
  /** A realistic search using the command. */
  readonly example: string;
  /** Can start a search after a leading `|` (agrees with the catalog). */
  readonly generating: boolean;
  /** Turns events into a table of statistics (agrees with the catalog). */
  readonly transforming: boolean;
  readonly provider: CommandProvider;
  /** `name=value` options, for completion inside the command. */
  readonly options: readonly ReferenceItem[];
  /** Bare words with a meaning inside the command (`by`, `as`, `over`, `OUTPUT`). */
  readonly keywords: readonly ReferenceItem[];
}

export interface ParameterReference {
  /** As in the signature. */
  readonly name: string;
  /** One line. */
  readonly description: string;
  /** May be left out. */
  readonly optional: boolean;
  /** May be repeated (`coalesce(value, ...)`). */
  readonly repeatable: boolean;
}

/** An eval function or a statistical (aggregation) function. */
export interface FunctionReference {
  /** Lowercase. For a percentile family, the prefix (`perc` stands for `perc95`, `p99`...). */
  readonly name: string;
  /** Other names of the same function (`dc` for `distinct_count`), lowercase. */
  readonly aliases: readonly string[];
  /** One line with parameter names, for signature help: `if(condition, then_value, else_value)`. */
  readonly signature: string;
  /** One line, for completion lists. */
  readonly summary: string;
  /** Two to four sentences. */
  readonly description: string;
  /** A realistic search calling the function. */
  readonly example: string;
  /** In the order of the signature; each name occurs in the signature. */
  readonly parameters: readonly ParameterReference[];
  /** What the call gives back, one line. */
  readonly returns: string;
}

export interface SplReferenceData {
  readonly commands: readonly CommandReference[];
  readonly evalFunctions: readonly FunctionReference[];
  readonly statsFunctions: readonly FunctionReference[];
}
