// Completion: in SPL (commands, options and keywords, eval and aggregation functions, macros,
// the fields the pipeline has at the cursor) and in a detection's YAML (keys of its generation,
// enumerated values, data source and story names, the search's output fields). Plain data in
// editor terms; server/src/lsp/completion.ts converts.
export { completeSpl, fieldsAtCursor, filterMacroNameOf, type SplCompletionInput } from './completion/spl';
export { completeDetectionYaml, type YamlCompletionInput } from './completion/yaml';
export type { CompletionItem, CompletionKind, Completions } from './completion/items';
