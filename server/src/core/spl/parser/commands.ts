// The commands with a dedicated rule (apart from the statistical ones), the generic rule every
// other command uses, and the stage rules for a search and a macro call standing as a stage.
import { tokenMatcher, type IToken } from 'chevrotain';
import type {
  AppendCommand, AsClause, BinCommand, CommandOption, Conversion, ConvertCommand, DedupCommand, EvalAssignment, EvalCommand,
  EvalExpression, FieldRef, FieldsCommand, FillnullCommand, ForeachCommand, GenericArgument, GenericCommand, HeadCommand,
  InputlookupCommand, IplocationCommand, JoinCommand, LookupCommand, LookupField, MacroCommand, MakeresultsCommand, Missing,
  MvexpandCommand, RegexCommand, RenameCommand, RexCommand, SearchCommand, SortCommand, SortKey, SpathCommand, TableCommand,
  TransactionCommand, Value, WhereCommand,
} from '../ast';
import {
  AnyToken, As, By, Comma, ComparisonOp, DoubleQuoted, Equals, Identifier, LParen, NotEquals, Output, OutputNew, RParen,
  SingleQuoted, SubsearchToken, Word,
} from '../lexer';
import { isGlued, spanBetween, tokenSpan, unescapeQuoted, type Mutable } from './parserBase';
import { StatsCommandParser } from './statsCommands';

const SORT_FUNCTIONS = new Set(['auto', 'str', 'ip', 'num']);

export abstract class CommandParser extends StatsCommandParser {
  // --- Pieces shared by several commands ----------------------------------------------------

  /** Fields separated by spaces or commas, with options among them when `options` is given. */
  readonly fieldsAndOptions = this.RULE('fieldsAndOptions', (fields: FieldRef[], options: CommandOption[] | undefined): void => {
    this.argumentList(0, {
      // Without options, `a = b` is a field and then an unexpected '=' (not "no field").
      continues: () =>
        options === undefined ? this.isPlainWord() || this.next(DoubleQuoted) || this.next(Comma) : this.startsOption() || this.startsField() || this.next(Comma),
      among: { rule: this.commandOption, starts: () => options !== undefined && this.startsOption(), into: (option) => options?.push(option) },
      commas: true,
      item: { rule: this.fieldRef, into: fields },
    });
  });

  /** Options only. */
  readonly optionsOnly = this.RULE('optionsOnly', (options: CommandOption[]): void => {
    this.collectWhile(0, () => this.startsOption(), { rule: this.commandOption, into: options });
  });

  /** `( ... )` kept as written, nested parentheses included. */
  readonly balancedGroup = this.RULE('balancedGroup', (): { first: IToken; last: IToken } => {
    const open = this.CONSUME(LParen);
    let last = this.skipToClosingParen(0) ?? open;
    this.OR([
      {
        ALT: () => {
          last = this.CONSUME(RParen);
        },
      },
      { ALT: () => this.ACTION(() => this.report('spl-unbalanced-bracket', "missing closing parenthesis for this '('", tokenSpan(open))) },
    ]);
    return { first: open, last };
  });

  /** A positional argument of a generic command: glued tokens and `( ... )` groups, as written
   * (`ctime(firstTime)`, `-f`, `"a"`). */
  readonly rawArgument = this.RULE('rawArgument', (): Value => {
    let first: IToken | undefined;
    let last: IToken | undefined;
    const atom = (index: number): void => {
      this.or(index, {
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            ALT: () => {
              const group = this.subrule(index, this.balancedGroup);
              first ??= group.first;
              last = group.last;
            },
          },
          {
            ALT: () => {
              const t = this.consume(index, AnyToken);
              this.ACTION(() => {
                if (tokenMatcher(t, RParen)) this.report('spl-unbalanced-bracket', "unmatched ')': there is no '(' before it", tokenSpan(t));
              });
              first ??= t;
              last = t;
            },
          },
        ],
      });
    };
    atom(1);
    this.MANY({
      GATE: () => last !== undefined && isGlued(last, this.LA(1)) && !this.next(Comma) && !this.next(SubsearchToken),
      DEF: () => atom(2),
    });
    return this.ACTION(() => this.valueNode(first as IToken, last as IToken));
  });

  /** `x as y`. */
  readonly asClause = this.RULE('asClause', (what: string): AsClause => {
    const from = this.SUBRULE(this.fieldRef);
    const to = this.OR([
      {
        ALT: (): FieldRef | Missing => {
          const as = this.CONSUME(As);
          return this.OR2([
            { GATE: () => this.next(Word) || this.next(DoubleQuoted), ALT: (): FieldRef | Missing => this.SUBRULE2(this.fieldRef) },
            { ALT: (): FieldRef | Missing => this.ACTION(() => this.missing(`expected the new name after '${as.image}'`, tokenSpan(as))) },
          ]);
        },
      },
      { ALT: (): FieldRef | Missing => this.ACTION(() => this.missing(`expected 'as' after '${from.name}' in ${what}`, from.span)) },
    ]);
    return this.ACTION(() => ({ kind: 'as-clause', from, to, span: spanBetween(from, to.kind === 'missing' ? from : to) }));
  });

  // --- Stage rules ---------------------------------------------------------------------------

  /** The first stage of a search, without the word `search`. */
  readonly implicitSearch = this.RULE('implicitSearch', (): SearchCommand => {
    const command = this.ACTION(() => {
      const at = this.LA(1).startOffset;
      const span = { start: at, end: at };
      return this.begin<SearchCommand>({ kind: 'search', name: 'search', nameSpan: span, span, implicit: true }) as Mutable<SearchCommand>;
    });
    this.searchStageExpression(command);
    return command;
  });

  readonly searchCommand = this.RULE('searchCommand', (): SearchCommand => {
    const name = this.CONSUME(Word);
    const command = this.ACTION(() => this.begin<SearchCommand>({ kind: 'search', ...this.commandBase(name), implicit: false }) as Mutable<SearchCommand>);
    this.searchStageExpression(command);
    return command;
  });

  /** The expression of a search stage, when it has one. */
  private searchStageExpression(command: Mutable<SearchCommand>): void {
    this.OPTION({
      GATE: () => this.startsSearchExpression(false),
      DEF: () => {
        const expression = this.SUBRULE(this.searchExpression, { ARGS: [false] });
        this.ACTION(() => {
          command.expression = expression;
        });
      },
    });
  }

  /** A macro call standing as a stage: `` | `security_content_ctime(firstTime)` ``. */
  readonly macroStage = this.RULE('macroStage', (): MacroCommand => {
    const macro = this.SUBRULE(this.macroCall);
    const command = this.ACTION(() =>
      this.begin<MacroCommand>({ kind: 'macro', name: macro.name, nameSpan: macro.nameSpan, span: macro.span, macro, options: [], arguments: [], by: [] }),
    );
    this.MANY(() => this.SUBRULE(this.genericArgument, { ARGS: [command] }));
    return command;
  });

  readonly genericCommand = this.RULE('genericCommand', (): GenericCommand => {
    const name = this.CONSUME(Word);
    const command = this.ACTION(() => this.begin<GenericCommand>({ kind: 'generic', ...this.commandBase(name), options: [], arguments: [], by: [] }));
    this.MANY(() => this.SUBRULE(this.genericArgument, { ARGS: [command] }));
    return command;
  });

  /** One argument of a command without a dedicated rule. */
  readonly genericArgument = this.RULE('genericArgument', (into: GenericCommand | MacroCommand): void => {
    const options = into?.options as CommandOption[];
    const args = into?.arguments as GenericArgument[];
    const by = into?.by as FieldRef[];
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        this.amongAlternative(0, this.optionsAmong(options)),
        {
          ALT: () => {
            this.CONSUME(By);
            this.argumentList(2, { continues: () => this.startsField() || this.next(Comma), commas: true, item: { rule: this.fieldRef, into: by } });
          },
        },
        { GATE: () => this.startsField() && this.next(As, 2), ALT: () => this.collect(0, { rule: this.asClause, args: ['this command'], into: args }) },
        { ALT: () => this.collect(0, { rule: this.subsearch, into: args }) },
        { GATE: () => !isGlued(this.LA(1), this.LA(2)), ALT: () => this.collect(0, { rule: this.macroCall, into: args }) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.collect(0, { rule: this.rawArgument, into: args }) },
      ],
    });
  });

  // --- eval, where, fieldformat -----------------------------------------------------------

  private startsAssignment(): boolean {
    return this.next(Identifier) || this.next(SingleQuoted) || this.next(DoubleQuoted);
  }

  readonly evalAssignment = this.RULE('evalAssignment', (): EvalAssignment => {
    const target = this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(SingleQuoted) },
      { ALT: () => this.CONSUME(DoubleQuoted) },
    ]);
    // Splunk takes the name literally up to the `=`: `eval cpu:mem = ...`, `eval a-b=1`.
    let last = target;
    this.MANY({
      GATE: () => isGlued(last, this.LA(1)) && !this.next(Equals) && !this.next(ComparisonOp) && !this.next(Comma),
      DEF: () => {
        last = this.CONSUME(AnyToken);
      },
    });
    const field = this.ACTION((): FieldRef => {
      if (last !== target) {
        const span = spanBetween(target, last);
        const name = this.sourceText(span);
        return { kind: 'field', name, quoted: false, wildcard: name.includes('*'), span };
      }
      const quoted = target.tokenType !== Identifier;
      const name = target.tokenType === DoubleQuoted ? unescapeQuoted(target.image) : quoted ? this.singleQuotedName(target) : target.image;
      return { kind: 'field', name, quoted, wildcard: name.includes('*'), span: tokenSpan(target) };
    });
    const value = this.OR2([
      {
        ALT: (): EvalExpression => {
          const equals = this.CONSUME(Equals);
          return this.OR3([
            { GATE: () => this.startsEvalOperand(), ALT: () => this.SUBRULE(this.evalExpression) },
            {
              ALT: () => this.ACTION(() => this.missing(`expected an expression after '=' in '${field.name}='`, spanBetween(field, equals))),
            },
          ]);
        },
      },
      { ALT: (): EvalExpression => this.ACTION(() => this.missing(`expected '=' after '${field.name}' in eval`, field.span)) },
    ]);
    return this.ACTION(() => ({ kind: 'eval-assignment', field, value, span: spanBetween(field, value.kind === 'missing' ? this.LA(0) : value) }));
  });

  /** eval and fieldformat. */
  readonly evalCommand = this.RULE('evalCommand', (): EvalCommand => {
    const name = this.CONSUME(Word);
    const assignments: EvalAssignment[] = [];
    const command = this.ACTION(() => this.begin<EvalCommand>({ kind: 'eval', ...this.commandBase(name), assignments }));
    this.OR([
      {
        GATE: () => this.startsAssignment(),
        ALT: () => {
          const first = this.SUBRULE(this.evalAssignment);
          this.ACTION(() => assignments.push(first));
          this.MANY(() => {
            const comma = this.CONSUME(Comma);
            this.OR2([
              {
                GATE: () => this.startsAssignment(),
                ALT: () => {
                  const next = this.SUBRULE2(this.evalAssignment);
                  this.ACTION(() => assignments.push(next));
                },
              },
              { ALT: () => this.ACTION(() => this.report('spl-syntax', "expected another assignment 'field=expression' after ','", tokenSpan(comma))) },
            ]);
          });
        },
      },
      {
        ALT: () =>
          this.ACTION(() => this.report('spl-syntax', `'${name.image}' needs an assignment such as ${name.image} x=1, found ${this.describeNext()}`, tokenSpan(name))),
      },
    ]);
    return command;
  });

  readonly whereCommand = this.RULE('whereCommand', (): WhereCommand => {
    const name = this.CONSUME(Word);
    const command = this.ACTION(() => {
      const span = tokenSpan(name);
      const placeholder: Missing = { kind: 'missing', span: { start: span.end, end: span.end } };
      return this.begin<WhereCommand>({ kind: 'where', ...this.commandBase(name), expression: placeholder }) as Mutable<WhereCommand>;
    });
    this.OR([
      {
        GATE: () => this.startsEvalOperand(),
        ALT: () => {
          const expression = this.SUBRULE(this.evalExpression);
          this.ACTION(() => {
            command.expression = expression;
          });
        },
      },
      {
        ALT: () => this.ACTION(() => this.report('spl-syntax', `'where' needs a condition such as where count > 5, found ${this.describeNext()}`, tokenSpan(name))),
      },
    ]);
    return command;
  });

  // --- Field lists: table, fields, rename -------------------------------------------------

  /** `'table' needs at least one field` (table, fields, sort, dedup). */
  private reportIfNoField(fields: readonly unknown[], command: string, name: IToken): void {
    if (fields.length === 0) this.report('spl-syntax', `'${command}' needs at least one field, found ${this.describeNext()}`, tokenSpan(name));
  }

  readonly tableCommand = this.RULE('tableCommand', (): TableCommand => {
    const name = this.CONSUME(Word);
    const fields: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<TableCommand>({ kind: 'table', ...this.commandBase(name), fields }));
    this.SUBRULE(this.fieldsAndOptions, { ARGS: [fields, undefined] });
    this.ACTION(() => this.reportIfNoField(fields, 'table', name));
    return command;
  });

  readonly fieldsCommand = this.RULE('fieldsCommand', (): FieldsCommand => {
    const name = this.CONSUME(Word);
    const fields: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<FieldsCommand>({ kind: 'fields', ...this.commandBase(name), mode: 'keep', fields }) as Mutable<FieldsCommand>);
    this.OPTION({
      GATE: () => this.wordIs(1, '-', '+'),
      DEF: () => {
        const sign = this.CONSUME2(Word);
        this.ACTION(() => {
          command.mode = sign.image === '-' ? 'remove' : 'keep';
        });
      },
    });
    this.SUBRULE(this.fieldsAndOptions, { ARGS: [fields, undefined] });
    this.ACTION(() => this.reportIfNoField(fields, 'fields', name));
    return command;
  });

  readonly renameCommand = this.RULE('renameCommand', (): RenameCommand => {
    const name = this.CONSUME(Word);
    const renames: AsClause[] = [];
    const command = this.ACTION(() => this.begin<RenameCommand>({ kind: 'rename', ...this.commandBase(name), renames }));
    this.OR([
      {
        GATE: () => this.startsField(),
        ALT: () =>
          this.argumentList(2, { continues: () => this.startsField() || this.next(Comma), commas: true, item: { rule: this.asClause, args: ['rename'], into: renames } }),
      },
      { ALT: () => this.ACTION(() => this.report('spl-syntax', `'rename' needs 'old as new', found ${this.describeNext()}`, tokenSpan(name))) },
    ]);
    return command;
  });

  // --- dedup, sort, head ----------------------------------------------------------------------

  /** `-count`, `- count`, `num(bytes)`, `"Search Name"`. */
  readonly sortKey = this.RULE('sortKey', (): SortKey => {
    const sign = this.OPTION({ GATE: () => this.wordIs(1, '-', '+'), DEF: () => this.CONSUME(Word) });
    let fn: IToken | undefined;
    const field = this.OR([
      {
        GATE: () => this.isPlainWord() && this.next(LParen, 2) && SORT_FUNCTIONS.has(this.LA(1).image.toLowerCase()),
        ALT: () => {
          fn = this.CONSUME2(Word);
          const open = this.CONSUME(LParen);
          const inner = this.SUBRULE(this.fieldRef);
          this.SUBRULE(this.closingParen, { ARGS: [open, `'${fn.image}'`] });
          return inner;
        },
      },
      { ALT: () => this.SUBRULE2(this.fieldRef) },
    ]);
    return this.ACTION((): SortKey => {
      let key = field;
      let descending = sign?.image === '-';
      if (!sign && !fn && !field.quoted && /^[-+]./.test(field.name)) {
        descending = field.name.startsWith('-');
        const name = field.name.slice(1);
        key = { ...field, name, wildcard: name.includes('*'), span: { start: field.span.start + 1, end: field.span.end } };
      }
      // `+str(s)` and `-num(n)` lex as one word (parentheses glued to a word belong to it).
      let functionName = fn?.image.toLowerCase();
      const glued = !fn && !key.quoted ? /^([A-Za-z]+)\((.+)\)$/.exec(key.name) : null;
      if (glued && SORT_FUNCTIONS.has(glued[1].toLowerCase())) {
        functionName = glued[1].toLowerCase();
        const start = key.span.start + glued[1].length + 1;
        key = { ...key, name: glued[2], wildcard: glued[2].includes('*'), span: { start, end: start + glued[2].length } };
      }
      return {
        kind: 'sort-key',
        field: key,
        descending,
        ...(functionName ? { function: functionName } : {}),
        span: spanBetween(sign ?? fn ?? field, this.LA(0)),
      };
    });
  });

  /** A number before the other arguments: `sort 10 x`, `dedup 2 x`. */
  private leadingNumber(index: number, set: (n: number) => void): void {
    this.option(index, {
      GATE: () => this.isNumberWord() && !this.next(Equals, 2),
      DEF: () => {
        const t = this.consume(index, Word);
        this.ACTION(() => set(Number(t.image)));
      },
    });
  }

  private startsSortKey(): boolean {
    return this.isPlainWord() || this.next(DoubleQuoted);
  }

  readonly sortCommand = this.RULE('sortCommand', (): SortCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const keys: SortKey[] = [];
    const command = this.ACTION(() => this.begin<SortCommand>({ kind: 'sort', ...this.commandBase(name), options, keys, reverse: false }) as Mutable<SortCommand>);
    this.leadingNumber(1, (limit) => (command.limit = limit));
    this.argumentList(0, {
      continues: () => this.startsOption() || this.startsSortKey() || this.next(Comma),
      among: this.optionsAmong(options),
      commas: true,
      item: { rule: this.sortKey, into: keys },
    });
    this.ACTION(() => {
      // A trailing `d` / `desc` reverses the whole order.
      const last = keys[keys.length - 1];
      if (keys.length > 1 && last && !last.descending && !last.function && !last.field.quoted && ['d', 'desc'].includes(last.field.name.toLowerCase())) {
        keys.pop();
        command.reverse = true;
      }
      this.reportIfNoField(keys, 'sort', name);
    });
    return command;
  });

  readonly dedupCommand = this.RULE('dedupCommand', (): DedupCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const fields: FieldRef[] = [];
    const sortBy: SortKey[] = [];
    const command = this.ACTION(() => this.begin<DedupCommand>({ kind: 'dedup', ...this.commandBase(name), options, fields, sortBy }) as Mutable<DedupCommand>);
    this.leadingNumber(1, (count) => (command.count = count));
    this.argumentList(0, {
      continues: () => (this.startsOption() || this.startsField() || this.next(Comma)) && !this.wordIs(1, 'sortby'),
      among: this.optionsAmong(options),
      commas: true,
      item: { rule: this.fieldRef, into: fields },
    });
    this.OPTION2({
      GATE: () => this.wordIs(1, 'sortby'),
      DEF: () => {
        this.CONSUME3(Word);
        this.argumentList(2, { continues: () => this.startsSortKey() || this.next(Comma), commas: true, item: { rule: this.sortKey, into: sortBy } });
      },
    });
    this.ACTION(() => this.reportIfNoField(fields, 'dedup', name));
    return command;
  });

  /** head and tail: `head 10`, `head limit=10`, `head (x > 5)`. */
  readonly headCommand = this.RULE('headCommand', (): HeadCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<HeadCommand>({ kind: 'head', ...this.commandBase(name), options }) as Mutable<HeadCommand>);
    this.MANY({
      GATE: () => this.startsOption() || this.isNumberWord() || this.next(LParen),
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.amongAlternative(0, this.optionsAmong(options)),
            {
              ALT: () => {
                const limit = this.CONSUME2(Word);
                this.ACTION(() => {
                  command.limit = Number(limit.image);
                });
              },
            },
            // An eval condition (`head (x > 5)`): lexed as search words, so kept out of the tree.
            { ALT: () => this.SUBRULE(this.balancedGroup) },
          ],
        });
      },
    });
    return command;
  });

  // --- rex, regex -----------------------------------------------------------------------------

  readonly rexCommand = this.RULE('rexCommand', (): RexCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<RexCommand>({ kind: 'rex', ...this.commandBase(name), options }) as Mutable<RexCommand>);
    this.MANY({
      GATE: () => this.startsOption() || this.next(DoubleQuoted),
      DEF: () => {
        this.OR([
          this.amongAlternative(0, this.optionsAmong(options)),
          {
            ALT: () => {
              const pattern = this.CONSUME(DoubleQuoted);
              this.ACTION(() => {
                command.pattern = this.valueNode(pattern, pattern);
              });
            },
          },
        ]);
      },
    });
    this.ACTION(() => {
      if (!command.pattern) this.report('spl-syntax', `'rex' needs a regular expression in double quotes, found ${this.describeNext()}`, tokenSpan(name));
    });
    return command;
  });

  readonly regexCommand = this.RULE('regexCommand', (): RegexCommand => {
    const name = this.CONSUME(Word);
    const command = this.ACTION(() => this.begin<RegexCommand>({ kind: 'regex', ...this.commandBase(name), negated: false }) as Mutable<RegexCommand>);
    this.OR([
      {
        GATE: () => (this.next(Word) || this.next(DoubleQuoted)) && (this.next(Equals, 2) || this.next(NotEquals, 2)),
        ALT: () => {
          const field = this.SUBRULE(this.fieldRef);
          const op = this.OR2([{ ALT: () => this.CONSUME(Equals) }, { ALT: () => this.CONSUME(NotEquals) }]);
          this.ACTION(() => {
            command.field = field;
            command.negated = op.image === '!=';
          });
          this.OR3([
            {
              GATE: () => this.startsValue(),
              ALT: () => {
                const pattern = this.SUBRULE(this.value, { ARGS: [false] });
                this.ACTION(() => {
                  if (pattern.kind === 'value') command.pattern = pattern;
                });
              },
            },
            { ALT: () => this.ACTION(() => this.report('spl-syntax', `expected a regular expression after '${field.name}${op.image}'`, spanBetween(field, op))) },
          ]);
        },
      },
      {
        GATE: () => this.startsValue(),
        ALT: () => {
          const pattern = this.SUBRULE2(this.value, { ARGS: [false] });
          this.ACTION(() => {
            if (pattern.kind === 'value') command.pattern = pattern;
          });
        },
      },
      { ALT: () => this.ACTION(() => this.report('spl-syntax', `'regex' needs a regular expression, e.g. regex field="^a.*"`, tokenSpan(name))) },
    ]);
    return command;
  });

  // --- lookup, inputlookup ------------------------------------------------------------------

  readonly lookupField = this.RULE('lookupField', (): LookupField => {
    const field = this.SUBRULE(this.fieldRef);
    const alias = this.optionalAlias(2, 'a field name');
    return this.ACTION(() => ({ kind: 'lookup-field', field, ...(alias ? { alias } : {}), span: spanBetween(field, alias ?? field) }));
  });

  private lookupFieldsInto(fields: LookupField[], index: number): void {
    this.argumentList(index, { continues: () => this.startsField() || this.next(Comma), commas: true, item: { rule: this.lookupField, into: fields } });
  }

  /** The table name of lookup / inputlookup: a word or a quoted name. */
  private tableName(index: number, command: { table?: Value }, name: IToken): void {
    this.or(index, [
      {
        GATE: () => this.startsField(),
        ALT: () => {
          const t = this.or(index + 1, [{ ALT: () => this.consume(index, Word) }, { ALT: () => this.consume(index, DoubleQuoted) }]);
          this.ACTION(() => {
            command.table = this.valueNode(t, t);
          });
        },
      },
      { ALT: () => this.ACTION(() => this.report('spl-syntax', `'${name.image}' needs the name of a lookup table, found ${this.describeNext()}`, tokenSpan(name))) },
    ]);
  }

  readonly lookupCommand = this.RULE('lookupCommand', (): LookupCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const inputs: LookupField[] = [];
    const outputs: LookupField[] = [];
    const command = this.ACTION(() =>
      this.begin<LookupCommand>({ kind: 'lookup', ...this.commandBase(name), options, inputs, outputs }) as Mutable<LookupCommand>,
    );
    this.SUBRULE(this.optionsOnly, { ARGS: [options] });
    this.tableName(1, command, name);
    this.lookupFieldsInto(inputs, 3);
    this.ACTION(() => {
      if (command.table && inputs.length === 0) {
        this.report('spl-syntax', `'lookup' needs at least one input field after the table name, found ${this.describeNext()}`, command.table.span);
      }
    });
    this.OPTION(() => {
      const mode = this.OR([{ ALT: () => this.CONSUME(OutputNew) }, { ALT: () => this.CONSUME(Output) }]);
      this.ACTION(() => {
        command.outputMode = mode.image.toUpperCase() === 'OUTPUTNEW' ? 'OUTPUTNEW' : 'OUTPUT';
      });
      this.lookupFieldsInto(outputs, 4);
      this.ACTION(() => {
        if (outputs.length === 0) this.report('spl-syntax', `expected at least one field after '${mode.image}'`, tokenSpan(mode));
      });
    });
    return command;
  });

  readonly inputlookupCommand = this.RULE('inputlookupCommand', (): InputlookupCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<InputlookupCommand>({ kind: 'inputlookup', ...this.commandBase(name), options }) as Mutable<InputlookupCommand>);
    this.SUBRULE(this.optionsOnly, { ARGS: [options] });
    this.tableName(1, command, name);
    this.SUBRULE2(this.optionsOnly, { ARGS: [options] });
    this.whereClause(0, false, (expression) => (command.where = expression));
    return command;
  });

  // --- Commands with a subsearch ------------------------------------------------------------

  private subsearchInto(index: number, set: (subsearch: NonNullable<JoinCommand['subsearch']>) => void, name: IToken, example: string): void {
    this.or(index, [
      {
        ALT: () => {
          const subsearch = this.subrule(index, this.subsearch);
          this.ACTION(() => set(subsearch));
        },
      },
      {
        ALT: () =>
          this.ACTION(() =>
            this.report('spl-syntax', `'${name.image}' needs a subsearch in square brackets, e.g. ${example}; found ${this.describeNext()}`, tokenSpan(name)),
          ),
      },
    ]);
  }

  readonly joinCommand = this.RULE('joinCommand', (): JoinCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const fields: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<JoinCommand>({ kind: 'join', ...this.commandBase(name), options, fields }) as Mutable<JoinCommand>);
    this.SUBRULE(this.fieldsAndOptions, { ARGS: [fields, options] });
    this.subsearchInto(1, (s) => (command.subsearch = s), name, 'join user [search ...]');
    return command;
  });

  /** append, appendcols, appendpipe. */
  readonly appendCommand = this.RULE('appendCommand', (): AppendCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<AppendCommand>({ kind: 'append', ...this.commandBase(name), options }) as Mutable<AppendCommand>);
    this.SUBRULE(this.optionsOnly, { ARGS: [options] });
    this.subsearchInto(1, (s) => (command.subsearch = s), name, `${name.image} [search ...]`);
    return command;
  });

  readonly foreachCommand = this.RULE('foreachCommand', (): ForeachCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const fields: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<ForeachCommand>({ kind: 'foreach', ...this.commandBase(name), options, fields }) as Mutable<ForeachCommand>);
    this.SUBRULE(this.fieldsAndOptions, { ARGS: [fields, options] });
    this.subsearchInto(1, (s) => (command.template = s), name, 'foreach * [eval <<FIELD>>=...]');
    return command;
  });

  // --- Commands on one field or a few -------------------------------------------------------

  /** bin and bucket: `bin _time span=5m`, `bin span=1h _time as hour`. */
  readonly binCommand = this.RULE('binCommand', (): BinCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<BinCommand>({ kind: 'bin', ...this.commandBase(name), options }) as Mutable<BinCommand>);
    this.MANY({
      GATE: () => this.startsOption() || this.startsField(),
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.amongAlternative(0, this.optionsAmong(options)),
            {
              ALT: () => {
                const field = this.SUBRULE(this.fieldRef);
                this.ACTION(() => {
                  if (command.field) this.report('spl-syntax', `'${name.image}' takes one field; '${field.name}' is one too many`, field.span);
                  else command.field = field;
                });
                this.OPTION(() => {
                  this.CONSUME(As);
                  const alias = this.SUBRULE2(this.fieldRef);
                  this.ACTION(() => {
                    command.alias = alias;
                  });
                });
              },
            },
          ],
        });
      },
    });
    this.ACTION(() => {
      if (!command.field) this.report('spl-syntax', `'${name.image}' needs a field, e.g. ${name.image} _time span=1h`, tokenSpan(name));
    });
    return command;
  });

  /** fillnull and transaction: options and fields. */
  private optionsAndFieldsCommand(kind: 'fillnull'): FillnullCommand;
  private optionsAndFieldsCommand(kind: 'transaction'): TransactionCommand;
  private optionsAndFieldsCommand(kind: 'fillnull' | 'transaction'): FillnullCommand | TransactionCommand {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const fields: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<FillnullCommand | TransactionCommand>({ kind, ...this.commandBase(name), options, fields }));
    this.SUBRULE(this.fieldsAndOptions, { ARGS: [fields, options] });
    return command;
  }

  readonly fillnullCommand = this.RULE('fillnullCommand', (): FillnullCommand => this.optionsAndFieldsCommand('fillnull'));

  readonly transactionCommand = this.RULE('transactionCommand', (): TransactionCommand => this.optionsAndFieldsCommand('transaction'));

  /** mvexpand and iplocation: options and one field. */
  private singleFieldCommand(kind: 'mvexpand'): MvexpandCommand;
  private singleFieldCommand(kind: 'iplocation'): IplocationCommand;
  private singleFieldCommand(kind: 'mvexpand' | 'iplocation'): MvexpandCommand | IplocationCommand {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const fields: FieldRef[] = [];
    const command = this.ACTION(() => this.begin<Mutable<MvexpandCommand | IplocationCommand>>({ kind, ...this.commandBase(name), options }));
    this.SUBRULE(this.fieldsAndOptions, { ARGS: [fields, options] });
    this.ACTION(() => {
      if (fields.length === 0) this.report('spl-syntax', `'${name.image}' needs a field`, tokenSpan(name));
      for (const extra of fields.slice(1)) this.report('spl-syntax', `'${name.image}' takes one field; '${extra.name}' is one too many`, extra.span);
      if (fields[0]) command.field = fields[0];
    });
    return command;
  }

  readonly mvexpandCommand = this.RULE('mvexpandCommand', (): MvexpandCommand => this.singleFieldCommand('mvexpand'));

  readonly iplocationCommand = this.RULE('iplocationCommand', (): IplocationCommand => this.singleFieldCommand('iplocation'));

  readonly spathCommand = this.RULE('spathCommand', (): SpathCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<SpathCommand>({ kind: 'spath', ...this.commandBase(name), options }) as Mutable<SpathCommand>);
    this.argumentList(0, {
      continues: () => this.startsOption() || this.next(Word) || this.next(DoubleQuoted),
      among: this.optionsAmong(options),
      commas: false,
      item: {
        rule: this.value,
        args: [false],
        into: (path) => {
          if (path.kind === 'value') command.path = path;
        },
      },
    });
    return command;
  });

  /** `ctime(firstTime)`, `ctime(firstTime) as first`. */
  readonly conversion = this.RULE('conversion', (): Conversion => {
    const fn = this.CONSUME(Word);
    let alias: FieldRef | undefined;
    const field = this.OR([
      {
        ALT: (): FieldRef | Missing => {
          const open = this.CONSUME(LParen);
          const inner = this.OR2([
            { GATE: () => this.next(Word) || this.next(DoubleQuoted), ALT: (): FieldRef | Missing => this.SUBRULE(this.fieldRef) },
            { ALT: (): FieldRef | Missing => this.ACTION(() => this.missing(`expected a field name inside '${fn.image}( )'`, tokenSpan(open))) },
          ]);
          this.SUBRULE(this.closingParen, { ARGS: [open, `'${fn.image}'`] });
          return inner;
        },
      },
      { ALT: (): FieldRef | Missing => this.ACTION(() => this.missing(`expected '(field)' after '${fn.image}', e.g. ctime(firstTime)`, tokenSpan(fn))) },
    ]);
    this.OPTION(() => {
      this.CONSUME(As);
      alias = this.SUBRULE2(this.fieldRef);
    });
    return this.ACTION(() => ({
      kind: 'conversion',
      function: fn.image.toLowerCase(),
      functionSpan: tokenSpan(fn),
      field,
      ...(alias ? { alias } : {}),
      span: spanBetween(fn, this.LA(0)),
    }));
  });

  readonly convertCommand = this.RULE('convertCommand', (): ConvertCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const conversions: Conversion[] = [];
    const command = this.ACTION(() => this.begin<ConvertCommand>({ kind: 'convert', ...this.commandBase(name), options, conversions }));
    this.argumentList(0, {
      continues: () => this.startsOption() || this.isPlainWord() || this.next(Comma),
      among: this.optionsAmong(options),
      commas: true,
      item: { rule: this.conversion, into: conversions },
    });
    this.ACTION(() => {
      if (conversions.length === 0) this.report('spl-syntax', `'convert' needs a conversion such as ctime(field), found ${this.describeNext()}`, tokenSpan(name));
    });
    return command;
  });

  readonly makeresultsCommand = this.RULE('makeresultsCommand', (): MakeresultsCommand => {
    const name = this.CONSUME(Word);
    const options: CommandOption[] = [];
    const command = this.ACTION(() => this.begin<MakeresultsCommand>({ kind: 'makeresults', ...this.commandBase(name), options }));
    this.SUBRULE(this.optionsOnly, { ARGS: [options] });
    return command;
  });
}
