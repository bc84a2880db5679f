// Commands that keep or drop rows without changing them: search (after the first stage),
// where, regex.
import type { RegexCommand, SearchCommand, WhereCommand } from '../../spl/ast';
import { EvalCompiler } from '../eval/compileEval';
import { EngineError } from '../problems';
import { RegexBudgetError, RegexSyntaxError, splRegex, type CompiledRegex } from '../regex';
import { streamingInstance, type CompiledStage } from '../runtime';
import { compileSearchExpression } from '../search/searchExpression';
import { scalarText, valuesOf } from '../values';
import type { CompileContext } from './context';

export function compileSearchStage(command: SearchCommand, ctx: CompileContext): CompiledStage {
  const predicate = compileSearchExpression(command.expression, { now: ctx.now, warnings: ctx.warnings, stage: ctx.index });
  return {
    command,
    index: ctx.index,
    connect: (next) => streamingInstance(next, (row) => predicate(row) && next.push(row)),
  };
}

export function compileWhere(command: WhereCommand, ctx: CompileContext): CompiledStage {
  const test = new EvalCompiler(ctx).compile(command.expression);
  return {
    command,
    index: ctx.index,
    connect: (next) => streamingInstance(next, (row) => test(row) === true && next.push(row)),
  };
}

/** Compiles a pattern written in a command, reporting problems at the pattern. */
export function commandRegex(pattern: { text: string; span: { start: number; end: number } }): CompiledRegex {
  try {
    return splRegex(pattern.text);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new EngineError('engine-regex', `Invalid regular expression: ${error.message} (at offset ${error.offset} of the pattern)`, pattern.span);
    throw error;
  }
}

/** Runs regex work for a command; a runaway regex stops the search at the command. */
export function regexWork<T>(span: { start: number; end: number }, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RegexBudgetError) throw new EngineError('engine-regex', error.message, span);
    throw error;
  }
}

export function compileRegexCommand(command: RegexCommand, ctx: CompileContext): CompiledStage {
  if (!command.pattern) throw new EngineError('engine-invalid-argument', 'regex needs a pattern: regex field="..."', command.span);
  const re = commandRegex(command.pattern);
  const field = command.field?.name ?? '_raw';
  const keepWhenMatching = !command.negated;
  const span = command.pattern.span;
  return {
    command,
    index: ctx.index,
    connect: (next) =>
      streamingInstance(next, (row) => {
        const values = valuesOf(row[field]);
        const matched = regexWork(span, () => values.some((v) => re.test(scalarText(v))));
        // A row without the field has nothing that matches: kept only by `!=`.
        if (matched === keepWhenMatching) next.push(row);
      }),
  };
}
