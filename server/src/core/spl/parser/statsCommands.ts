// Commands built from statistical functions: stats, eventstats, streamstats (StatsCommand),
// chart and timechart (ChartCommand), tstats and mstats (TstatsCommand), top and rare.
import type { IToken } from 'chevrotain';
import type {
  Aggregation, AggregationArgument, ChartCommand, CommandOption, FieldRef, MacroCall, StatsCommand, TopCommand, TstatsCommand,
} from '../ast';
import { isAggregationFunction } from '../catalog';
import { By, Comma, DoubleQuoted, Equals, From, LParen, MacroCallToken, Over, Word } from '../lexer';
import { EvalExpressionParser } from './evalExpression';
import { spanBetween, tokenSpan, type Mutable } from './parserBase';

export abstract class StatsCommandParser extends EvalExpressionParser {
  /** `count`, `dc(x)`: a plain word not followed by `=`. */
  protected startsAggregation(k = 1): boolean {
    return this.isPlainWord(k) && !this.next(Equals, k + 1);
  }

  /** `count`, `count(x)`, `count(eval(x>1))`, `perc95(bytes) as p95`. */
  readonly aggregation = this.RULE('aggregation', (): Aggregation => {
    const fn = this.CONSUME(Word);
    let argument: AggregationArgument | undefined;
    this.OPTION(() => {
      const open = this.CONSUME(LParen);
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            ALT: () => {
              argument = this.SUBRULE(this.evalArgument);
            },
          },
          {
            GATE: () => this.next(Word) || this.next(DoubleQuoted),
            ALT: () => {
              argument = this.SUBRULE(this.fieldRef);
              // Extra arguments (`percentile(x, 95)`) are kept out of the tree.
              this.MANY(() => {
                this.CONSUME(Comma);
                this.SUBRULE(this.value, { ARGS: [true] });
              });
            },
          },
          { ALT: () => undefined },
        ],
      });
      this.SUBRULE(this.closingParen, { ARGS: [open, `'${fn.image}'`] });
    });
    const alias = this.optionalAlias(2, 'a name');
    return this.ACTION((): Aggregation => {
      if (!isAggregationFunction(fn.image)) {
        this.report('spl-unknown-function', `unknown statistical function '${fn.image}'`, tokenSpan(fn));
      }
      return {
        kind: 'aggregation',
        function: fn.image.toLowerCase(),
        functionSpan: tokenSpan(fn),
        ...(argument ? { argument } : {}),
        ...(alias ? { alias } : {}),
        span: spanBetween(fn, this.LA(0)),
      };
    });
  });

  /** One or more aggregations, separated by spaces or commas. A macro call may stand among them
   * (`` tstats count `summariesonly` values(x) ``): it may expand to anything. */
  readonly aggregations = this.RULE('aggregations', (into: Aggregation[], options: (CommandOption | MacroCall)[], command: IToken): void => {
    this.argumentList(0, {
      continues: () => this.startsAggregation() || this.next(MacroCallToken) || (this.next(Comma) && into.length > 0),
      among: { rule: this.macroCall, starts: () => this.next(MacroCallToken), into: options },
      commas: true,
      item: { rule: this.aggregation, into },
    });
    this.ACTION(() => {
      if (into.length === 0) {
        this.report('spl-syntax', `'${command.image}' needs a statistical function such as count or dc(field), found ${this.describeNext()}`, tokenSpan(command));
      }
    });
  });

  /** `by a, b c`; options may stand among the fields (`by _time span=1h host`). */
  readonly byClause = this.RULE('byClause', (fields: FieldRef[], options: (CommandOption | MacroCall)[]): void => {
    const by = this.CONSUME(By);
    this.OR([
      {
        GATE: () => this.startsByItem(),
        ALT: () =>
          this.argumentList(2, {
            continues: () => this.startsByItem(),
            among: { rule: this.optionOrMacro, starts: () => this.startsOptionOrMacro(), into: options },
            commas: true,
            item: { rule: this.fieldRef, into: fields },
          }),
      },
      { ALT: () => this.ACTION(() => this.report('spl-syntax', `expected at least one field after '${by.image}'`, tokenSpan(by))) },
    ]);
  });

  private startsByItem(): boolean {
    return this.isPlainWord() || this.next(DoubleQuoted) || this.next(Comma) || this.next(MacroCallToken);
  }

  /** Options and macro calls before the aggregations (or after the by-fields). */
  private optionsInto(options: (CommandOption | MacroCall)[], index: number): void {
    this.collectWhile(index, () => this.startsOptionOrMacro(), { rule: this.optionOrMacro, into: options });
  }

  readonly statsCommand = this.RULE('statsCommand', (): StatsCommand => {
    const name = this.CONSUME(Word);
    const options: (CommandOption | MacroCall)[] = [];
    const aggregations: Aggregation[] = [];
    const by: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<StatsCommand>({ kind: 'stats', ...this.commandBase(name), options, aggregations, by }));
    this.optionsInto(options, 1);
    this.SUBRULE(this.aggregations, { ARGS: [aggregations, options, name] });
    this.OPTION(() => this.SUBRULE(this.byClause, { ARGS: [by, options] }));
    this.optionsInto(options, 2);
    return command;
  });

  readonly chartCommand = this.RULE('chartCommand', (): ChartCommand => {
    const name = this.CONSUME(Word);
    const options: (CommandOption | MacroCall)[] = [];
    const aggregations: Aggregation[] = [];
    const by: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<ChartCommand>({ kind: 'chart', ...this.commandBase(name), options, aggregations, by }) as Mutable<ChartCommand>);
    this.optionsInto(options, 1);
    this.SUBRULE(this.aggregations, { ARGS: [aggregations, options, name] });
    this.OPTION(() => {
      this.CONSUME(Over);
      const over = this.SUBRULE(this.fieldRef);
      this.ACTION(() => {
        command.over = over;
      });
    });
    this.optionsInto(options, 2);
    this.OPTION2(() => this.SUBRULE(this.byClause, { ARGS: [by, options] }));
    this.optionsInto(options, 3);
    return command;
  });

  /** tstats and mstats: options, aggregations, `from datamodel=...`, `where <search>`, `by`. */
  readonly tstatsCommand = this.RULE('tstatsCommand', (): TstatsCommand => {
    const name = this.CONSUME(Word);
    const options: (CommandOption | MacroCall)[] = [];
    const aggregations: Aggregation[] = [];
    const by: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<TstatsCommand>({ kind: 'tstats', ...this.commandBase(name), options, aggregations, by }) as Mutable<TstatsCommand>);
    this.optionsInto(options, 1);
    this.SUBRULE(this.aggregations, { ARGS: [aggregations, options, name] });
    this.optionsInto(options, 4);
    this.OPTION(() => {
      const from = this.CONSUME(From);
      this.OR([
        {
          GATE: () => this.startsOption(),
          ALT: () => {
            const source = this.SUBRULE(this.commandOption);
            this.ACTION(() => {
              command.from = source;
            });
          },
        },
        {
          GATE: () => this.isPlainWord() || this.next(DoubleQuoted),
          ALT: () => {
            const namespace = this.OR3([{ ALT: () => this.CONSUME2(Word) }, { ALT: () => this.CONSUME(DoubleQuoted) }]);
            this.ACTION(() => {
              command.from = this.valueNode(namespace, namespace);
            });
          },
        },
        { ALT: () => this.ACTION(() => this.report('spl-syntax', `expected 'datamodel=<name>' after '${from.image}'`, tokenSpan(from))) },
      ]);
    });
    this.optionsInto(options, 2);
    this.whereClause(2, true, (expression) => (command.where = expression));
    this.OPTION3(() => this.SUBRULE(this.byClause, { ARGS: [by, options] }));
    this.optionsInto(options, 3);
    return command;
  });

  /** top and rare: `top limit=5 user by dest`, `top 10 user`. */
  readonly topCommand = this.RULE('topCommand', (): TopCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const fields: FieldRef[] = [];
    const by: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<TopCommand>({ kind: 'top', ...this.commandBase(name), options, fields, by }) as Mutable<TopCommand>);
    this.argumentList(0, {
      continues: () => this.startsOption() || this.startsField() || this.next(Comma),
      among: this.optionsAmong(options),
      commas: true,
      item: {
        rule: this.fieldRef,
        into: (field) => {
          // `top 10 user`: a number before any field is the limit.
          if (fields.length === 0 && command.limit === undefined && !field.quoted && /^\d+$/.test(field.name)) command.limit = Number(field.name);
          else fields.push(field);
        },
      },
    });
    const optionsAfterBy: (CommandOption | MacroCall)[] = [];
    this.OPTION(() => this.SUBRULE(this.byClause, { ARGS: [by, optionsAfterBy] }));
    this.ACTION(() => {
      for (const option of optionsAfterBy) if (option.kind === 'option') options.push(option);
    });
    return command;
  });
}
