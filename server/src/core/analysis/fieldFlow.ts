// Which fields exist after each stage of a pipeline. Used to check that risk and threat fields
// and message tokens really reach the output (contentctl only looks for them as substrings of
// the search text), and later for completion and hover ("which stage produces or drops it").
//
// A field set is either closed (exactly these fields: after stats, table, ...) or open (these
// fields are known to exist and others may: raw events have whatever their source gives).
import type { Aggregation, Command, CommandOption, FieldRef, MacroCall, Pipeline } from '../spl/ast';
import { lookupCommand } from '../spl/catalog';

export interface FieldSet {
  /** Known field names, in the order they appear (the column order for closed sets). */
  readonly names: readonly string[];
  /** Other fields may exist too. */
  readonly open: boolean;
}

export interface StageFields {
  readonly command: Command;
  readonly input: FieldSet;
  readonly output: FieldSet;
  /** Fields this stage creates or overwrites. */
  readonly produced: readonly string[];
  /** Fields present before this stage and absent after it (only meaningful for closed output). */
  readonly dropped: readonly string[];
}

export interface FieldFlow {
  readonly stages: readonly StageFields[];
  readonly output: FieldSet;
}

export const OPEN_EVENTS: FieldSet = { names: ['_time', '_raw', 'host', 'source', 'sourcetype', 'index'], open: true };

/** Does `set` hold (or may it hold) `field`? `no` only for closed sets without it. */
export function hasField(set: FieldSet, field: string): 'yes' | 'maybe' | 'no' {
  if (set.names.includes(field)) return 'yes';
  return set.open ? 'maybe' : 'no';
}

function unique(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '(.*)');
  return new RegExp(`^${escaped}$`);
}

function matching(names: readonly string[], ref: FieldRef): string[] {
  if (!ref.wildcard) return names.includes(ref.name) ? [ref.name] : [];
  const re = wildcardRegExp(ref.name);
  return names.filter((n) => re.test(n));
}

/** The column name stats gives an aggregation: its alias, else `fn(arg)` as written. */
export function aggregationOutputName(aggregation: Aggregation, text: string): string {
  if (aggregation.alias) return aggregation.alias.name;
  if (!aggregation.argument) return aggregation.function;
  const argument = aggregation.argument;
  const written =
    argument.kind === 'field' ? argument.name : argument.kind === 'value' ? argument.text : text.slice(argument.span.start, argument.span.end);
  return `${aggregation.function}(${written})`;
}

/** Named groups of a regular expression: `(?<name>...)` and `(?P<name>...)`. */
export function namedGroups(pattern: string): string[] {
  return unique([...pattern.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]));
}

function optionValue(command: { readonly options: readonly (CommandOption | MacroCall)[] }, name: string): string | undefined {
  for (const option of command.options) {
    if (option.kind === 'option' && option.name.toLowerCase() === name && option.value.kind === 'value') return option.value.text;
  }
  return undefined;
}

// Commands that keep every field as it is (they filter, reorder or annotate rows).
const PASSTHROUGH = new Set([
  'search', 'where', 'regex', 'dedup', 'sort', 'head', 'tail', 'reverse', 'uniq', 'collect',
  'outputlookup', 'outputcsv', 'sendemail', 'fieldformat', 'localize', 'highlight', 'abstract',
  'typer', 'makemv', 'nomv', 'mvcombine', 'format', 'return', 'noop', 'sendalert', 'tscollect',
]);

interface StageResult {
  readonly output: FieldSet;
  readonly produced: readonly string[];
}

function adding(input: FieldSet, produced: readonly string[]): StageResult {
  return { output: { names: unique([...input.names, ...produced]), open: input.open }, produced };
}

function closed(names: readonly string[]): StageResult {
  const u = unique(names);
  // `values(*) as *` and the like name fields only known at run time.
  const wildcard = u.some((n) => n.includes('*'));
  const known = wildcard ? u.filter((n) => !n.includes('*')) : u;
  return { output: { names: known, open: wildcard }, produced: known };
}

function statsLike(by: readonly FieldRef[], aggregations: readonly Aggregation[], text: string): string[] {
  return [...by.map((f) => f.name), ...aggregations.map((a) => aggregationOutputName(a, text))];
}

function flowOf(command: Command, input: FieldSet, text: string, subsearch: (p: Pipeline) => FieldSet): StageResult {
  switch (command.kind) {
    case 'search':
    case 'where':
    case 'regex':
    case 'dedup':
    case 'sort':
    case 'head':
      return { output: input, produced: [] };
    case 'eval':
      return adding(input, command.assignments.map((a) => a.field.name));
    case 'stats': {
      const names = statsLike(command.by, command.aggregations, text);
      // eventstats and streamstats add their aggregates to every row instead of collapsing.
      if (command.name === 'eventstats' || command.name === 'streamstats') {
        return adding(input, command.aggregations.map((a) => aggregationOutputName(a, text)));
      }
      return closed(names);
    }
    case 'tstats': {
      if ((optionValue(command, 'prestats') ?? '').toLowerCase().startsWith('t')) return { output: { names: [], open: true }, produced: [] };
      return closed(statsLike(command.by, command.aggregations, text));
    }
    case 'chart':
      // Columns depend on the data (one per value of the split-by field).
      return {
        output: { names: unique([...(command.name === 'timechart' ? ['_time'] : []), ...(command.over ? [command.over.name] : [])]), open: true },
        produced: [],
      };
    case 'top': {
      const countField = optionValue(command, 'countfield') ?? 'count';
      const percentField = optionValue(command, 'percentfield') ?? 'percent';
      return closed([...command.by.map((f) => f.name), ...command.fields.map((f) => f.name), countField, percentField]);
    }
    case 'table': {
      const names: string[] = [];
      let open = false;
      for (const ref of command.fields) {
        if (ref.wildcard) {
          names.push(...matching(input.names, ref));
          if (input.open) open = true;
        } else names.push(ref.name);
      }
      return { output: { names: unique(names), open }, produced: [] };
    }
    case 'fields': {
      if (command.mode === 'remove') {
        const removed = new Set(command.fields.flatMap((ref) => matching(input.names, ref)));
        return { output: { names: input.names.filter((n) => !removed.has(n)), open: input.open }, produced: [] };
      }
      const kept = new Set<string>(['_time', '_raw'].filter((n) => input.names.includes(n)));
      let open = false;
      for (const ref of command.fields) {
        if (ref.wildcard) {
          for (const n of matching(input.names, ref)) kept.add(n);
          if (input.open) open = true;
        } else kept.add(ref.name);
      }
      return { output: { names: [...kept], open }, produced: [] };
    }
    case 'rename': {
      let names = [...input.names];
      const produced: string[] = [];
      let open = input.open;
      for (const clause of command.renames) {
        if (clause.to.kind !== 'field') continue;
        const from = clause.from;
        const to = clause.to.name;
        if (!from.wildcard) {
          names = names.filter((n) => n !== from.name && n !== to);
          names.push(to);
          produced.push(to);
          continue;
        }
        const re = wildcardRegExp(from.name);
        const renamed: string[] = [];
        names = names.filter((n) => {
          const m = re.exec(n);
          if (!m) return true;
          let i = 1;
          renamed.push(to.replace(/\*/g, () => m[i++] ?? ''));
          return false;
        });
        names = unique([...names.filter((n) => !renamed.includes(n)), ...renamed]);
        produced.push(...renamed);
        // Unknown fields of an open set may match the pattern too; they stay unknown.
        open = open || input.open;
      }
      return { output: { names, open }, produced: unique(produced) };
    }
    case 'rex': {
      if ((optionValue(command, 'mode') ?? '').toLowerCase() === 'sed') return { output: input, produced: [] };
      return adding(input, command.pattern ? namedGroups(command.pattern.text) : []);
    }
    case 'lookup': {
      if (command.outputs.length === 0) return { output: { names: input.names, open: true }, produced: [] };
      return adding(input, command.outputs.map((o) => (o.alias ?? o.field).name));
    }
    case 'inputlookup':
      return { output: { names: [], open: true }, produced: [] };
    case 'makeresults':
      return closed(['_time']);
    case 'bin':
    case 'mvexpand':
      return command.kind === 'bin' && command.alias ? adding(input, [command.alias.name]) : { output: input, produced: [] };
    case 'fillnull':
      return adding(input, command.fields.map((f) => f.name));
    case 'convert':
      return adding(input, command.conversions.map((c) => (c.alias ?? (c.field.kind === 'field' ? c.field : undefined))?.name).filter((n): n is string => !!n));
    case 'spath': {
      const output = optionValue(command, 'output');
      return output ? adding(input, [output]) : { output: { names: input.names, open: true }, produced: [] };
    }
    case 'iplocation': {
      const prefix = optionValue(command, 'prefix') ?? '';
      return adding(input, ['City', 'Country', 'Region', 'lat', 'lon'].map((n) => prefix + n));
    }
    case 'transaction':
      return adding(input, ['duration', 'eventcount', 'closed_txn', 'field_match_sum', 'linecount']);
    case 'join':
    case 'append': {
      const other = command.subsearch ? subsearch(command.subsearch.pipeline) : { names: [], open: true };
      return { output: { names: unique([...input.names, ...other.names]), open: input.open || other.open }, produced: other.names };
    }
    case 'foreach':
    case 'macro':
    case 'error':
      return { output: { names: input.names, open: true }, produced: [] };
    case 'generic': {
      if (PASSTHROUGH.has(command.name)) return { output: input, produced: [] };
      if (command.name === 'addinfo') return adding(input, ['info_min_time', 'info_max_time', 'info_search_time', 'info_sid']);
      const info = lookupCommand(command.name);
      // A transforming command we have no rule for: we cannot tell what it outputs.
      return { output: { names: info?.transforming ? [] : input.names, open: true }, produced: [] };
    }
  }
}

/** Follows fields through `pipeline` (parsed from `text`), starting from `initial`. */
export function fieldFlow(pipeline: Pipeline, text: string, initial: FieldSet = OPEN_EVENTS): FieldFlow {
  const stages: StageFields[] = [];
  let current = initial;
  const subsearch = (p: Pipeline): FieldSet => fieldFlow(p, text, OPEN_EVENTS).output;
  for (const command of pipeline.stages) {
    const { output, produced } = flowOf(command, current, text, subsearch);
    const after = new Set(output.names);
    const dropped = output.open ? [] : current.names.filter((n) => !after.has(n));
    stages.push({ command, input: current, output, produced, dropped });
    current = output;
  }
  return { stages, output: current };
}
