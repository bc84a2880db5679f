// Field values and result rows, the one representation every stage shares.
//
// Splunk's field values are strings; a field can also be multivalue. Here:
// - a scalar is a `string` or a `number`: JSON numbers and computed numbers (count, _time, sums)
//   stay numbers so that they sort and compare without re-parsing; they print as Splunk prints
//   them (`String(n)`).
// - a multivalue is an array of at least two scalars (one value is stored as a scalar, none as an
//   absent field), so "is it multivalue" is `Array.isArray`.
// - null is an absent field: a row never holds `null` or `undefined` as a value; assigning null
//   deletes the key.
// Rows are plain objects without a prototype, so any field name (`__proto__`, `constructor`) is
// an ordinary key; the insertion order of the keys is the column order of open results.

export type Scalar = string | number;
export type FieldValue = Scalar | readonly Scalar[];
export type Row = Record<string, FieldValue>;

export function newRow(): Row {
  return Object.create(null) as Row;
}

export function copyRow(row: Row): Row {
  const out = newRow();
  for (const key in row) out[key] = row[key];
  return inheritOrigin(out, row);
}

/** The input events a row came from, when the run tracks them (RunOptions.origins): ordinals of
 * the matching events (0 = the first event the search matched), the first ORIGIN_IDS_PER_ROW of
 * them, and how many there were. Kept under a symbol, so it is never a field or a column. */
export interface RowOrigin {
  readonly events: readonly number[];
  readonly count: number;
}

export const ORIGIN_IDS_PER_ROW = 1000;
const ORIGIN: unique symbol = Symbol('origin');
type Tracked = { [ORIGIN]?: RowOrigin };

export function originOf(row: Row): RowOrigin | undefined {
  return (row as unknown as Tracked)[ORIGIN];
}

export function setOrigin(row: Row, origin: RowOrigin): void {
  // Not enumerable: a copy made with `{ ...row }` (outputs, tests) does not carry it.
  Object.defineProperty(row, ORIGIN, { value: origin, enumerable: false, writable: true, configurable: true });
}

/** `to`, a row a stage built out of `from`, takes `from`'s origin. */
export function inheritOrigin(to: Row, from: Row): Row {
  const origin = originOf(from);
  if (origin) setOrigin(to, origin);
  return to;
}

/** Collects the origins of the rows a grouped row is made of. */
export class OriginUnion {
  private readonly ids: number[] = [];
  private count = 0;

  add(origin: RowOrigin | undefined): void {
    if (!origin) return;
    this.count += origin.count;
    for (const id of origin.events) {
      if (this.ids.length >= ORIGIN_IDS_PER_ROW) break;
      this.ids.push(id);
    }
  }

  /** Stores the union on `row` (nothing when no input row was tracked). */
  applyTo(row: Row): void {
    if (this.count > 0) setOrigin(row, { events: [...this.ids].sort((a, b) => a - b), count: this.count });
  }
}

/** Stores `value` in `row`, normalising: null/undefined and empty arrays delete, one-element
 * arrays become scalars. */
export function setField(row: Row, name: string, value: FieldValue | null | undefined): void {
  if (value === null || value === undefined) {
    delete row[name];
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) delete row[name];
    else row[name] = value.length === 1 ? (value[0] as Scalar) : value;
    return;
  }
  row[name] = value;
}

/** The values of a field as a list (empty when absent). */
export function valuesOf(value: FieldValue | undefined): readonly Scalar[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as Scalar];
}

export function isMultivalue(value: FieldValue | undefined): value is readonly Scalar[] {
  return Array.isArray(value);
}

/** A value as Splunk prints it; multivalues joined with a newline (how Splunk renders them). */
export function scalarText(value: Scalar): string {
  return typeof value === 'number' ? numberText(value) : value;
}

export function numberText(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return String(n);
  // 0.1 + 0.2 prints 0.3 (as Splunk does), but an epoch time with a fraction keeps its digits:
  // the 15-digit form is used only when it is much shorter, i.e. the rest was float noise.
  const full = String(n);
  const short = String(Number(n.toPrecision(15)));
  return short.length < full.length - 3 ? short : full;
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a scalar stands for, when it is one (`"42"`, `" 1.5 "` is not: Splunk trims
 * nothing). */
export function toNumber(value: Scalar): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (!NUMERIC.test(value)) return undefined;
  return Number(value);
}

export function isNumeric(value: Scalar): boolean {
  return toNumber(value) !== undefined;
}

/** Ascending order of two scalars: numerically when both are numbers, else by code unit
 * (numbers before strings when mixed, as Splunk sorts). */
export function compareScalars(a: Scalar, b: Scalar): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  const s = scalarText(a);
  const t = scalarText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
