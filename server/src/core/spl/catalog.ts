// What the project knows about Splunk's commands, eval functions and statistical functions.
// Data, not code: adding a command or a function is adding a line here. The parser uses it to
// pick the lexing mode of a stage, to check that a leading `|` starts a generating command, and
// to warn about names it does not know (never an error: Splunk apps add commands).

/** How the arguments of a command are lexed: `search` words (`*\\cmd.exe`, `-70m@m` are one
 * word), `eval` expressions (`a-b` is a subtraction), or `stats` (search words, with `eval(...)`
 * arguments lexed as eval expressions). */
export type ArgumentMode = 'search' | 'stats' | 'eval';

/** What a bracket after the command holds: a subsearch (starts with `search` or a generating
 * command), or a subpipeline run on the current results (starts with any command: `foreach`
 * templates, `appendpipe`). */
export type BracketKind = 'subsearch' | 'subpipeline';

export interface CommandInfo {
  readonly name: string;
  /** Can start a search after a leading `|` (makes events or rows from nothing). */
  readonly generating: boolean;
  /** Turns events into a table of statistics (rows no longer have `_raw`). */
  readonly transforming: boolean;
  readonly mode: ArgumentMode;
  readonly brackets: BracketKind;
}

interface CommandFlags {
  generating?: boolean;
  transforming?: boolean;
  mode?: ArgumentMode;
  brackets?: BracketKind;
}

const GENERATING: CommandFlags = { generating: true };
const TRANSFORMING: CommandFlags = { transforming: true };
const STATS: CommandFlags = { transforming: true, mode: 'stats' };

/** Splunk's built-in commands (Search Reference), plus the Machine Learning Toolkit's, which
 * security_content relies on. Anything else is reported as unknown, as a warning. */
const COMMANDS: Readonly<Record<string, CommandFlags>> = {
  // Generating commands.
  tstats: { generating: true, transforming: true },
  mstats: { generating: true, transforming: true },
  inputlookup: GENERATING,
  inputcsv: GENERATING,
  makeresults: GENERATING,
  from: GENERATING,
  rest: GENERATING,
  datamodel: GENERATING,
  metadata: GENERATING,
  metasearch: GENERATING,
  eventcount: GENERATING,
  dbinspect: GENERATING,
  loadjob: GENERATING,
  savedsearch: GENERATING,
  multisearch: GENERATING,
  pivot: GENERATING,
  gentimes: GENERATING,
  set: GENERATING,
  union: GENERATING,
  search: GENERATING,
  mcatalog: GENERATING,
  mpreview: GENERATING,
  msearch: GENERATING,
  walklex: GENERATING,
  typeahead: GENERATING,
  history: GENERATING,
  crawl: GENERATING,
  inputintelligence: GENERATING,
  audit: GENERATING,
  // Transforming commands.
  stats: STATS,
  chart: STATS,
  timechart: STATS,
  sistats: STATS,
  sichart: STATS,
  sitimechart: STATS,
  geostats: STATS,
  top: TRANSFORMING,
  rare: TRANSFORMING,
  sitop: TRANSFORMING,
  sirare: TRANSFORMING,
  contingency: TRANSFORMING,
  xyseries: TRANSFORMING,
  transpose: TRANSFORMING,
  table: TRANSFORMING,
  timewrap: TRANSFORMING,
  gauge: TRANSFORMING,
  associate: TRANSFORMING,
  correlate: TRANSFORMING,
  // Streaming and other commands.
  eventstats: { mode: 'stats' },
  streamstats: { mode: 'stats' },
  eval: { mode: 'eval' },
  where: { mode: 'eval' },
  fieldformat: { mode: 'eval' },
  foreach: { brackets: 'subpipeline' },
  appendpipe: { brackets: 'subpipeline' },
  abstract: {},
  accum: {},
  addcoltotals: {},
  addinfo: {},
  addtotals: {},
  analyzefields: {},
  anomalies: {},
  anomalousvalue: {},
  anomalydetection: {},
  append: {},
  appendcols: {},
  arules: {},
  autoregress: {},
  bin: {},
  bucket: {},
  bucketdir: {},
  cluster: {},
  cofilter: {},
  collect: {},
  concurrency: {},
  convert: {},
  copyresults: {},
  dedup: {},
  delete: {},
  delta: {},
  diff: {},
  erex: {},
  expand: {},
  extract: {},
  kv: {},
  fieldsummary: {},
  fields: {},
  filldown: {},
  fillnull: {},
  findtypes: {},
  flatten: {},
  folderize: {},
  format: {},
  fromjson: {},
  head: {},
  highlight: {},
  iconify: {},
  iplocation: {},
  join: {},
  kmeans: {},
  kvform: {},
  localize: {},
  localop: {},
  lookup: {},
  makemv: {},
  map: {},
  mcollect: {},
  meventcollect: {},
  mvcombine: {},
  mvexpand: {},
  nomv: {},
  outlier: {},
  outputcsv: {},
  outputlookup: {},
  outputtext: {},
  overlap: {},
  predict: {},
  rangemap: {},
  redistribute: {},
  regex: {},
  reltime: {},
  rename: {},
  replace: {},
  require: {},
  return: {},
  reverse: {},
  rex: {},
  rtorder: {},
  run: {},
  script: {},
  scrub: {},
  searchtxn: GENERATING,
  selfjoin: {},
  sendalert: {},
  sendemail: {},
  setfields: {},
  sort: {},
  spath: {},
  strcat: {},
  tags: {},
  tail: {},
  tojson: {},
  trendline: {},
  transaction: {},
  tscollect: {},
  typelearner: {},
  typer: {},
  uniq: {},
  untable: {},
  x11: {},
  xmlkv: {},
  xmlunescape: {},
  xpath: {},
  multikv: {},
  makecontinuous: {},
  noop: {},
  dump: {},
  geom: {},
  geomfilter: {},
  // Machine Learning Toolkit (security_content's anomaly detections use it).
  fit: {},
  apply: {},
  summary: GENERATING,
  score: {},
  listmodels: GENERATING,
  deletemodel: GENERATING,
  sample: {},
};

function commandInfo(name: string, flags: CommandFlags): CommandInfo {
  return {
    name,
    generating: flags.generating ?? false,
    transforming: flags.transforming ?? false,
    mode: flags.mode ?? 'search',
    brackets: flags.brackets ?? 'subsearch',
  };
}

const COMMAND_INFO: ReadonlyMap<string, CommandInfo> = new Map(
  Object.entries(COMMANDS).map(([name, flags]) => [name, commandInfo(name, flags)]),
);

/** The command named `name` (case-insensitive), or undefined when the project does not know it. */
export function lookupCommand(name: string): CommandInfo | undefined {
  return COMMAND_INFO.get(name.toLowerCase());
}

export function knownCommandNames(): readonly string[] {
  return [...COMMAND_INFO.keys()];
}

/** Eval functions (Search Reference, "Evaluation functions"). */
const EVAL_FUNCTIONS: readonly string[] = [
  // Comparison and conditional.
  'case', 'cidrmatch', 'coalesce', 'false', 'if', 'in', 'like', 'lookup', 'match', 'null', 'nullif',
  'searchmatch', 'true', 'validate',
  // Conversion.
  'ipmask', 'printf', 'tonumber', 'tostring',
  // Cryptographic.
  'md5', 'sha1', 'sha256', 'sha512',
  // Date and time.
  'now', 'relative_time', 'strftime', 'strptime', 'time',
  // Informational.
  'isarray', 'isbool', 'isdouble', 'isint', 'isnotnull', 'isnull', 'isnum', 'isobject', 'isstr', 'typeof',
  // JSON.
  'json_object', 'json_append', 'json_array', 'json_array_to_mv', 'json_extend', 'json_extract',
  'json_extract_exact', 'json_keys', 'json_set', 'json_set_exact', 'json_valid', 'json_delete',
  'json_entries', 'json_has_key_exact', 'json',
  // Mathematical.
  'abs', 'ceiling', 'ceil', 'exact', 'exp', 'floor', 'ln', 'log', 'pi', 'pow', 'round', 'sigfig', 'sqrt',
  // Multivalue.
  'commands', 'mvappend', 'mvcount', 'mvdedup', 'mvfilter', 'mvfind', 'mvindex', 'mvjoin', 'mvmap',
  'mvrange', 'mvsort', 'mvzip', 'mv_to_json_array', 'split',
  // Statistical.
  'avg', 'max', 'min', 'random',
  // Text.
  'len', 'lower', 'ltrim', 'replace', 'rtrim', 'spath', 'substr', 'trim', 'upper', 'urldecode',
  // Trigonometry and hyperbolic.
  'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cos', 'cosh', 'hypot', 'sin', 'sinh', 'tan', 'tanh',
  // Bitwise.
  'bit_and', 'bit_or', 'bit_not', 'bit_xor', 'bit_shift_left', 'bit_shift_right',
];

const EVAL_FUNCTION_SET: ReadonlySet<string> = new Set(EVAL_FUNCTIONS);

export function isEvalFunction(name: string): boolean {
  return EVAL_FUNCTION_SET.has(name.toLowerCase());
}

export function knownEvalFunctions(): readonly string[] {
  return EVAL_FUNCTIONS;
}

/** Statistical (aggregation) functions of stats, chart, timechart, eventstats, streamstats,
 * tstats and mstats. Aliases: c = count, dc = distinct_count, avg = mean. */
const AGGREGATION_FUNCTIONS: readonly string[] = [
  'avg', 'mean', 'c', 'count', 'dc', 'distinct_count', 'estdc', 'estdc_error', 'max', 'median', 'min', 'mode',
  'range', 'stdev', 'stdevp', 'sum', 'sumsq', 'var', 'varp', 'first', 'last', 'list', 'values',
  'earliest', 'earliest_time', 'latest', 'latest_time', 'rate', 'rate_avg', 'rate_sum',
  'per_day', 'per_hour', 'per_minute', 'per_second', 'sparkline',
];

const AGGREGATION_SET: ReadonlySet<string> = new Set(AGGREGATION_FUNCTIONS);

/** perc95, p99, exactperc99.9, upperperc90: percentiles with the number in the name. */
const PERCENTILE_NAME = /^(?:perc|p|exactperc|upperperc)\d+(?:\.\d+)?$/;

export function isAggregationFunction(name: string): boolean {
  const lower = name.toLowerCase();
  return AGGREGATION_SET.has(lower) || PERCENTILE_NAME.test(lower);
}

export function knownAggregationFunctions(): readonly string[] {
  return AGGREGATION_FUNCTIONS;
}

/** The known name closest to `name` (edit distance at most 2), for "did you mean" hints. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - lower.length) >= bestDistance) continue;
    const d = editDistance(lower, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}
