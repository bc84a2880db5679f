// Analysis: what needs the parser, the macros and the content model together.
export { analyzeSearch, type AnalyzeSearchOptions, type SearchAnalysis } from './analyzeSearch';
export { analyzeDetectionSpl, checkDetection, initialFieldsOf, messageTokens, toFileDiagnostics, type DetectionCheck } from './checkDetection';
export { checkFile, checkRepository, checkSplFile, macroTableOf } from './checkRepository';
export { aggregationOutputName, fieldFlow, hasField, namedGroups, OPEN_EVENTS, type FieldFlow, type FieldSet, type StageFields } from './fieldFlow';
