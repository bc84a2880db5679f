// The SPL syntax layer: lexer, parser, tree, command and function catalogs. Pure: no IO, no
// editor or protocol types.
export { parseSpl, type SplParseOptions, type SplParseResult } from './parse';
export type * from './ast';
export type { SplToken, SplTokenKind } from './tokens';
export { toSExpr } from './sexpr';
export {
  closestName, isAggregationFunction, isEvalFunction, knownAggregationFunctions, knownCommandNames, knownEvalFunctions, lookupCommand,
  type ArgumentMode, type BracketKind, type CommandInfo,
} from './catalog';
