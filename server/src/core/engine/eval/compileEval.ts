// Compiles eval expressions (eval, where, stats `eval(...)`) into functions of a row. Rules from
// spl-semantics.md section 5: comparisons are case-sensitive; numbers compare as numbers when
// both sides are numeric (field values that look like numbers are numbers); `.` concatenates;
// `+` adds numbers or concatenates strings; division by zero is null; null propagates, and a
// comparison with null is null (not true, so `where` drops the row and `NOT` keeps it null).
// A comparison with a multivalue field is true when any value satisfies it (observed).
import type { EvalCall, EvalExpression } from '../../spl/ast';
import { EngineError } from '../problems';
import { likeMatches } from '../search/matching';
import { toNumber, type Scalar } from '../values';
import { evalNumber, evalString, evalValues, fromField, scalarString, type CompiledEval, type EvalContext, type EvalValue } from './evalValue';
import { EVAL_FUNCTIONS, REFUSED_FUNCTIONS } from './functions';

const BOOLEAN_FUNCTIONS = new Set(['match', 'like', 'isnull', 'isnotnull', 'isnum', 'isint', 'isstr', 'isbool', 'in', 'cidrmatch', 'true', 'false', 'searchmatch']);

/** Whether the expression's value is a boolean (which eval cannot store). */
export function isBooleanExpression(node: EvalExpression): boolean {
  switch (node.kind) {
    case 'eval-binary':
      return !['+', '-', '*', '/', '%', '.'].includes(node.operator);
    case 'eval-unary':
      return node.operator === 'NOT';
    case 'eval-in':
      return true;
    case 'eval-call':
      return BOOLEAN_FUNCTIONS.has(node.name);
    default:
      return false;
  }
}

/** Compares two scalars for eval: numerically when both are numbers, else by code unit. */
function compareEval(a: Scalar, b: Scalar): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  const s = scalarString(a);
  const t = scalarString(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function comparable(v: EvalValue): readonly Scalar[] | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return [v ? 'true' : 'false'];
  return evalValues(v);
}

/** Any pair of values satisfies `test`; null when a side is null. */
function compareAny(a: EvalValue, b: EvalValue, test: (c: number) => boolean): boolean | null {
  const xs = comparable(a);
  const ys = comparable(b);
  if (xs === null || ys === null) return null;
  for (const x of xs) for (const y of ys) if (test(compareEval(x, y))) return true;
  return false;
}

function truth(v: EvalValue): boolean | null {
  if (v === null) return null;
  return v === true;
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: EvalValue, b: EvalValue): EvalValue {
  if (a === null || b === null) return null;
  const x = evalNumber(a);
  const y = evalNumber(b);
  if (x !== null && y !== null) {
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return y === 0 ? null : x / y;
      case '%': return y === 0 ? null : x % y;
    }
  }
  if (op === '+' && typeof a !== 'boolean' && typeof b !== 'boolean') {
    const s = evalString(a);
    const t = evalString(b);
    return s === null || t === null ? null : s + t;
  }
  return null;
}

export class EvalCompiler {
  constructor(private readonly ctx: EvalContext) {}

  compile(node: EvalExpression): CompiledEval {
    switch (node.kind) {
      case 'eval-number': {
        const value = node.value;
        return () => value;
      }
      case 'eval-string': {
        const value = node.value;
        return () => value;
      }
      case 'eval-field': {
        const name = node.name;
        return (row) => fromField(row[name]);
      }
      case 'eval-unary': {
        const operand = this.compile(node.operand);
        if (node.operator === '-') {
          return (row) => {
            const n = evalNumber(operand(row));
            return n === null ? null : -n;
          };
        }
        return (row) => {
          const t = truth(operand(row));
          return t === null ? null : !t;
        };
      }
      case 'eval-binary':
        return this.binary(node.operator, this.compile(node.left), this.compile(node.right));
      case 'eval-in': {
        const operand = this.compile(node.operand);
        const values = node.values.map((v) => this.compile(v));
        return (row) => {
          const x = operand(row);
          if (x === null) return null;
          for (const v of values) if (compareAny(x, v(row), (c) => c === 0)) return true;
          return false;
        };
      }
      case 'eval-call':
        return this.call(node);
      case 'macro-call':
        throw new EngineError('engine-unexpanded-macro', `The macro \`${node.name}\` was not expanded; the search cannot run.`, node.span);
      case 'subsearch':
        throw new EngineError('engine-unsupported', 'Subsearches inside eval expressions are not run by the local engine.', node.span);
      case 'missing':
        throw new EngineError('engine-syntax', 'The expression is incomplete here.', node.span);
    }
  }

  /** Compiles `node` and names the first field it reads (mvfilter binds it to each value). */
  compileWithBinding(node: EvalExpression): { fn: CompiledEval; field: string | undefined } {
    return { fn: this.compile(node), field: firstField(node) };
  }

  private binary(op: string, left: CompiledEval, right: CompiledEval): CompiledEval {
    switch (op) {
      case '+': case '-': case '*': case '/': case '%': {
        const o = op;
        return (row) => arithmetic(o, left(row), right(row));
      }
      case '.':
        return (row) => {
          const a = evalString(left(row));
          if (a === null) return null;
          const b = evalString(right(row));
          return b === null ? null : a + b;
        };
      case '=': case '==':
        return (row) => compareAny(left(row), right(row), (c) => c === 0);
      case '!=':
        return (row) => {
          const eq = compareAny(left(row), right(row), (c) => c === 0);
          return eq === null ? null : !eq;
        };
      case '<': return (row) => compareAny(left(row), right(row), (c) => c < 0);
      case '<=': return (row) => compareAny(left(row), right(row), (c) => c <= 0);
      case '>': return (row) => compareAny(left(row), right(row), (c) => c > 0);
      case '>=': return (row) => compareAny(left(row), right(row), (c) => c >= 0);
      case 'LIKE':
        return (row) => {
          const v = left(row);
          const p = evalString(right(row));
          if (v === null || p === null) return null;
          return evalValues(v).some((s) => likeMatches(scalarString(s), p));
        };
      case 'AND':
        return (row) => {
          const a = truth(left(row));
          if (a === false) return false;
          const b = truth(right(row));
          if (b === false) return false;
          return a === null || b === null ? null : true;
        };
      case 'OR':
        return (row) => {
          const a = truth(left(row));
          if (a === true) return true;
          const b = truth(right(row));
          if (b === true) return true;
          return a === null || b === null ? null : false;
        };
      default: // XOR
        return (row) => {
          const a = truth(left(row));
          const b = truth(right(row));
          return a === null || b === null ? null : a !== b;
        };
    }
  }

  private call(node: EvalCall): CompiledEval {
    const info = EVAL_FUNCTIONS.get(node.name);
    if (!info) {
      const refused = REFUSED_FUNCTIONS.get(node.name);
      throw new EngineError('engine-unsupported', refused ?? `The eval function ${node.name}() is not known to the local engine.`, node.nameSpan);
    }
    if (node.args.length < info.min || node.args.length > info.max) {
      const expected = info.min === info.max ? `${info.min}` : info.max === Infinity ? `at least ${info.min}` : `${info.min} to ${info.max}`;
      throw new EngineError('engine-invalid-argument', `${node.name}() takes ${expected} argument${info.max === 1 && info.min === 1 ? '' : 's'}, not ${node.args.length}.`, node.span);
    }
    // mvfilter compiles its argument itself, with the field bound to each value.
    const args = node.name === 'mvfilter' ? [] : node.args.map((a) => this.compile(a));
    return info.make({ name: node.name, args, nodes: node.args, span: node.span, ctx: this.ctx, compileWithBinding: (n) => this.compileWithBinding(n) });
  }
}

function firstField(node: EvalExpression): string | undefined {
  switch (node.kind) {
    case 'eval-field': return node.name;
    case 'eval-unary': return firstField(node.operand);
    case 'eval-binary': return firstField(node.left) ?? firstField(node.right);
    case 'eval-in': return firstField(node.operand) ?? node.values.map(firstField).find((f) => f !== undefined);
    case 'eval-call': return node.args.map(firstField).find((f) => f !== undefined);
    default: return undefined;
  }
}
