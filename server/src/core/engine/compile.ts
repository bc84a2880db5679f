// Compiles an expanded pipeline once: every regex, wildcard, eval expression and option is read
// before any event, so problems are reported at their place and the per-row work is plain
// function calls. A command the engine does not run stops compilation with a located error.
import type { AppendCommand, Command, Pipeline, SearchExpression, StatsCommand, Subsearch, TstatsCommand } from '../spl/ast';
import { compileAppend, compileJoin, compileMakeresults } from './commands/combineCommands';
import type { CompileContext } from './commands/context';
import { compileConvert, compileEvalCommand, compileFields, compileFillnull, compileRename, compileTable } from './commands/fieldCommands';
import { compileRegexCommand, compileSearchStage, compileWhere } from './commands/filters';
import { compileRex, compileSpath } from './commands/extractCommands';
import { compileInputlookupAppend, compileInputlookupSource, compileLookup } from './commands/lookupCommands';
import { Options } from './commands/options';
import { compileBin, compileDedup, compileHead, compileMvexpand, compileSort } from './commands/rowCommands';
import { compileStats, compileTop } from './commands/stats';
import { fieldNeeds, type FieldNeeds } from './fieldsUsed';
import { NO_LOOKUPS, type LookupTables } from './lookups';
import { EngineError, Warnings } from './problems';
import { rowUpdateStage, streamingInstance, type CompiledStage, type GeneratingStage, type Sink, type StageInstance } from './runtime';
import { compileSearchExpression, type RowPredicate } from './search/searchExpression';
import { aggregatorFor, canonicalFunction } from './stats/aggregations';
import type { Row } from './values';

export interface CompileOptions {
  /** Epoch seconds of "now" for relative times and now() (default: the clock). */
  readonly now?: number;
  readonly lookups?: LookupTables;
}

/** The first stage reads events: a search expression (or tstats' where) filters them. */
export interface EventSource {
  readonly kind: 'events';
  readonly command: Command;
  /** The expression the predicate was compiled from (the raw-line prefilter reads it too). */
  readonly expression: SearchExpression | undefined;
  readonly predicate: RowPredicate;
  readonly needs: FieldNeeds;
  /** Events reach the rest of the pipeline newest first (Splunk's order): only when a later
   * stage depends on the order. */
  readonly newestFirst: boolean;
}

export interface CompiledSearch {
  readonly text: string;
  readonly pipeline: Pipeline;
  readonly source: EventSource | ({ readonly kind: 'generate' } & GeneratingStage);
  readonly stages: readonly CompiledStage[];
  readonly subsearches: ReadonlyMap<object, CompiledSearch>;
  readonly warnings: Warnings;
  readonly now: number;
}

const GENERATING_ELSEWHERE = new Set(['from', 'rest', 'datamodel', 'metadata', 'mstats', 'dbinspect', 'eventcount', 'loadjob', 'savedsearch', 'pivot', 'inputcsv', 'search']);

function syntaxProblem(command: Command): EngineError | undefined {
  if (command.kind === 'error') return new EngineError('engine-syntax', `This stage does not start with a command: ${command.text.trim().slice(0, 40)}`, command.span);
  if (command.incomplete) return new EngineError('engine-syntax', `The ${command.name || 'search'} stage did not parse to its end; fix the syntax error first.`, command.span);
  return undefined;
}

function unsupported(command: Command): EngineError {
  const name = command.name || command.kind;
  return new EngineError('engine-unsupported-command', `The command ${name} is not run by the local engine.`, command.nameSpan.end > command.nameSpan.start ? command.nameSpan : command.span);
}

class PipelineCompiler {
  readonly subsearches = new Map<object, CompiledSearch>();

  constructor(
    private readonly text: string,
    private readonly now: number,
    private readonly lookups: LookupTables,
    private readonly warnings: Warnings,
  ) {}

  context(index: number): CompileContext {
    return {
      text: this.text,
      now: this.now,
      warnings: this.warnings,
      lookups: this.lookups,
      index,
      subsearch: (sub: Subsearch) => {
        if (!this.subsearches.has(sub)) this.subsearches.set(sub, this.compile(sub.pipeline));
        return sub;
      },
    };
  }

  compile(pipeline: Pipeline): CompiledSearch {
    const [first, ...rest] = pipeline.stages;
    if (!first) throw new EngineError('engine-syntax', 'The search is empty.', pipeline.span);
    for (const command of pipeline.stages) {
      const problem = syntaxProblem(command);
      if (problem) throw problem;
    }
    const stages: CompiledStage[] = [];
    let source: CompiledSearch['source'];
    const ctx = this.context(0);
    switch (first.kind) {
      case 'search':
        source = {
          kind: 'events',
          command: first,
          expression: first.expression,
          predicate: compileSearchExpression(first.expression, { now: this.now, warnings: this.warnings, stage: 0 }),
          needs: fieldNeeds(pipeline),
          newestFirst: orderMatters(rest),
        };
        break;
      case 'makeresults':
        source = { kind: 'generate', ...compileMakeresults(first, ctx) };
        break;
      case 'inputlookup':
        source = { kind: 'generate', ...compileInputlookupSource(first, ctx) };
        break;
      case 'tstats': {
        const emulated = this.tstats(first, pipeline);
        source = emulated.source;
        stages.push(...emulated.stages);
        break;
      }
      default:
        if (pipeline.leadingPipe && !GENERATING_ELSEWHERE.has(first.name)) {
          throw new EngineError('engine-syntax', `A search that starts with "|" must start with a generating command (makeresults, inputlookup, tstats); ${first.name} is not one.`, first.nameSpan);
        }
        throw unsupported(first);
    }
    rest.forEach((command, i) => stages.push(this.command(command, this.context(i + 1))));
    return { text: this.text, pipeline, source, stages, subsearches: this.subsearches, warnings: this.warnings, now: this.now };
  }

  /** tstats emulated as a search over raw events followed by stats: the events must already carry
   * the data model's field names (`Processes.process_name`). */
  private tstats(command: TstatsCommand, pipeline: Pipeline): { source: EventSource; stages: CompiledStage[] } {
    if (command.name !== 'tstats') throw unsupported(command);
    const options = new Options(command, command.options, ['summariesonly', 'allow_old_summaries', 'fillnull_value', 'prestats', 'local', 'chunk_size', 'span']);
    if (options.bool('prestats', false)) throw new EngineError('engine-unsupported', 'tstats prestats=t is not supported by the local engine.', options.span('prestats'));
    const fill = options.text('fillnull_value');
    this.warnings.add('tstats is emulated over the raw events: their fields must already use the data model names (Processes.process_name, ...).', command.nameSpan, 0);
    const by = command.by.map((f) => f.name);
    const stats: StatsCommand = { kind: 'stats', name: 'stats', nameSpan: command.nameSpan, span: command.span, options: [], aggregations: command.aggregations, by: command.by };
    const stages: CompiledStage[] = [];
    if (fill !== undefined) {
      stages.push(
        rowUpdateStage(command, 0, (row) => {
          for (const f of by) if (!(f in row)) row[f] = fill;
        }),
      );
    }
    // `by _time span=1h`: the events' times are bucketed before they are grouped.
    const span = options.option('span');
    if (span) {
      const timeField = command.by.find((f) => f.name === '_time') ?? { kind: 'field' as const, name: '_time', quoted: false, wildcard: false, span: span.span };
      stages.push(compileBin({ kind: 'bin', name: 'bin', nameSpan: span.nameSpan, span: span.span, options: [span], field: timeField }, this.context(0)));
    }
    stages.push(compileStats(stats, this.context(0)));
    const needs = fieldNeeds({ ...pipeline, stages: [{ kind: 'search', name: 'search', implicit: true, nameSpan: command.nameSpan, span: command.span, expression: command.where }, stats, ...pipeline.stages.slice(1)] });
    return {
      source: { kind: 'events', command, expression: command.where, predicate: compileSearchExpression(command.where, { now: this.now, warnings: this.warnings, stage: 0 }), needs, newestFirst: false },
      stages,
    };
  }

  private command(command: Command, ctx: CompileContext): CompiledStage {
    switch (command.kind) {
      case 'search': return compileSearchStage(command, ctx);
      case 'where': return compileWhere(command, ctx);
      case 'eval':
        if (command.name === 'fieldformat') {
          this.warnings.add('fieldformat only changes how Splunk displays a field; the local results show the values unformatted.', command.nameSpan, ctx.index);
          return { command, index: ctx.index, connect: (next) => streamingInstance(next, (row) => next.push(row)) };
        }
        return compileEvalCommand(command, ctx);
      case 'stats':
        if (command.name === 'sistats') throw unsupported(command);
        return compileStats(command, ctx);
      case 'table': return compileTable(command, ctx);
      case 'fields': return compileFields(command, ctx);
      case 'rename': return compileRename(command, ctx);
      case 'dedup': return compileDedup(command, ctx);
      case 'sort': return compileSort(command, ctx);
      case 'head': return compileHead(command, ctx);
      case 'rex': return compileRex(command, ctx);
      case 'regex': return compileRegexCommand(command, ctx);
      case 'lookup': return compileLookup(command, ctx);
      case 'inputlookup': return compileInputlookupAppend(command, ctx);
      case 'join': return compileJoin(command, ctx);
      case 'append': return compileAppend(command, ctx, (c) => this.subpipeline(c));
      case 'bin': return compileBin(command, ctx);
      case 'fillnull': return compileFillnull(command, ctx);
      case 'mvexpand': return compileMvexpand(command, ctx);
      case 'spath': return compileSpath(command, ctx);
      case 'convert': return compileConvert(command, ctx);
      case 'top': return compileTop(command, ctx);
      case 'macro':
        throw new EngineError('engine-unexpanded-macro', `The macro \`${command.macro.name}\` was not expanded (no definition with ${command.macro.args.length} argument${command.macro.args.length === 1 ? '' : 's'}); the search cannot run.`, command.macro.span);
      case 'generic':
        if (command.name === 'reverse' && command.arguments.length === 0 && command.options.length === 0) return reverseStage(command, ctx.index);
        throw unsupported(command);
      default:
        throw unsupported(command);
    }
  }

  /** The stages of appendpipe's bracket, run over the current rows. */
  private subpipeline(command: AppendCommand): CompiledStage[] {
    const stages = command.subsearch!.pipeline.stages;
    for (const c of stages) {
      const problem = syntaxProblem(c);
      if (problem) throw problem;
    }
    return stages.map((c, i) => this.command(c, this.context(i)));
  }
}

function reverseStage(command: Command, index: number): CompiledStage {
  return {
    command,
    index,
    connect(next: Sink): StageInstance {
      const rows: Row[] = [];
      return {
        push: (row) => void rows.push(row),
        end() {
          for (let i = rows.length - 1; i >= 0; i--) next.push(rows[i]);
          next.end();
        },
        columns: (input) => input,
      };
    },
  };
}

// Commands that pass rows on one by one in the order they came, whatever that order is.
const ORDER_NEUTRAL = new Set(['search', 'where', 'eval', 'rex', 'regex', 'rename', 'fields', 'lookup', 'spath', 'bin', 'convert', 'mvexpand']);

/** Whether the order events arrive in can change the results: when the first stage that cares
 * about order (or throws it away) is one that cares. */
function orderMatters(stages: readonly Command[]): boolean {
  for (const command of stages) {
    if (command.kind === 'fillnull' && command.fields.length > 0) continue;
    if (command.kind === 'table') continue;
    if (ORDER_NEUTRAL.has(command.kind) && !(command.kind === 'eval' && command.name !== 'eval')) continue;
    if (command.kind === 'stats' && command.name === 'stats') {
      return command.aggregations.some((a) => {
        const known = aggregatorFor(a.function, a.argument !== undefined);
        return known?.orderSensitive ?? canonicalFunction(a.function).fn === 'list';
      });
    }
    if (command.kind === 'top' || command.kind === 'chart') return false;
    return true;
  }
  // The output itself is in event order.
  return true;
}

export function compilePipeline(pipeline: Pipeline, text: string, options: CompileOptions = {}): CompiledSearch {
  const now = options.now ?? Date.now() / 1000;
  return new PipelineCompiler(text, now, options.lookups ?? NO_LOOKUPS, new Warnings()).compile(pipeline);
}
