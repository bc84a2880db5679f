// What the sample data says about a document's fields, as hover and completion show it. The
// language server loads the data (a detection's test data files, read and run in the background)
// and passes a `SampleValues` scoped to the document; here it is only read and worded, so the
// editor features stay free of IO and never wait for a file.
import type { ValueCount } from '../engine/fieldValues';
import { scalarText, valuesOf, type Row } from '../engine/values';

export type { ValueCount } from '../engine/fieldValues';

export interface FieldSample {
  /** The most frequent values, most frequent first. */
  readonly values: readonly ValueCount[];
  /** Events that had the field. */
  readonly present: number;
  /** Events read. */
  readonly events: number;
  /** Where the events come from, for the user (`cisco_isovalent.log`). */
  readonly source: string;
}

export interface PreviewRows {
  /** The first result rows of the detection's search on its test data. */
  readonly rows: readonly Row[];
  /** Result rows of the whole run. */
  readonly total: number;
  /** Why the run gave no rows (a missing data file, an engine error). */
  readonly error?: string;
}

/** Sample data of one document. Both methods answer at once from what is loaded. */
export interface SampleValues {
  /** The field's top `limit` values in the sample data; undefined when none is loaded (yet). */
  topValues(field: string, limit: number): FieldSample | undefined;
  /** The detection's first result rows on its test data; undefined when it has not run (yet). */
  previewRows(): PreviewRows | undefined;
}

/** Values listed in a hover. */
export const HOVER_VALUE_COUNT = 5;
/** Distinct token values listed from the preview rows. */
export const TOKEN_VALUE_COUNT = 3;

function inlineValue(value: string): string {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

/** The hover paragraph about a field's values, or undefined when there is no sample data. A field
 * no event has is mentioned only with `mentionAbsence` (a field a stage computes is in no event). */
export function fieldValuesMarkdown(field: string, samples: SampleValues | undefined, mentionAbsence: boolean): string | undefined {
  const sample = samples?.topValues(field, HOVER_VALUE_COUNT);
  if (!sample) return undefined;
  if (sample.values.length === 0) return mentionAbsence ? `\`${field}\` has no value in the ${sample.events} sample events of ${sample.source}.` : undefined;
  const lines = sample.values.map((v) => `- ${inlineValue(v.value)} — ${v.count}`);
  return `Most frequent values in the sample data (${sample.present} of ${sample.events} events of ${sample.source} have \`${field}\`):\n${lines.join('\n')}`;
}

/** The first `limit` distinct values of `field` in the rows, in row order. */
export function distinctValuesOf(rows: readonly Row[], field: string, limit: number): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    for (const value of valuesOf(row[field])) {
      seen.add(scalarText(value));
      if (seen.size >= limit) return [...seen];
    }
  }
  return [...seen];
}

/** The hover paragraph about a risk message token's value in the preview rows, or undefined when
 * the detection has not run on its test data. */
export function tokenValuesMarkdown(field: string, samples: SampleValues | undefined): string | undefined {
  const preview = samples?.previewRows();
  if (!preview) return undefined;
  if (preview.error !== undefined) return `No preview: the search did not run on the test data (${preview.error}).`;
  const n = preview.rows.length;
  if (n === 0) return 'No preview: the search returns no rows on the test data, so no risk event is made.';
  const values = distinctValuesOf(preview.rows, field, TOKEN_VALUE_COUNT);
  const rows = `the first ${n} preview row${n === 1 ? '' : 's'} (of ${preview.total} on the test data)`;
  if (values.length === 0) return `\`$${field}$\` has no value in ${rows}: it renders empty there.`;
  return `Values in ${rows}: ${values.map(inlineValue).join(', ')}.`;
}
