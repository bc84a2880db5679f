// Runs a detection's unit test locally, as `contentctl test` would: each attack_data URL is
// mapped to a local file through contentctl.yml's `test_data_caches` (base_url → base_directory,
// relative to contentctl.yml), the files are read with the test's source and sourcetype, the
// expanded search runs, and contentctl's verdict is computed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Detection } from '../../core/content/model';
import {
  attackDataMetadata, compileSearch, defaultFieldDefinitions, judgeTest, prepareDetectionSearch, renderRisk, EngineError,
  type DetectionSearch, type FieldDefinitions, type LookupTables, type MissingDataFile, type RiskRendering, type SearchResult, type TestVerdict,
} from '../../core/engine';
import type { MacroTable } from '../../core/macros/macroTable';
import { runSearchOnFiles } from './runOnFiles';
import type { EventFileInput } from './readNdjson';

export interface TestDataCache {
  readonly baseUrl: string;
  /** Absolute folder. */
  readonly directory: string;
}

/** The `test_data_caches` of `<root>/contentctl.yml` (none when the file or key is absent). */
export function readTestDataCaches(contentRoot: string): TestDataCache[] {
  const file = path.join(contentRoot, 'contentctl.yml');
  if (!existsSync(file)) return [];
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const entries = (doc as { test_data_caches?: unknown })?.test_data_caches;
  if (!Array.isArray(entries)) return [];
  const out: TestDataCache[] = [];
  for (const entry of entries as Record<string, unknown>[]) {
    const baseUrl = entry?.base_url;
    const dir = entry?.base_directory ?? entry?.base_directory_name;
    if (typeof baseUrl === 'string' && typeof dir === 'string') out.push({ baseUrl, directory: path.resolve(path.dirname(file), dir) });
  }
  return out;
}

/** The local file of an attack_data URL, or undefined when no cache maps it. Local paths (not
 * URLs) are taken relative to the content root. */
export function resolveAttackData(url: string, caches: readonly TestDataCache[], contentRoot: string): string | undefined {
  for (const cache of caches) {
    if (url.startsWith(cache.baseUrl)) return path.join(cache.directory, ...url.slice(cache.baseUrl.length).split('/'));
  }
  if (!/^[a-z]+:\/\//i.test(url)) return path.resolve(contentRoot, url);
  return undefined;
}

export interface DetectionTestRun {
  readonly search?: DetectionSearch;
  readonly inputs: readonly EventFileInput[];
  readonly missing: readonly MissingDataFile[];
  readonly result: SearchResult;
  readonly verdict: TestVerdict;
  readonly risk?: RiskRendering;
}

export interface DetectionTestOptions {
  readonly contentRoot: string;
  readonly macros: MacroTable;
  readonly testIndex?: number;
  readonly fieldDefinitions?: FieldDefinitions;
  readonly lookups?: LookupTables;
  readonly now?: number;
  /** Attack-data URL prefixes mapped before contentctl.yml's test_data_caches (user settings). */
  readonly extraCaches?: readonly TestDataCache[];
  /** Files that replace the test's attack data (read with the first entry's source and sourcetype). */
  readonly dataFiles?: readonly string[];
}

function failedResult(error: EngineError): SearchResult {
  return {
    columns: [], rows: [], stages: [], dropped: [], warnings: [], input: { events: 0, bad_lines: [], bad_line_count: 0 }, elapsed_ms: 0,
    error: error.span ? { code: error.code, message: error.message, span: error.span } : { code: error.code, message: error.message },
  };
}

export async function runDetectionTest(detection: Detection, options: DetectionTestOptions): Promise<DetectionTestRun> {
  const test = detection.tests[options.testIndex ?? 0];
  const caches = [...(options.extraCaches ?? []), ...readTestDataCaches(options.contentRoot)];
  const inputs: EventFileInput[] = [];
  const missing: MissingDataFile[] = [];
  if (options.dataFiles) {
    const first = test?.attackData[0];
    const metadata = first ? attackDataMetadata(first) : {};
    for (const file of options.dataFiles) {
      if (existsSync(file)) inputs.push({ path: file, metadata });
      else missing.push({ url: file, path: file });
    }
  }
  for (const data of options.dataFiles ? [] : (test?.attackData ?? [])) {
    const url = data.data?.value;
    if (!url) continue;
    const file = resolveAttackData(url, caches, options.contentRoot);
    if (!file || !existsSync(file)) missing.push(file ? { url, path: file } : { url });
    else inputs.push({ path: file, metadata: attackDataMetadata(data) });
  }
  let search: DetectionSearch | undefined;
  try {
    search = prepareDetectionSearch(detection, options.macros);
    compileSearch(search, { now: options.now, lookups: options.lookups });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const result = failedResult(error);
    // The prepared search (when it got that far) maps the error's span back to the file.
    return { ...(search ? { search } : {}), inputs, missing, result, verdict: judgeTest(detection.risk, result, missing) };
  }
  const result = missing.length
    ? failedResult(new EngineError('engine-input', `missing data file ${missing[0].path ?? missing[0].url}`))
    : await runSearchOnFiles(search, inputs, { now: options.now, lookups: options.lookups, fieldDefinitions: options.fieldDefinitions ?? defaultFieldDefinitions() });
  const verdict = judgeTest(detection.risk, result, missing);
  const risk = detection.risk && !result.error ? renderRisk(detection.risk, result.rows) : undefined;
  return { search, inputs, missing, result, verdict, ...(risk ? { risk } : {}) };
}
