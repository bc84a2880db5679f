// The eval-expression grammar (eval, where, fieldformat, `eval(...)` in stats). Precedence,
// loosest first: XOR, OR, AND, NOT/!, comparisons (= == != < > <= >= LIKE IN), + - . (concat),
// * / %, unary minus. The boolean operators are case-insensitive here (`where a>1 and b<2`).
import { tokenMatcher, type IToken, type ParserMethod, type TokenType } from 'chevrotain';
import type { EvalArgument, EvalBinaryOperator, EvalExpression } from '../ast';
import { isEvalFunction } from '../catalog';
import {
  AdditiveOp, Bang, Comma, ComparisonOp, DoubleQuoted, EvalAnd, EvalIn, EvalLike, EvalNot, EvalOpen, EvalOr, EvalXor, Identifier,
  LParen, MacroCallToken, Minus, MultiplicativeOp, NumberLiteral, Plus, SingleQuoted, SubsearchToken,
} from '../lexer';
import { spanBetween, tokenSpan, unescapeQuoted } from './parserBase';
import { SearchExpressionParser } from './searchExpression';

const OPERAND_STARTS: readonly TokenType[] = [
  NumberLiteral, DoubleQuoted, SingleQuoted, MacroCallToken, SubsearchToken, LParen, Identifier, EvalNot, Bang, Minus, Plus,
  EvalLike, EvalIn,
];

function operatorName(t: IToken): EvalBinaryOperator {
  const upper = t.image.toUpperCase();
  return upper as EvalBinaryOperator;
}

function binary(op: IToken, left: EvalExpression, right: EvalExpression): EvalExpression {
  return {
    kind: 'eval-binary',
    operator: operatorName(op),
    operatorSpan: tokenSpan(op),
    left,
    right,
    span: spanBetween(left, right.kind === 'missing' ? op : right),
  };
}

function unary(operator: 'NOT' | '-', op: IToken, operand: EvalExpression): EvalExpression {
  return { kind: 'eval-unary', operator, operatorSpan: tokenSpan(op), operand, span: spanBetween(op, operand.kind === 'missing' ? op : operand) };
}


export abstract class EvalExpressionParser extends SearchExpressionParser {
  /** `'field name'`: the quotes removed, `\'` and `\\` unescaped; an unclosed one is reported. */
  protected singleQuotedName(t: IToken): string {
    const closed = t.image.length >= 2 && t.image.endsWith("'") && !t.image.endsWith("\\'");
    if (!closed) this.report('spl-syntax', "this single quote is not closed (in eval, 'single quotes' enclose a field name)", tokenSpan(t));
    return t.image.slice(1, closed ? -1 : undefined).replace(/\\(['\\])/g, '$1');
  }

  protected startsEvalOperand(): boolean {
    const t = this.LA(1);
    return OPERAND_STARTS.some((type) => tokenMatcher(t, type));
  }

  /** The right operand of `op`, or a Missing node and a diagnostic. `index` keeps the DSL calls
   * of one rule apart (chevrotain needs a distinct index per call site). */
  private operandAfter(op: IToken, operand: ParserMethod<[], EvalExpression>, index: number): EvalExpression {
    return this.or(index, [
      { GATE: () => this.startsEvalOperand(), ALT: () => this.subrule(index, operand) },
      { ALT: () => this.ACTION(() => this.missing(`expected a value after '${op.image}'`, tokenSpan(op))) },
    ]);
  }

  /** `operand (op operand)*`, left-associative. */
  private leftAssociative(operand: ParserMethod<[], EvalExpression>, operator: TokenType): EvalExpression {
    let left = this.SUBRULE(operand);
    this.MANY(() => {
      const op = this.CONSUME(operator);
      const right = this.operandAfter(op, operand, 9);
      left = this.ACTION(() => binary(op, left, right));
    });
    return left;
  }

  readonly evalExpression = this.RULE('evalExpression', (): EvalExpression => this.SUBRULE(this.evalXor));

  readonly evalXor = this.RULE('evalXor', (): EvalExpression => this.leftAssociative(this.evalOr, EvalXor));

  readonly evalOr = this.RULE('evalOr', (): EvalExpression => this.leftAssociative(this.evalAnd, EvalOr));

  readonly evalAnd = this.RULE('evalAnd', (): EvalExpression => this.leftAssociative(this.evalNot, EvalAnd));

  readonly evalNot = this.RULE('evalNot', (): EvalExpression => {
    return this.OR([
      {
        ALT: () => {
          const op = this.OR2([{ ALT: () => this.CONSUME(EvalNot) }, { ALT: () => this.CONSUME(Bang) }]);
          const operand = this.operandAfter(op, this.evalNot, 8);
          return this.ACTION(() => unary('NOT', op, operand));
        },
      },
      { ALT: () => this.SUBRULE(this.evalComparison) },
    ]);
  });

  readonly evalComparison = this.RULE('evalComparison', (): EvalExpression => {
    let left = this.SUBRULE(this.evalAdditive);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.OR2([{ ALT: () => this.CONSUME(ComparisonOp) }, { ALT: () => this.CONSUME(EvalLike) }]);
            const right = this.operandAfter(op, this.evalAdditive, 9);
            left = this.ACTION(() => binary(op, left, right));
          },
        },
        {
          ALT: () => {
            const keyword = this.CONSUME(EvalIn);
            const values = this.SUBRULE(this.evalArgumentList, { ARGS: [keyword] });
            left = this.ACTION((): EvalExpression => ({ kind: 'eval-in', operand: left, values, span: spanBetween(left, this.LA(0)) }));
          },
        },
      ]);
    });
    return left;
  });

  readonly evalAdditive = this.RULE('evalAdditive', (): EvalExpression => this.leftAssociative(this.evalMultiplicative, AdditiveOp));

  readonly evalMultiplicative = this.RULE('evalMultiplicative', (): EvalExpression => this.leftAssociative(this.evalUnary, MultiplicativeOp));

  readonly evalUnary = this.RULE('evalUnary', (): EvalExpression => {
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(Minus);
          const operand = this.operandAfter(op, this.evalUnary, 8);
          return this.ACTION(() => unary('-', op, operand));
        },
      },
      {
        ALT: () => {
          // Unary plus changes nothing.
          const op = this.CONSUME(Plus);
          return this.operandAfter(op, this.evalUnary, 9);
        },
      },
      { ALT: () => this.SUBRULE(this.evalPrimary) },
    ]);
  });

  readonly evalPrimary = this.RULE('evalPrimary', (): EvalExpression => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const t = this.CONSUME(NumberLiteral);
            return this.ACTION((): EvalExpression => ({ kind: 'eval-number', value: Number(t.image), text: t.image, span: tokenSpan(t) }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(DoubleQuoted);
            return this.ACTION((): EvalExpression => ({ kind: 'eval-string', value: unescapeQuoted(t.image), span: tokenSpan(t) }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(SingleQuoted);
            return this.ACTION((): EvalExpression => ({ kind: 'eval-field', name: this.singleQuotedName(t), quoted: true, span: tokenSpan(t) }));
          },
        },
        { ALT: () => this.SUBRULE(this.macroCall) },
        { ALT: () => this.SUBRULE(this.subsearch) },
        {
          ALT: () => {
            const open = this.CONSUME(LParen);
            const inner = this.OR2([
              { GATE: () => this.startsEvalOperand(), ALT: () => this.SUBRULE(this.evalExpression) },
              { ALT: () => this.ACTION(() => this.missing('empty parentheses: expected an expression inside', tokenSpan(open))) },
            ]);
            this.SUBRULE(this.closingParen, { ARGS: [open, 'this group'] });
            return inner;
          },
        },
        { GATE: () => this.next(LParen, 2), ALT: () => this.SUBRULE(this.evalCall) },
        {
          ALT: () => {
            const t = this.CONSUME(Identifier);
            return this.ACTION((): EvalExpression => ({ kind: 'eval-field', name: t.image, quoted: false, span: tokenSpan(t) }));
          },
        },
      ],
    });
  });

  /** `name(arg, ...)`; `like(...)` and `in(...)` are calls too. */
  readonly evalCall = this.RULE('evalCall', (): EvalExpression => {
    const name = this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(EvalLike) },
      { ALT: () => this.CONSUME(EvalIn) },
    ]);
    const args = this.SUBRULE(this.evalArgumentList, { ARGS: [name] });
    return this.ACTION((): EvalExpression => {
      const lower = name.image.toLowerCase();
      if (!isEvalFunction(lower)) {
        this.report('spl-unknown-function', `unknown eval function '${name.image}'`, tokenSpan(name));
      }
      return { kind: 'eval-call', name: lower, nameSpan: tokenSpan(name), args, span: spanBetween(name, this.LA(0)) };
    });
  });

  /** `( a, b, ... )` after a function name or IN. */
  readonly evalArgumentList = this.RULE('evalArgumentList', (owner: IToken): EvalExpression[] => {
    const args: EvalExpression[] = [];
    const open = this.CONSUME(LParen);
    this.OPTION({
      GATE: () => this.startsEvalOperand() || this.next(Comma),
      DEF: () => {
        const first = this.OR([
          { GATE: () => this.startsEvalOperand(), ALT: () => this.SUBRULE(this.evalExpression) },
          { ALT: () => this.ACTION(() => this.missing(`expected an argument before ','`, tokenSpan(this.LA(1)))) },
        ]);
        this.ACTION(() => args.push(first));
        this.MANY(() => {
          const comma = this.CONSUME(Comma);
          const next = this.OR2([
            { GATE: () => this.startsEvalOperand(), ALT: () => this.SUBRULE2(this.evalExpression) },
            { ALT: () => this.ACTION(() => this.missing(`expected an argument after ','`, tokenSpan(comma))) },
          ]);
          this.ACTION(() => args.push(next));
        });
      },
    });
    this.SUBRULE(this.closingParen, { ARGS: [open, `'${owner?.image}'`] });
    return args;
  });

  /** `eval(expression)` as the argument of a statistical function. */
  readonly evalArgument = this.RULE('evalArgument', (): EvalArgument => {
    const keyword = this.CONSUME(EvalOpen);
    const open = this.CONSUME(LParen);
    const expression = this.OR([
      { GATE: () => this.startsEvalOperand(), ALT: () => this.SUBRULE(this.evalExpression) },
      { ALT: () => this.ACTION(() => this.missing('expected an expression inside eval( )', tokenSpan(open))) },
    ]);
    this.SUBRULE(this.closingParen, { ARGS: [open, "'eval'"] });
    return this.ACTION(() => ({ kind: 'eval-argument', expression, span: spanBetween(keyword, this.LA(0)) }));
  });
}
