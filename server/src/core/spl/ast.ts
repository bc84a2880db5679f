// The SPL syntax tree. Plain readonly data: every node has a `kind` and a `span` (offsets into
// the text given to parseSpl). Nothing here is expanded or evaluated: macro calls are nodes,
// subsearches are nested pipelines. Trees from broken input stay usable: a missing piece is a
// `Missing` node, a command that did not parse to the end is marked `incomplete`.
import type { Span } from '../text/lineIndex';

// ---------------------------------------------------------------------------------------------
// Pipeline, subsearch, macro call

export interface Pipeline {
  readonly kind: 'pipeline';
  readonly stages: readonly Command[];
  /** The text starts with `|`, so the first stage must be a generating command. */
  readonly leadingPipe: boolean;
  readonly span: Span;
}

/** `[ ... ]`: a nested pipeline (a subsearch, or the template of `foreach` / `appendpipe`). */
export interface Subsearch {
  readonly kind: 'subsearch';
  readonly pipeline: Pipeline;
  /** Includes the brackets. */
  readonly span: Span;
}

/** `` `name` `` or `` `name(a, b="x", c=(y))` ``. Arguments are kept as written (trimmed): the
 * macro expander unwraps quotes. */
export interface MacroCall {
  readonly kind: 'macro-call';
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly MacroArgument[];
  /** Includes the backticks. */
  readonly span: Span;
}

export interface MacroArgument {
  /** Set for a named argument `name=value`. */
  readonly name?: string;
  readonly value: string;
  /** The whole argument, name included, without surrounding spaces. */
  readonly span: Span;
}

/** A piece the user has not written yet (`eval x=`, `a OR`); always zero-length. */
export interface Missing {
  readonly kind: 'missing';
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Words shared by commands

/** A word or a double-quoted string used as a value. */
export interface Value {
  readonly kind: 'value';
  /** Unquoted and unescaped (`\\` and `\"`; any other `\c` is kept as written). */
  readonly text: string;
  readonly quoted: boolean;
  /** Contains `*` (a wildcard in search, rename, table, fields). */
  readonly wildcard: boolean;
  readonly span: Span;
}

/** A field name as written in a command (`Processes.dest`, `"Search Name"`, `tcp.*`). */
export interface FieldRef {
  readonly kind: 'field';
  readonly name: string;
  readonly quoted: boolean;
  readonly wildcard: boolean;
  readonly span: Span;
}

/** `name=value` before or among a command's arguments (`max_match=0`, `span=1h`). */
export interface CommandOption {
  readonly kind: 'option';
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: OptionValue;
  readonly span: Span;
}

/** `startswith=(EventCode=4698)`: a parenthesised search expression as an option value. */
export interface ParenthesizedSearch {
  readonly kind: 'parenthesized-search';
  readonly expression: SearchExpression;
  readonly span: Span;
}

export type OptionValue = Value | MacroCall | Subsearch | ParenthesizedSearch | Missing;

/** `x as y` (rename, lookup mappings, generic commands). */
export interface AsClause {
  readonly kind: 'as-clause';
  readonly from: FieldRef;
  readonly to: FieldRef | Missing;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Search expressions (search, tstats/mstats where, inputlookup where). Precedence: parentheses,
// NOT, OR, then AND (explicit or by juxtaposition): OR binds tighter than AND.

export type SearchExpression =
  | SearchAnd
  | SearchOr
  | SearchNot
  | SearchComparison
  | SearchIn
  | SearchTerm
  | SearchTermFunction
  | MacroCall
  | Subsearch
  | Missing;

export interface SearchAnd {
  readonly kind: 'search-and';
  readonly operands: readonly SearchExpression[];
  readonly span: Span;
}

export interface SearchOr {
  readonly kind: 'search-or';
  readonly operands: readonly SearchExpression[];
  readonly span: Span;
}

export interface SearchNot {
  readonly kind: 'search-not';
  readonly operand: SearchExpression;
  readonly span: Span;
}

export type ComparisonOperator = '=' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/** `field=value`, `field!=value`, `count>5`. */
export interface SearchComparison {
  readonly kind: 'search-comparison';
  readonly field: FieldRef;
  readonly operator: ComparisonOperator;
  readonly operatorSpan: Span;
  readonly value: Value | MacroCall | Subsearch | Missing;
  readonly span: Span;
}

/** `field IN (a, "b c", d*)`. */
export interface SearchIn {
  readonly kind: 'search-in';
  readonly field: FieldRef;
  readonly values: readonly (Value | MacroCall)[];
  readonly span: Span;
}

/** A bare word or phrase matched against the raw event. */
export interface SearchTerm {
  readonly kind: 'search-term';
  readonly text: string;
  readonly quoted: boolean;
  readonly wildcard: boolean;
  readonly span: Span;
}

/** `TERM(x)` (match x as one indexed term) or `CASE(x)` (case-sensitive). */
export interface SearchTermFunction {
  readonly kind: 'search-term-function';
  readonly function: 'TERM' | 'CASE';
  /** The text between the parentheses, as written. */
  readonly text: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Eval expressions (eval, where, fieldformat, stats `eval(...)`). Precedence, loosest first:
// XOR, OR, AND, NOT, comparisons (= == != < > <= >= LIKE IN), + - ., * / %, unary minus.

export type EvalExpression =
  | EvalBinary
  | EvalUnary
  | EvalCall
  | EvalIn
  | EvalField
  | EvalString
  | EvalNumber
  | MacroCall
  | Subsearch
  | Missing;

export type EvalBinaryOperator =
  | '+' | '-' | '*' | '/' | '%' | '.'
  | '=' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE'
  | 'AND' | 'OR' | 'XOR';

export interface EvalBinary {
  readonly kind: 'eval-binary';
  readonly operator: EvalBinaryOperator;
  readonly operatorSpan: Span;
  readonly left: EvalExpression;
  readonly right: EvalExpression;
  readonly span: Span;
}

export interface EvalUnary {
  /** `NOT x` and `!x` are both 'NOT'; `-x` is '-'. */
  readonly kind: 'eval-unary';
  readonly operator: 'NOT' | '-';
  readonly operatorSpan: Span;
  readonly operand: EvalExpression;
  readonly span: Span;
}

export interface EvalCall {
  readonly kind: 'eval-call';
  /** Lowercased (eval function names are case-insensitive). */
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly EvalExpression[];
  readonly span: Span;
}

/** `x IN ("a", "b")` (the operator form; `in(x, "a")` is an EvalCall). */
export interface EvalIn {
  readonly kind: 'eval-in';
  readonly operand: EvalExpression;
  readonly values: readonly EvalExpression[];
  readonly span: Span;
}

/** A field reference: `count`, `Processes.dest`, `'quoted name'`, `<<FIELD>>`. */
export interface EvalField {
  readonly kind: 'eval-field';
  readonly name: string;
  readonly quoted: boolean;
  readonly span: Span;
}

export interface EvalString {
  readonly kind: 'eval-string';
  /** Unescaped (`\\`, `\"`). */
  readonly value: string;
  readonly span: Span;
}

export interface EvalNumber {
  readonly kind: 'eval-number';
  readonly value: number;
  readonly text: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Commands

interface CommandBase {
  /** Lowercased command name (for a macro stage, the macro's name). */
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  /** The stage did not parse to its end; the tree holds what came before the error. */
  readonly incomplete?: true;
}

export type Command =
  | SearchCommand
  | WhereCommand
  | EvalCommand
  | StatsCommand
  | ChartCommand
  | TstatsCommand
  | TableCommand
  | FieldsCommand
  | RenameCommand
  | DedupCommand
  | SortCommand
  | HeadCommand
  | RexCommand
  | RegexCommand
  | LookupCommand
  | InputlookupCommand
  | JoinCommand
  | AppendCommand
  | BinCommand
  | FillnullCommand
  | MvexpandCommand
  | SpathCommand
  | ConvertCommand
  | MakeresultsCommand
  | TopCommand
  | IplocationCommand
  | ForeachCommand
  | TransactionCommand
  | MacroCommand
  | GenericCommand
  | ErrorCommand;

/** `search ...`, or the implicit search of a first stage. */
export interface SearchCommand extends CommandBase {
  readonly kind: 'search';
  /** No `search` word was written (the first stage of a search). Then `nameSpan` is empty. */
  readonly implicit: boolean;
  /** Undefined when the search is empty (`search` alone matches everything). */
  readonly expression?: SearchExpression;
}

export interface WhereCommand extends CommandBase {
  readonly kind: 'where';
  readonly expression: EvalExpression;
}

/** `eval` and `fieldformat`: assignments evaluated left to right. */
export interface EvalCommand extends CommandBase {
  readonly kind: 'eval';
  readonly assignments: readonly EvalAssignment[];
}

export interface EvalAssignment {
  readonly kind: 'eval-assignment';
  readonly field: FieldRef;
  readonly value: EvalExpression;
  readonly span: Span;
}

/** `count`, `dc(user)`, `count(eval(x>1)) as hits`, `perc95(bytes)`. */
export interface Aggregation {
  readonly kind: 'aggregation';
  /** Lowercased, as written (`c` stays `c`). */
  readonly function: string;
  readonly functionSpan: Span;
  /** Undefined for a bare `count`. */
  readonly argument?: AggregationArgument;
  readonly alias?: FieldRef;
  readonly span: Span;
}

export type AggregationArgument = FieldRef | EvalArgument | Value;

/** `eval(expr)` as the argument of an aggregation. */
export interface EvalArgument {
  readonly kind: 'eval-argument';
  readonly expression: EvalExpression;
  readonly span: Span;
}

/** stats, eventstats, streamstats, sistats. */
export interface StatsCommand extends CommandBase {
  readonly kind: 'stats';
  /** Options and macro calls written among the options (`allnum=t`, `window=5`). */
  readonly options: readonly (CommandOption | MacroCall)[];
  readonly aggregations: readonly Aggregation[];
  readonly by: readonly FieldRef[];
}

/** chart, timechart, sichart, sitimechart, geostats: stats with `over` and options among the
 * by-fields (`span=1h`, `limit=0`). */
export interface ChartCommand extends CommandBase {
  readonly kind: 'chart';
  readonly options: readonly (CommandOption | MacroCall)[];
  readonly aggregations: readonly Aggregation[];
  readonly over?: FieldRef;
  readonly by: readonly FieldRef[];
}

/** tstats and mstats. */
export interface TstatsCommand extends CommandBase {
  readonly kind: 'tstats';
  /** `summariesonly=t`, `` `security_content_summariesonly` ``, `prestats=t`, and options after
   * the by-fields (`span=1h`). */
  readonly options: readonly (CommandOption | MacroCall)[];
  readonly aggregations: readonly Aggregation[];
  /** After FROM: `datamodel=Endpoint.Processes` (an option) or a tscollect namespace (a value). */
  readonly from?: CommandOption | Value;
  readonly where?: SearchExpression;
  readonly by: readonly FieldRef[];
}

export interface TableCommand extends CommandBase {
  readonly kind: 'table';
  readonly fields: readonly FieldRef[];
}

export interface FieldsCommand extends CommandBase {
  readonly kind: 'fields';
  /** `fields - x` removes, `fields x` / `fields + x` keeps. */
  readonly mode: 'keep' | 'remove';
  readonly fields: readonly FieldRef[];
}

export interface RenameCommand extends CommandBase {
  readonly kind: 'rename';
  readonly renames: readonly AsClause[];
}

export interface DedupCommand extends CommandBase {
  readonly kind: 'dedup';
  /** `dedup 3 x`: keep the first 3 of each key. */
  readonly count?: number;
  readonly options: readonly CommandOption[];
  readonly fields: readonly FieldRef[];
  readonly sortBy: readonly SortKey[];
}

export interface SortKey {
  readonly kind: 'sort-key';
  readonly field: FieldRef;
  readonly descending: boolean;
  /** `num(x)`, `str(x)`, `ip(x)`, `auto(x)`. */
  readonly function?: string;
  readonly span: Span;
}

export interface SortCommand extends CommandBase {
  readonly kind: 'sort';
  /** `sort 0 x` (no limit) or `sort 100 x`. */
  readonly limit?: number;
  readonly options: readonly CommandOption[];
  readonly keys: readonly SortKey[];
  /** A trailing `desc` / `d` reverses the whole order. */
  readonly reverse: boolean;
}

/** head and tail. */
export interface HeadCommand extends CommandBase {
  readonly kind: 'head';
  readonly limit?: number;
  readonly options: readonly CommandOption[];
}

export interface RexCommand extends CommandBase {
  readonly kind: 'rex';
  readonly options: readonly CommandOption[];
  /** The regular expression (or the sed script with `mode=sed`). */
  readonly pattern?: Value;
}

/** `regex f="..."` keeps matching rows, `regex f!="..."` drops them; `regex "..."` uses _raw. */
export interface RegexCommand extends CommandBase {
  readonly kind: 'regex';
  readonly field?: FieldRef;
  readonly negated: boolean;
  readonly pattern?: Value;
}

/** `name` or `name as alias` in a lookup's input or output list. */
export interface LookupField {
  readonly kind: 'lookup-field';
  readonly field: FieldRef;
  readonly alias?: FieldRef;
  readonly span: Span;
}

export interface LookupCommand extends CommandBase {
  readonly kind: 'lookup';
  readonly options: readonly CommandOption[];
  readonly table?: Value;
  readonly inputs: readonly LookupField[];
  readonly outputMode?: 'OUTPUT' | 'OUTPUTNEW';
  readonly outputs: readonly LookupField[];
}

export interface InputlookupCommand extends CommandBase {
  readonly kind: 'inputlookup';
  readonly options: readonly CommandOption[];
  readonly table?: Value;
  readonly where?: SearchExpression;
}

export interface JoinCommand extends CommandBase {
  readonly kind: 'join';
  readonly options: readonly CommandOption[];
  readonly fields: readonly FieldRef[];
  readonly subsearch?: Subsearch;
}

/** append, appendcols, appendpipe. */
export interface AppendCommand extends CommandBase {
  readonly kind: 'append';
  readonly options: readonly CommandOption[];
  readonly subsearch?: Subsearch;
}

/** bin and bucket. */
export interface BinCommand extends CommandBase {
  readonly kind: 'bin';
  readonly options: readonly CommandOption[];
  readonly field?: FieldRef;
  readonly alias?: FieldRef;
}

export interface FillnullCommand extends CommandBase {
  readonly kind: 'fillnull';
  readonly options: readonly CommandOption[];
  /** Empty: every field of the current rows. */
  readonly fields: readonly FieldRef[];
}

export interface MvexpandCommand extends CommandBase {
  readonly kind: 'mvexpand';
  readonly options: readonly CommandOption[];
  readonly field?: FieldRef;
}

export interface SpathCommand extends CommandBase {
  readonly kind: 'spath';
  readonly options: readonly CommandOption[];
  /** `spath requestParameters.policyArn`: the path written without `path=`. */
  readonly path?: Value;
}

/** `ctime(firstTime)` or `ctime(firstTime) as first` in convert. */
export interface Conversion {
  readonly kind: 'conversion';
  readonly function: string;
  readonly functionSpan: Span;
  readonly field: FieldRef | Missing;
  readonly alias?: FieldRef;
  readonly span: Span;
}

export interface ConvertCommand extends CommandBase {
  readonly kind: 'convert';
  readonly options: readonly CommandOption[];
  readonly conversions: readonly Conversion[];
}

export interface MakeresultsCommand extends CommandBase {
  readonly kind: 'makeresults';
  readonly options: readonly CommandOption[];
}

/** top and rare. */
export interface TopCommand extends CommandBase {
  readonly kind: 'top';
  readonly limit?: number;
  readonly options: readonly CommandOption[];
  readonly fields: readonly FieldRef[];
  readonly by: readonly FieldRef[];
}

export interface IplocationCommand extends CommandBase {
  readonly kind: 'iplocation';
  readonly options: readonly CommandOption[];
  readonly field?: FieldRef;
}

export interface ForeachCommand extends CommandBase {
  readonly kind: 'foreach';
  readonly options: readonly CommandOption[];
  readonly fields: readonly FieldRef[];
  /** The subpipeline run for each field, with `<<FIELD>>` / `<<MATCHSTR>>` placeholders. */
  readonly template?: Subsearch;
}

export interface TransactionCommand extends CommandBase {
  readonly kind: 'transaction';
  readonly options: readonly CommandOption[];
  readonly fields: readonly FieldRef[];
}

/** A stage that is a macro call: `` | `security_content_ctime(firstTime)` ``. Anything written
 * after the call in the same stage is kept as in a generic command. */
export interface MacroCommand extends CommandBase {
  readonly kind: 'macro';
  readonly macro: MacroCall;
  readonly options: readonly CommandOption[];
  readonly arguments: readonly GenericArgument[];
  readonly by: readonly FieldRef[];
}

export type GenericArgument = Value | MacroCall | Subsearch | AsClause;

/** Any command without a dedicated rule (and unknown commands). */
export interface GenericCommand extends CommandBase {
  readonly kind: 'generic';
  readonly options: readonly CommandOption[];
  /** Positional arguments in order: words, strings, `f(x)` calls and `(...)` groups as written,
   * `x as y`, macro calls, subsearches. */
  readonly arguments: readonly GenericArgument[];
  readonly by: readonly FieldRef[];
}

/** A stage that does not start with a command name (`| = x`, `| "quoted"`). */
export interface ErrorCommand extends CommandBase {
  readonly kind: 'error';
  /** The stage as written. */
  readonly text: string;
}

export type SplNode =
  | Pipeline
  | Command
  | SearchExpression
  | EvalExpression
  | Value
  | FieldRef
  | CommandOption
  | ParenthesizedSearch
  | AsClause
  | EvalAssignment
  | Aggregation
  | EvalArgument
  | SortKey
  | LookupField
  | Conversion;
