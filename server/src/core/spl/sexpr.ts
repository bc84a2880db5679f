// A compact S-expression rendering of trees, for fixture tests and debugging:
// `A=1 AND B=2 OR C=3` renders as `(search (AND (= A 1) (OR (= B 2) (= C 3))))`. A pipeline
// renders one stage per line (`| ` before each stage after a pipe); a subsearch renders inline
// in brackets.
import type {
  Aggregation, AsClause, Command, CommandOption, Conversion, EvalExpression, FieldRef, LookupField, MacroCall, Missing,
  OptionValue, Pipeline, SearchExpression, SortKey, Subsearch, Value,
} from './ast';

function list(head: string, ...items: (string | undefined)[]): string {
  const parts = items.filter((item): item is string => item !== undefined && item !== '');
  return parts.length === 0 ? `(${head})` : `(${head} ${parts.join(' ')})`;
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

function value(v: Value | MacroCall | Missing | Subsearch): string {
  switch (v.kind) {
    case 'value':
      return v.quoted ? quoted(v.text) : v.text;
    case 'macro-call':
      return macro(v);
    case 'missing':
      return '<missing>';
    case 'subsearch':
      return subsearch(v);
  }
}

function field(f: FieldRef | Missing): string {
  if (f.kind === 'missing') return '<missing>';
  return f.quoted ? quoted(f.name) : f.name;
}

function fields(fs: readonly FieldRef[]): string {
  return fs.map(field).join(' ');
}

function macro(m: MacroCall): string {
  if (m.args.length === 0) return `\`${m.name}\``;
  return `\`${m.name}(${m.args.map((a) => (a.name !== undefined ? `${a.name}=${a.value}` : a.value)).join(', ')})\``;
}

function subsearch(s: Subsearch): string {
  const stages = s.pipeline.stages.map(command);
  return `[${s.pipeline.leadingPipe ? '| ' : ''}${stages.join(' | ')}]`;
}

function optionValue(v: OptionValue): string {
  return v.kind === 'parenthesized-search' ? `(${search(v.expression)})` : value(v);
}

function option(o: CommandOption | MacroCall): string {
  return o.kind === 'macro-call' ? macro(o) : `${o.name}=${optionValue(o.value)}`;
}

function options(os: readonly (CommandOption | MacroCall)[]): string {
  return os.map(option).join(' ');
}

function asClause(a: AsClause): string {
  return list('as', field(a.from), field(a.to));
}

export function search(e: SearchExpression): string {
  switch (e.kind) {
    case 'search-and':
      return list('AND', ...e.operands.map(search));
    case 'search-or':
      return list('OR', ...e.operands.map(search));
    case 'search-not':
      return list('NOT', search(e.operand));
    case 'search-comparison':
      return list(e.operator, field(e.field), value(e.value));
    case 'search-in':
      return list('IN', field(e.field), ...e.values.map(value));
    case 'search-term':
      return e.quoted ? quoted(e.text) : e.text;
    case 'search-term-function':
      return list(e.function, e.text);
    case 'macro-call':
      return macro(e);
    case 'subsearch':
      return subsearch(e);
    case 'missing':
      return '<missing>';
  }
}

export function evalExpression(e: EvalExpression): string {
  switch (e.kind) {
    case 'eval-binary':
      return list(e.operator, evalExpression(e.left), evalExpression(e.right));
    case 'eval-unary':
      return list(e.operator === '-' ? 'neg' : 'NOT', evalExpression(e.operand));
    case 'eval-call':
      return list(e.name, ...e.args.map(evalExpression));
    case 'eval-in':
      return list('IN', evalExpression(e.operand), ...e.values.map(evalExpression));
    case 'eval-field':
      return e.quoted ? `'${e.name}'` : e.name;
    case 'eval-string':
      return quoted(e.value);
    case 'eval-number':
      return e.text;
    case 'macro-call':
      return macro(e);
    case 'subsearch':
      return subsearch(e);
    case 'missing':
      return '<missing>';
  }
}

function aggregation(a: Aggregation): string {
  let text = a.function;
  if (a.argument) {
    const arg = a.argument.kind === 'eval-argument' ? list('eval', evalExpression(a.argument.expression)) : a.argument.kind === 'field' ? field(a.argument) : value(a.argument);
    text = list(a.function, arg);
  }
  return a.alias ? list('as', text, field(a.alias)) : text;
}

function by(fs: readonly FieldRef[]): string | undefined {
  return fs.length ? list('by', fields(fs)) : undefined;
}

function sortKey(k: SortKey): string {
  const key = k.function ? list(k.function, field(k.field)) : field(k.field);
  return k.descending ? `-${key}` : key;
}

function lookupField(f: LookupField): string {
  return f.alias ? list('as', field(f.field), field(f.alias)) : field(f.field);
}

function conversion(c: Conversion): string {
  const call = list(c.function, field(c.field));
  return c.alias ? list('as', call, field(c.alias)) : call;
}

function commandBody(c: Command): string {
  switch (c.kind) {
    case 'search':
      return list(c.name, c.expression ? search(c.expression) : undefined);
    case 'where':
      return list(c.name, evalExpression(c.expression));
    case 'eval':
      return list(c.name, ...c.assignments.map((a) => `${field(a.field)}=${evalExpression(a.value)}`));
    case 'stats':
      return list(c.name, options(c.options), ...c.aggregations.map(aggregation), by(c.by));
    case 'chart':
      return list(c.name, options(c.options), ...c.aggregations.map(aggregation), c.over ? list('over', field(c.over)) : undefined, by(c.by));
    case 'tstats':
      return list(
        c.name,
        options(c.options),
        ...c.aggregations.map(aggregation),
        c.from ? list('from', c.from.kind === 'option' ? option(c.from) : value(c.from)) : undefined,
        c.where ? list('where', search(c.where)) : undefined,
        by(c.by),
      );
    case 'table':
      return list(c.name, fields(c.fields));
    case 'fields':
      return list(c.name, c.mode === 'remove' ? '-' : undefined, fields(c.fields));
    case 'rename':
      return list(c.name, ...c.renames.map(asClause));
    case 'dedup':
      return list(c.name, c.count?.toString(), options(c.options), fields(c.fields), c.sortBy.length ? list('sortby', ...c.sortBy.map(sortKey)) : undefined);
    case 'sort':
      return list(c.name, c.limit?.toString(), options(c.options), ...c.keys.map(sortKey), c.reverse ? 'desc' : undefined);
    case 'head':
      return list(c.name, c.limit?.toString(), options(c.options));
    case 'rex':
      return list(c.name, options(c.options), c.pattern ? value(c.pattern) : undefined);
    case 'regex':
      return list(c.name, c.field ? field(c.field) : undefined, c.field ? (c.negated ? '!=' : '=') : undefined, c.pattern ? value(c.pattern) : undefined);
    case 'lookup':
      return list(
        c.name,
        options(c.options),
        c.table ? value(c.table) : undefined,
        ...c.inputs.map(lookupField),
        c.outputMode ? list(c.outputMode, ...c.outputs.map(lookupField)) : undefined,
      );
    case 'inputlookup':
      return list(c.name, options(c.options), c.table ? value(c.table) : undefined, c.where ? list('where', search(c.where)) : undefined);
    case 'join':
      return list(c.name, options(c.options), fields(c.fields), c.subsearch ? subsearch(c.subsearch) : undefined);
    case 'append':
      return list(c.name, options(c.options), c.subsearch ? subsearch(c.subsearch) : undefined);
    case 'bin':
      return list(c.name, c.field ? (c.alias ? list('as', field(c.field), field(c.alias)) : field(c.field)) : undefined, options(c.options));
    case 'fillnull':
    case 'transaction':
      return list(c.name, options(c.options), fields(c.fields));
    case 'mvexpand':
    case 'iplocation':
      return list(c.name, options(c.options), c.field ? field(c.field) : undefined);
    case 'spath':
      return list(c.name, options(c.options), c.path ? value(c.path) : undefined);
    case 'convert':
      return list(c.name, options(c.options), ...c.conversions.map(conversion));
    case 'makeresults':
      return list(c.name, options(c.options));
    case 'top':
      return list(c.name, c.limit?.toString(), options(c.options), fields(c.fields), by(c.by));
    case 'foreach':
      return list(c.name, options(c.options), fields(c.fields), c.template ? subsearch(c.template) : undefined);
    case 'macro':
      return c.arguments.length || c.options.length || c.by.length
        ? list(macro(c.macro), options(c.options), ...c.arguments.map(genericArgument), by(c.by))
        : macro(c.macro);
    case 'generic':
      return list(c.name, options(c.options), ...c.arguments.map(genericArgument), by(c.by));
    case 'error':
      return list('error', quoted(c.text));
  }
}

function genericArgument(a: Value | MacroCall | Subsearch | AsClause): string {
  return a.kind === 'as-clause' ? asClause(a) : value(a);
}

export function command(c: Command): string {
  const body = commandBody(c);
  return c.incomplete ? `${body.slice(0, -1)} !incomplete)` : body;
}

/** The tree as text: one line per stage. */
export function toSExpr(node: Pipeline | Command | SearchExpression | EvalExpression): string {
  if (node.kind === 'pipeline') return node.stages.map((stage, i) => `${i > 0 || node.leadingPipe ? '| ' : ''}${command(stage)}`).join('\n');
  if (node.kind.startsWith('search-')) return search(node as SearchExpression);
  if (node.kind.startsWith('eval-')) return evalExpression(node as EvalExpression);
  if (node.kind === 'macro-call' || node.kind === 'subsearch' || node.kind === 'missing') return value(node as MacroCall | Subsearch | Missing);
  return command(node as Command);
}
