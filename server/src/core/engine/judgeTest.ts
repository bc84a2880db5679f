// contentctl's verdict on a detection test, locally (detection-formats.md, "How a detection
// test is judged"): the search returns at least one row, every risk-object field is present and
// not null in every row, and each threat-object field is not null in some row.
import type { RiskBlock } from '../content/model';
import type { SearchResult } from './run';
import { valuesOf, type Row } from './values';

export interface MissingDataFile {
  /** The attack_data URL as the test names it. */
  readonly url: string;
  /** Where it was looked for locally (undefined when no test_data_caches entry maps it). */
  readonly path?: string;
}

export interface TestVerdict {
  readonly passed: boolean;
  /** Why it failed, one line per reason (empty when it passed). */
  readonly reasons: readonly string[];
  /** The first reason, or "passed: N rows". */
  readonly summary: string;
}

const present = (row: Row, field: string): boolean => valuesOf(row[field]).length > 0;

export function judgeTest(risk: RiskBlock | undefined, result: Pick<SearchResult, 'rows' | 'error'>, missing: readonly MissingDataFile[] = []): TestVerdict {
  const reasons: string[] = [];
  for (const m of missing) reasons.push(m.path ? `missing data file ${m.path} (for ${m.url})` : `missing data file: no test_data_caches entry maps ${m.url}`);
  // A run that could not read its missing files says so with an engine-input error: the missing
  // files are the reason, said once.
  if (result.error && !(missing.length > 0 && result.error.code === 'engine-input')) reasons.push(`the search failed: ${result.error.message}`);
  const rows = result.rows;
  if (reasons.length === 0 && rows.length === 0) reasons.push('no rows');
  if (reasons.length === 0 && risk) {
    for (const r of risk.riskObjects) {
      const field = r.field.value;
      const nulls = rows.filter((row) => !present(row, field)).length;
      if (nulls > 0) reasons.push(`risk object field ${field} is null in ${nulls} of ${rows.length} row${rows.length === 1 ? '' : 's'}`);
    }
    for (const t of risk.threatObjects) {
      const field = t.field.value;
      if (!rows.some((row) => present(row, field))) reasons.push(`threat object field ${field} is null in every row`);
    }
  }
  const passed = reasons.length === 0;
  return { passed, reasons, summary: passed ? `passed: ${rows.length} row${rows.length === 1 ? '' : 's'}` : reasons[0] };
}
