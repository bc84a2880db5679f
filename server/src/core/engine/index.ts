// The local search engine: runs an expanded SPL pipeline over events given as values (the node
// adapter reads files). See README.md in this folder for the rules it follows and its limits.
import { parseSpl, type Pipeline } from '../spl';
import { compilePipeline, type CompiledSearch, type CompileOptions } from './compile';
import { defaultFieldDefinitions } from './fieldDefinitions';
import { EngineError } from './problems';
import { runCompiled, type EventInput, type RunOptions, type SearchResult } from './run';

export { compilePipeline, type CompiledSearch, type CompileOptions } from './compile';
export { FieldExtractor, flattenJson, jsonFieldValues, parseEventJson, METADATA_FIELDS, type EventMetadata, type RawEvent } from './extract';
export {
  defaultFieldDefinitions, EMPTY_FIELD_DEFINITIONS, mergeFieldDefinitions, parseFieldDefinitions, rulesFor,
  type FieldDefinitions, type FieldDefinitionsProblem, type FieldRule,
} from './fieldDefinitions';
export { lookupTables, lookupTablesOf, NO_LOOKUPS, parseCsv, type LookupTable, type LookupTables } from './lookups';
export { EngineError, type EngineErrorCode, type EngineWarning } from './problems';
export { runCompiled, type BadLine, type DroppedReport, type EventInput, type RunOptions, type SearchResult, type StageReport } from './run';
export { applyTimeModifier, inWindow, parseTimeModifier, resolveTime, timeWindow, type TimeModifier, type TimeWindow } from './time/relativeTime';
export { isoTime, parseIsoTime, parseTimeValue, strftime, strptime } from './time/timeFormat';
export { numberText, ORIGIN_IDS_PER_ROW, originOf, scalarText, valuesOf, type FieldValue, type Row, type RowOrigin, type Scalar } from './values';

export interface SearchOptions extends CompileOptions, Partial<RunOptions> {}

/** A search ready to run: the expanded text, or its tree with the text the spans point into. */
export type SearchInput = string | { readonly text: string; readonly pipeline: Pipeline };

function errorResult(error: EngineError): SearchResult {
  return {
    columns: [],
    rows: [],
    stages: [],
    dropped: [],
    warnings: [],
    input: { events: 0, bad_lines: [], bad_line_count: 0 },
    elapsed_ms: 0,
    error: error.span ? { code: error.code, message: error.message, span: error.span } : { code: error.code, message: error.message },
  };
}

/** Compiles a search; throws EngineError (located in the text) when it cannot run. */
export function compileSearch(search: SearchInput, options: CompileOptions = {}): CompiledSearch {
  if (typeof search !== 'string') return compilePipeline(search.pipeline, search.text, options);
  const parsed = parseSpl(search, { allowMacros: false });
  const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
  if (syntax) throw new EngineError(syntax.code === 'spl-macro-not-expanded' ? 'engine-unexpanded-macro' : 'engine-syntax', syntax.message, syntax.span);
  return compilePipeline(parsed.pipeline, search, options);
}

/** Compiles and runs a search over events. Never throws: problems are the result's `error`. */
export async function runSearch(search: SearchInput, events: EventInput, options: SearchOptions = {}): Promise<SearchResult> {
  let compiled: CompiledSearch;
  try {
    compiled = compileSearch(search, options);
  } catch (error) {
    if (error instanceof EngineError) return errorResult(error);
    throw error;
  }
  return runCompiled(compiled, events, { ...options, fieldDefinitions: options.fieldDefinitions ?? defaultFieldDefinitions() });
}
export { attackDataMetadata, prepareDetectionSearch, prepareSearch, scheduledWindow, toDetectionFileSpan, type DetectionSearch } from './detectionSearch';
export { judgeTest, type MissingDataFile, type TestVerdict } from './judgeTest';
export { renderMessage, renderRisk, SEVERITY_BANDS, severityBandOf, severityOf, type RiskEvent, type RiskRendering, type Severity, type ThreatObjectValue } from './risk';
