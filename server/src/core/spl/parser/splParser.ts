// The complete grammar, analysed once: building a chevrotain parser is costly, using one is
// cheap. Each stage of each search is parsed by this one instance, one at a time.
import type { Command } from '../ast';
import { CommandParser } from './commands';

class SplParser extends CommandParser {
  constructor(validateGrammar: boolean) {
    super(validateGrammar);
    this.performSelfAnalysis();
  }
}

export type { SplParser };

/** A parser that runs chevrotain's grammar checks while it is built (they throw on a problem). */
export function createCheckedSplParser(): SplParser {
  return new SplParser(true);
}

export const splParser = new SplParser(false);

type StageRule = (parser: SplParser) => Command;

/** Commands with a dedicated rule; every other command uses `genericCommand`. */
const STAGE_RULES: Readonly<Record<string, StageRule>> = {
  search: (p) => p.searchCommand(),
  where: (p) => p.whereCommand(),
  eval: (p) => p.evalCommand(),
  fieldformat: (p) => p.evalCommand(),
  stats: (p) => p.statsCommand(),
  eventstats: (p) => p.statsCommand(),
  streamstats: (p) => p.statsCommand(),
  sistats: (p) => p.statsCommand(),
  chart: (p) => p.chartCommand(),
  timechart: (p) => p.chartCommand(),
  sichart: (p) => p.chartCommand(),
  sitimechart: (p) => p.chartCommand(),
  geostats: (p) => p.chartCommand(),
  tstats: (p) => p.tstatsCommand(),
  mstats: (p) => p.tstatsCommand(),
  table: (p) => p.tableCommand(),
  fields: (p) => p.fieldsCommand(),
  rename: (p) => p.renameCommand(),
  dedup: (p) => p.dedupCommand(),
  sort: (p) => p.sortCommand(),
  head: (p) => p.headCommand(),
  tail: (p) => p.headCommand(),
  rex: (p) => p.rexCommand(),
  regex: (p) => p.regexCommand(),
  lookup: (p) => p.lookupCommand(),
  inputlookup: (p) => p.inputlookupCommand(),
  join: (p) => p.joinCommand(),
  append: (p) => p.appendCommand(),
  appendcols: (p) => p.appendCommand(),
  appendpipe: (p) => p.appendCommand(),
  bin: (p) => p.binCommand(),
  bucket: (p) => p.binCommand(),
  fillnull: (p) => p.fillnullCommand(),
  mvexpand: (p) => p.mvexpandCommand(),
  spath: (p) => p.spathCommand(),
  convert: (p) => p.convertCommand(),
  makeresults: (p) => p.makeresultsCommand(),
  top: (p) => p.topCommand(),
  rare: (p) => p.topCommand(),
  iplocation: (p) => p.iplocationCommand(),
  foreach: (p) => p.foreachCommand(),
  transaction: (p) => p.transactionCommand(),
};

export function stageRuleFor(command: string): StageRule {
  return STAGE_RULES[command] ?? ((p) => p.genericCommand());
}
