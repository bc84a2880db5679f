// Values inside eval expressions: field values plus booleans (comparisons, match(), isnull())
// and null. Booleans exist only inside expressions: eval cannot store one in a field.
import { numberText, toNumber, type FieldValue, type Row, type Scalar } from '../values';

export type EvalValue = Scalar | boolean | null | readonly Scalar[];

export interface EvalContext {
  /** Epoch seconds of `now()` and relative times: fixed for the whole run. */
  readonly now: number;
}

export type CompiledEval = (row: Row) => EvalValue;

export function fromField(value: FieldValue | undefined): EvalValue {
  return value === undefined ? null : value;
}

/** What eval stores for a value (booleans are rejected before this). */
export function toField(value: EvalValue): FieldValue | null {
  if (value === null || typeof value === 'boolean') return null;
  return value;
}

export function isTrue(value: EvalValue): boolean {
  return value === true;
}

/** The number a value stands for (a multivalue's first value, as Splunk's numeric functions
 * read it); null when it is not a number. */
export function evalNumber(value: EvalValue): number | null {
  if (value === null || typeof value === 'boolean') return null;
  const v = Array.isArray(value) ? value[0] : (value as Scalar);
  if (v === undefined) return null;
  return toNumber(v) ?? null;
}

export function scalarString(v: Scalar): string {
  return typeof v === 'number' ? numberText(v) : v;
}

/** The string a value stands for; multivalues give their first value. */
export function evalString(value: EvalValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.length ? scalarString(value[0]) : null;
  return scalarString(value as Scalar);
}

/** Every value as a list: null gives none, a scalar one. */
export function evalValues(value: EvalValue): readonly Scalar[] {
  if (value === null) return [];
  if (typeof value === 'boolean') return [value ? 'true' : 'false'];
  if (Array.isArray(value)) return value;
  return [value as Scalar];
}

export function multivalue(values: readonly Scalar[]): EvalValue {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : values;
}
