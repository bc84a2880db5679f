// Analysis: what needs the parser, the macros and the content model together.
export { analyzeSearch, type AnalyzeSearchOptions, type SearchAnalysis } from './analyzeSearch';
export { analyzeDetectionSpl, checkDetection, initialFieldsOf, messageTokens, toFileDiagnostics, type DetectionCheck } from './checkDetection';
export { checkFile, checkFileInRepository, checkRepository, checkSplFile, macroTableOf, type RepositoryMacros } from './checkRepository';
export { crossFileDiagnostics } from './crossFile';
export { aggregationOutputName, fieldFlow, hasField, namedGroups, OPEN_EVENTS, type FieldFlow, type FieldSet, type StageFields } from './fieldFlow';
