// The content model's public face: parse content files, hold a repository of them, validate it.
export type {
  AttackData,
  ContentFile,
  ContentKind,
  DataSource,
  Deployment,
  Detection,
  DetectionTest,
  Drilldown,
  Generation,
  KeySpans,
  Located,
  Lookup,
  LookupTable,
  MacroFile,
  MacrosConfFile,
  OtherFile,
  RiskBlock,
  RiskObject,
  Story,
  SupportedTA,
  ThreatObject,
} from './model';
export { contentKindOf, parseContentFile } from './contentFile';
export { ContentRepository, type ContentEntry, type ContentRepositoryOptions } from './repository';
export { contentFileName, duplicateDiagnostics as contentDuplicateDiagnostics, splitDataSources, validateDetection, validateFile, validateMacroFile, validateRepository, type ValidationOptions } from './validate';
export { unreferencedDiagnostics } from './references';
export { keySpansAt, nodeAt, parseYamlFile, sourceTextOf, type KeyPath, type YamlFile } from './yamlFile';
export { coarseSourceText, decodeScalarToken, hasExactPositions, scalarSourceText, type DecodedScalar, type ScalarContext } from './yamlScalar';
export { baseName, dirName, fileStem, joinPath, normalizePath, relativeTo } from './paths';
