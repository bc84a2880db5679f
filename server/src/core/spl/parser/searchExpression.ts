// The search-expression grammar (search, tstats/mstats where, inputlookup where, option values
// such as `startswith=(...)`). Precedence: parentheses, NOT, then OR binds tighter than AND, then
// AND, explicit or by juxtaposition: `A=1 AND B=2 OR C=3` is `A=1 AND (B=2 OR C=3)`.
import { tokenMatcher, type IToken, type ParserMethod } from 'chevrotain';
import type {
  CommandOption, ComparisonOperator, MacroCall, Missing, OptionValue, ParenthesizedSearch, SearchComparison,
  SearchExpression, SearchIn, SearchTerm, SearchTermFunction, Value,
} from '../ast';
import type { Span } from '../../text/lineIndex';
import {
  AnyToken, By, Comma, ComparisonOp, DoubleQuoted, Equals, LParen, MacroCallToken, SearchAnd, SearchIn as InKeyword,
  SearchNot, SearchOr, SubsearchToken, Where, Word,
} from '../lexer';
import { describeToken, Glue, isGlued, spanBetween, SplParserBase, tokenSpan, type Among } from './parserBase';

const LOWERCASE_OPERATORS = new Set(['and', 'or', 'not', 'in']);

function groupSpan(operands: readonly SearchExpression[]): Span {
  return { start: operands[0].span.start, end: operands[operands.length - 1].span.end };
}

export abstract class SearchExpressionParser extends SplParserBase {
  /** A search expression can start here. `stopAtBy`: in tstats, `by` ends the where clause. */
  protected startsSearchOperand(stopAtBy: boolean): boolean {
    const t = this.LA(1);
    if (tokenMatcher(t, Word)) return !(stopAtBy && t.tokenType === By);
    return (
      tokenMatcher(t, DoubleQuoted) || tokenMatcher(t, LParen) || tokenMatcher(t, SearchNot) || tokenMatcher(t, MacroCallToken) ||
      tokenMatcher(t, SubsearchToken) || tokenMatcher(t, Comma)
    );
  }

  /** Like startsSearchOperand, but also a stray AND/OR (reported as a missing term). */
  protected startsSearchExpression(stopAtBy: boolean): boolean {
    return this.startsSearchOperand(stopAtBy) || this.next(SearchAnd) || this.next(SearchOr);
  }

  readonly searchExpression = this.RULE('searchExpression', (stopAtBy: boolean): SearchExpression => {
    const operands: SearchExpression[] = [];
    const first = this.SUBRULE(this.searchOr, { ARGS: [stopAtBy] });
    this.ACTION(() => {
      this.hintLowercaseOperator(undefined, first);
      operands.push(first);
    });
    // Each iteration consumes a token (chevrotain's grammar checks loop on possibly-empty bodies).
    this.MANY({
      GATE: () => this.startsSearchOperand(stopAtBy) || this.next(SearchAnd),
      DEF: () => {
        const operand = this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
          {
            ALT: () => {
              const and = this.CONSUME(SearchAnd);
              return this.searchOperandAfter(2, and, this.searchOr, stopAtBy);
            },
          },
          { ALT: () => this.SUBRULE3(this.searchOr, { ARGS: [stopAtBy] }) },
          ],
        });
        this.ACTION(() => {
          this.hintLowercaseOperator(operands[operands.length - 1], operand);
          operands.push(operand);
        });
      },
    });
    return this.ACTION(() => (operands.length === 1 ? operands[0] : { kind: 'search-and', operands, span: groupSpan(operands) }));
  });

  readonly searchOr = this.RULE('searchOr', (stopAtBy: boolean): SearchExpression => {
    const operands: SearchExpression[] = [];
    const first = this.SUBRULE(this.searchNot, { ARGS: [stopAtBy] });
    this.ACTION(() => operands.push(first));
    this.MANY(() => {
      const or = this.CONSUME(SearchOr);
      const operand = this.searchOperandAfter(2, or, this.searchNot, stopAtBy);
      this.ACTION(() => operands.push(operand));
    });
    return this.ACTION(() => (operands.length === 1 ? operands[0] : { kind: 'search-or', operands, span: groupSpan(operands) }));
  });

  readonly searchNot = this.RULE('searchNot', (stopAtBy: boolean): SearchExpression => {
    return this.OR([
      {
        ALT: () => {
          const not = this.CONSUME(SearchNot);
          const operand = this.searchOperandAfter(2, not, this.searchNot, stopAtBy);
          return this.ACTION(() => ({ kind: 'search-not', operand, span: spanBetween(not, operand) }) as SearchExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.searchPrimary) },
    ]);
  });

  /** The operand after `operator` (AND, OR, NOT), or a Missing node and a diagnostic. */
  private searchOperandAfter(index: number, operator: IToken, operand: ParserMethod<[boolean], SearchExpression>, stopAtBy: boolean): SearchExpression {
    return this.or(index, [
      { GATE: () => this.startsSearchOperand(stopAtBy), ALT: () => this.subrule(index, operand, { ARGS: [stopAtBy] }) },
      { ALT: () => this.ACTION(() => this.missing(`expected a search term after '${operator.image}'`, tokenSpan(operator))) },
    ]);
  }

  readonly searchPrimary = this.RULE('searchPrimary', (): SearchExpression => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.searchGroup).expression },
        { ALT: () => this.SUBRULE(this.macroCall) },
        { ALT: () => this.SUBRULE(this.subsearch) },
        { GATE: () => this.startsTermFunction(), ALT: () => this.SUBRULE(this.termFunction) },
        { GATE: () => this.next(ComparisonOp, 2), ALT: () => this.SUBRULE(this.comparison) },
        { GATE: () => this.next(InKeyword, 2), ALT: () => this.SUBRULE(this.inList) },
        { ALT: () => this.SUBRULE(this.term) },
        {
          // `OR b` at the start, `a AND OR b`: say what is missing and skip the operator. (Every
          // alternative consumes a token: chevrotain's grammar checks loop on empty ones.)
          ALT: () => {
            const operator = this.OR2([{ ALT: () => this.CONSUME(SearchAnd) }, { ALT: () => this.CONSUME(SearchOr) }]);
            return this.ACTION(() => this.missingBefore(operator));
          },
        },
      ],
    });
  });

  private missingBefore(operator: IToken): Missing {
    this.report('spl-syntax', `expected a search term before '${operator.image}'`, tokenSpan(operator));
    return { kind: 'missing', span: { start: operator.startOffset, end: operator.startOffset } };
  }

  private startsTermFunction(): boolean {
    const t = this.LA(1);
    return tokenMatcher(t, Word) && (t.image === 'TERM' || t.image === 'CASE') && isGlued(t, this.LA(2)) && this.next(LParen, 2);
  }

  /** `( expression )`; also the value of `startswith=(...)`. */
  readonly searchGroup = this.RULE('searchGroup', (): { expression: SearchExpression; span: Span } => {
    const open = this.CONSUME(LParen);
    const expression = this.OR([
      { GATE: () => this.startsSearchExpression(false), ALT: () => this.SUBRULE(this.searchExpression, { ARGS: [false] }) },
      { ALT: () => this.ACTION(() => this.missing('empty parentheses: expected a search expression inside', tokenSpan(open))) },
    ]);
    this.SUBRULE(this.closingParen, { ARGS: [open, 'this group'] });
    return this.ACTION(() => ({ expression, span: spanBetween(open, this.LA(0)) }));
  });

  readonly parenthesizedSearch = this.RULE('parenthesizedSearch', (): ParenthesizedSearch => {
    const group = this.SUBRULE(this.searchGroup);
    return this.ACTION(() => ({ kind: 'parenthesized-search', expression: group.expression, span: group.span }));
  });

  /** `TERM(x)` / `CASE(x)`: the text between the parentheses is kept as written. */
  readonly termFunction = this.RULE('termFunction', (): SearchTermFunction => {
    const fn = this.CONSUME(Word);
    const open = this.CONSUME(LParen);
    this.skipToClosingParen(0);
    const inside = this.ACTION(() => ({ start: open.startOffset + 1, end: this.atEnd() ? this.context.text.length : this.LA(1).startOffset }));
    this.SUBRULE(this.closingParen, { ARGS: [open, fn.image] });
    return this.ACTION(() => ({
      kind: 'search-term-function',
      function: fn.image as 'TERM' | 'CASE',
      text: this.sourceText(inside).trim(),
      span: spanBetween(fn, this.LA(0)),
    }));
  });

  /** `field=value`, `field != value`, `count>5`, `"Quoted Field"=x`. */
  readonly comparison = this.RULE('comparison', (): SearchComparison => {
    const field = this.SUBRULE(this.fieldRef);
    const op = this.CONSUME(ComparisonOp);
    const value = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.startsValue(), ALT: () => this.SUBRULE(this.value, { ARGS: [false] }) },
        { ALT: () => this.SUBRULE(this.subsearch) },
        { ALT: () => this.ACTION(() => this.missing(`expected a value after '${op.image}' in '${field.name}${op.image}'`, spanBetween(field, op))) },
      ],
    });
    return this.ACTION(() => ({
      kind: 'search-comparison',
      field,
      operator: op.image as ComparisonOperator,
      operatorSpan: tokenSpan(op),
      value,
      span: spanBetween(field, value.kind === 'missing' ? op : value),
    }));
  });

  /** `field IN (a, "b c", d*)`: commas are optional. */
  readonly inList = this.RULE('inList', (): SearchIn => {
    const field = this.SUBRULE(this.fieldRef);
    const keyword = this.CONSUME(InKeyword);
    const values: (Value | MacroCall)[] = [];
    this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(LParen);
          this.argumentList(1, {
            continues: () => this.startsValue() || this.next(Comma),
            commas: true,
            item: { rule: this.value, args: [true], into: values },
          });
          this.ACTION(() => {
            if (values.length === 0) this.report('spl-syntax', `expected at least one value in '${field.name} IN ( )'`, spanBetween(field, this.LA(0)));
          });
          this.SUBRULE(this.closingParen, { ARGS: [open, `'${field.name} IN'`] });
        },
      },
      { ALT: () => this.ACTION(() => this.missing(`expected '(' and a list of values after '${field.name} IN'`, tokenSpan(keyword))) },
    ]);
    return this.ACTION(() => ({ kind: 'search-in', field, values, span: spanBetween(field, this.LA(0)) }));
  });

  /** A bare word or a phrase; glued words and commas stay one term (`a,b`). */
  readonly term = this.RULE('term', (): SearchTerm => {
    const first = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(DoubleQuoted) }, { ALT: () => this.CONSUME(Comma) }]);
    const glue = new Glue(first);
    this.MANY({
      GATE: () => glue.continuesWith(this, this.next(Word) || this.next(DoubleQuoted) || this.next(Comma)),
      DEF: () => glue.add(this.CONSUME(AnyToken)),
    });
    return this.ACTION(() => {
      const value = this.valueNode(first, glue.last);
      return { kind: 'search-term', text: value.text, quoted: value.quoted, wildcard: value.wildcard, span: value.span };
    });
  });

  /** Lowercase `and`/`or` between two comparisons, `not` before one, or `in` before `(`: the
   * writer almost surely meant the operator, which Splunk only knows in uppercase. */
  private hintLowercaseOperator(previous: SearchExpression | undefined, operand: SearchExpression): void {
    if (operand.kind !== 'search-term' || operand.quoted) return;
    const word = operand.text.toLowerCase();
    if (!LOWERCASE_OPERATORS.has(word) || operand.text === operand.text.toUpperCase()) return;
    const comparisonFollows = this.next(Word) && this.next(ComparisonOp, 2);
    const clearlyMeant =
      word === 'in' ? this.next(LParen) && previous?.kind === 'search-term' :
      word === 'not' ? comparisonFollows :
      comparisonFollows && (previous?.kind === 'search-comparison' || previous?.kind === 'search-in');
    if (!clearlyMeant) return;
    this.report(
      'spl-lowercase-operator',
      `lowercase '${operand.text}' is searched as the word "${operand.text}", not as the operator: write ${word.toUpperCase()}`,
      operand.span,
    );
  }

  // --- Options (name=value) and the where clause, shared by commands -------------------------

  readonly commandOption = this.RULE('commandOption', (): CommandOption => {
    const name = this.CONSUME(Word);
    const equals = this.CONSUME(Equals);
    const value = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.startsValue(), ALT: (): OptionValue => this.SUBRULE(this.value, { ARGS: [false] }) },
        { ALT: (): OptionValue => this.SUBRULE(this.subsearch) },
        { ALT: (): OptionValue => this.SUBRULE(this.parenthesizedSearch) },
        {
          ALT: (): OptionValue =>
            this.ACTION(() => this.missing(`expected a value after '=' in '${name.image}='`, spanBetween(name, equals))),
        },
      ],
    });
    return this.ACTION(() => ({
      kind: 'option',
      name: name.image,
      nameSpan: tokenSpan(name),
      value,
      span: spanBetween(name, value.kind === 'missing' ? equals : value),
    }));
  });

  /** An option, or a macro call standing among options (`` tstats `summariesonly` count ``). */
  readonly optionOrMacro = this.RULE('optionOrMacro', (): CommandOption | MacroCall => {
    return this.OR([{ ALT: () => this.SUBRULE(this.commandOption) }, { ALT: () => this.SUBRULE(this.macroCall) }]);
  });

  /** Options among the other arguments of a command. */
  protected optionsAmong(into: CommandOption[]): Among<CommandOption> {
    return { rule: this.commandOption, starts: () => this.startsOption(), into };
  }

  /** `where <search expression>` after the other arguments (inputlookup, tstats). */
  protected whereClause(index: number, stopAtBy: boolean, set: (expression: SearchExpression) => void): void {
    this.option(index, () => {
      const where = this.consume(index, Where);
      this.or(index, [
        {
          GATE: () => this.startsSearchExpression(stopAtBy),
          ALT: () => {
            const expression = this.subrule(index, this.searchExpression, { ARGS: [stopAtBy] });
            this.ACTION(() => set(expression));
          },
        },
        { ALT: () => this.ACTION(() => this.report('spl-syntax', `expected a search expression after '${where.image}'`, tokenSpan(where))) },
      ]);
    });
  }

  protected startsOptionOrMacro(): boolean {
    return this.startsOption() || this.next(MacroCallToken);
  }

  /** Describes the token for "unexpected ..." messages of command rules. */
  protected describeNext(): string {
    return describeToken(this.LA(1));
  }
}
