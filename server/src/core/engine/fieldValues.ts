// The most frequent values of each field over a stream of extracted events (rows), in bounded
// memory: each field keeps at most `maxDistinct` distinct values. Once a field is full, values not
// already counted are only counted as "other" (so the top values of a field with a long tail are
// the frequent ones among the first distinct values seen: exact for fields with few values, which
// are the ones worth showing). Summaries of several files merge by adding counts.
import { scalarText, valuesOf, type Row } from './values';

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface FieldValueSummary {
  /** Events added. */
  readonly events: number;
  /** Events that had the field. */
  present(field: string): number;
  /** The `limit` most frequent values, most frequent first; ties in order of first appearance.
   * Empty when no event had the field. */
  top(field: string, limit: number): ValueCount[];
  /** Field names seen, in order of first appearance. */
  fields(): string[];
}

export interface FieldValueCounterOptions {
  /** Distinct values kept per field (default 1,000). */
  readonly maxDistinct?: number;
  /** Values longer than this are not counted (default 200 characters): a hover or completion
   * shows short values; `_raw`-like fields would only fill the table. */
  readonly maxValueLength?: number;
  /** Fields not counted (default `_raw` and `_time`: the whole line, and a value per event). */
  readonly skip?: readonly string[];
}

interface FieldCounts {
  /** Insertion order is first appearance, which breaks ties. */
  readonly counts: Map<string, number>;
  present: number;
}

export class FieldValueCounter implements FieldValueSummary {
  private readonly byField = new Map<string, FieldCounts>();
  private readonly maxDistinct: number;
  private readonly maxValueLength: number;
  private readonly skip: ReadonlySet<string>;
  private added = 0;

  constructor(options: FieldValueCounterOptions = {}) {
    this.maxDistinct = options.maxDistinct ?? 1000;
    this.maxValueLength = options.maxValueLength ?? 200;
    this.skip = new Set(options.skip ?? ['_raw', '_time']);
  }

  get events(): number {
    return this.added;
  }

  /** Counts one event's fields; a multivalue field counts each distinct value once. */
  add(row: Row): void {
    this.added++;
    for (const field of Object.keys(row)) {
      if (this.skip.has(field)) continue;
      let entry = this.byField.get(field);
      if (!entry) this.byField.set(field, (entry = { counts: new Map(), present: 0 }));
      entry.present++;
      for (const value of new Set(valuesOf(row[field]).map(scalarText))) this.count(entry, value, 1);
    }
  }

  /** Adds another summary's counts (its top `maxDistinct` values per field). */
  merge(other: FieldValueSummary): void {
    this.added += other.events;
    for (const field of other.fields()) {
      if (this.skip.has(field)) continue;
      let entry = this.byField.get(field);
      if (!entry) this.byField.set(field, (entry = { counts: new Map(), present: 0 }));
      entry.present += other.present(field);
      for (const { value, count } of other.top(field, this.maxDistinct)) this.count(entry, value, count);
    }
  }

  private count(entry: FieldCounts, value: string, by: number): void {
    if (value.length > this.maxValueLength) return;
    const known = entry.counts.get(value);
    if (known !== undefined) entry.counts.set(value, known + by);
    else if (entry.counts.size < this.maxDistinct) entry.counts.set(value, by);
  }

  present(field: string): number {
    return this.byField.get(field)?.present ?? 0;
  }

  top(field: string, limit: number): ValueCount[] {
    const entry = this.byField.get(field);
    if (!entry || limit <= 0) return [];
    // Stable sort: equal counts stay in order of first appearance.
    return [...entry.counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count).slice(0, limit);
  }

  fields(): string[] {
    return [...this.byField.keys()];
  }
}
