// The SPL reference (hover, completion, signature help) covers what the project meets: every
// command, eval function and statistical function the shared corpus uses and every one the catalog
// knows, with flags that agree with the catalog. The generated JSON is what the sources compile
// to, and every entry's example is a search that parses and uses the entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  isAggregationFunction, isEvalFunction, knownAggregationFunctions, knownCommandNames, knownEvalFunctions, lookupCommand, parseSpl,
  type Pipeline,
} from '../../../server/src/core/spl';
import {
  allCommandReferences, allEvalFunctionReferences, allStatsFunctionReferences, commandKeywordReference, commandOptionReference,
  commandReference, evalFunctionReference, statsFunctionReference, type FunctionReference,
} from '../../../server/src/core/spl/reference';
import { GENERATED_FILE, buildReference, readSources, renderReference, type ReferenceSources } from '../../../scripts/generate-reference';
import { loadCorpusSearches } from './support/corpusSearches';

/** What a tree uses: command names (macro and error stages left out), eval function calls and
 * aggregation functions, each with one place it occurs. */
interface Usage {
  readonly commands: Map<string, string>;
  readonly evalFunctions: Map<string, string>;
  readonly aggregations: Map<string, string>;
}

function emptyUsage(): Usage {
  return { commands: new Map(), evalFunctions: new Map(), aggregations: new Map() };
}

/** Walks every node of the tree (subsearches and option values included). */
function collectUsage(pipeline: Pipeline, where: string, usage: Usage): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    switch (record.kind) {
      case 'pipeline':
        for (const stage of (record as unknown as Pipeline).stages) {
          if (stage.kind !== 'macro' && stage.kind !== 'error' && !usage.commands.has(stage.name)) usage.commands.set(stage.name, where);
        }
        break;
      case 'eval-call':
        if (!usage.evalFunctions.has(record.name as string)) usage.evalFunctions.set(record.name as string, where);
        break;
      case 'aggregation':
        if (!usage.aggregations.has(record.function as string)) usage.aggregations.set(record.function as string, where);
        break;
    }
    for (const [key, value] of Object.entries(record)) {
      if (!key.endsWith('pan')) visit(value); // span, nameSpan, operatorSpan...: offsets only
    }
  };
  visit(pipeline);
}

const corpus = loadCorpusSearches();
const corpusUsage = emptyUsage();
for (const t of corpus.texts) {
  collectUsage(parseSpl(t.text, { macroDefinition: t.macroDefinition }).pipeline, `${t.file} ${t.where}`, corpusUsage);
}

/** Examples that cannot parse cleanly because of the catalog, each with its reason. The test
 * fails when one of them parses cleanly again, so the list stays honest. */
const EXAMPLES_AT_ODDS_WITH_THE_CATALOG: Readonly<Record<string, string>> = {};

const missing = (names: Iterable<[string, string]>, has: (name: string) => boolean) =>
  [...names].filter(([name]) => !has(name)).map(([name, where]) => `${name} (${where})`).sort();

test('the corpus walk finds what the corpus is known to use', () => {
  // A guard against a silently empty walk.
  assert.ok(corpus.texts.length > 3000, `only ${corpus.texts.length} searches found`);
  for (const name of ['tstats', 'stats', 'eval', 'rename', 'cyberchef']) assert.ok(corpusUsage.commands.has(name), name);
  for (const name of ['if', 'match', 'mvindex']) assert.ok(corpusUsage.evalFunctions.has(name), name);
  for (const name of ['values', 'count', 'dc']) assert.ok(corpusUsage.aggregations.has(name), name);
});

test('every command the corpus uses has an entry, app commands included', () => {
  assert.deepEqual(missing(corpusUsage.commands, (n) => commandReference(n) !== undefined), []);
  assert.equal(commandReference('cyberchef')?.provider, 'app');
});

test('every eval function the corpus calls has an entry', () => {
  assert.deepEqual(missing(corpusUsage.evalFunctions, (n) => evalFunctionReference(n) !== undefined), []);
});

test('every aggregation function the corpus uses has an entry (aliases and percentiles normalised)', () => {
  assert.deepEqual(missing(corpusUsage.aggregations, (n) => statsFunctionReference(n) !== undefined), []);
});

test('every catalog command has an entry whose flags agree with the catalog', () => {
  const problems: string[] = [];
  for (const name of knownCommandNames()) {
    const entry = commandReference(name);
    const info = lookupCommand(name);
    if (!entry || !info) {
      problems.push(`${name}: no entry`);
      continue;
    }
    if (entry.generating !== info.generating) problems.push(`${name}: generating ${entry.generating}, catalog ${info.generating}`);
    if (entry.transforming !== info.transforming) problems.push(`${name}: transforming ${entry.transforming}, catalog ${info.transforming}`);
  }
  assert.deepEqual(problems, []);
});

test('every catalog eval function and aggregation function has an entry', () => {
  assert.deepEqual(knownEvalFunctions().filter((n) => !evalFunctionReference(n)), []);
  assert.deepEqual(knownAggregationFunctions().filter((n) => !statsFunctionReference(n)), []);
});

test('the reference names nothing the catalog does not know, except app commands', () => {
  const commands = allCommandReferences()
    .filter((e) => e.provider !== 'app')
    .flatMap((e) => [e.name, ...e.aliases])
    .filter((n) => !lookupCommand(n));
  assert.deepEqual(commands, []);
  const evalFunctions = allEvalFunctionReferences().flatMap((e) => [e.name, ...e.aliases]).filter((n) => !isEvalFunction(n));
  assert.deepEqual(evalFunctions, []);
  // A percentile family is named by its prefix: the catalog knows it with a number.
  const percentile = (n: string) => (['perc', 'exactperc', 'upperperc'].includes(n) ? `${n}95` : n);
  const stats = allStatsFunctionReferences().flatMap((e) => [e.name, ...e.aliases]).filter((n) => !isAggregationFunction(percentile(n)));
  assert.deepEqual(stats, []);
});

test('lookups are case-insensitive and resolve aliases and percentile families', () => {
  assert.equal(commandReference('STATS')?.name, 'stats');
  assert.equal(commandReference('bucket')?.name, 'bin');
  assert.equal(commandReference('kv')?.name, 'extract');
  assert.equal(evalFunctionReference('IF')?.name, 'if');
  assert.equal(evalFunctionReference('ceil')?.name, 'ceiling');
  assert.equal(statsFunctionReference('c')?.name, 'count');
  assert.equal(statsFunctionReference('DC')?.name, 'distinct_count');
  assert.equal(statsFunctionReference('mean')?.name, 'avg');
  for (const [name, family] of [['perc95', 'perc'], ['p99', 'perc'], ['perc99.9', 'perc'], ['exactperc99', 'exactperc'], ['upperperc90', 'upperperc']]) {
    assert.equal(statsFunctionReference(name)?.name, family, name);
  }
  assert.equal(statsFunctionReference('perc'), allStatsFunctionReferences().find((e) => e.name === 'perc'));
  assert.equal(statsFunctionReference('percx'), undefined);
  assert.equal(commandReference('nosuchcommand'), undefined);
  assert.equal(commandOptionReference('rex', 'MAX_MATCH')?.name, 'max_match');
  assert.equal(commandKeywordReference('lookup', 'outputnew')?.name, 'OUTPUTNEW');
});

test('the generated JSON is up to date with the sources', () => {
  const { data, problems } = buildReference(readSources());
  assert.deepEqual(problems, []);
  assert.ok(
    readFileSync(GENERATED_FILE, 'utf8') === renderReference(data),
    'regenerate with: npm run generate-reference',
  );
});

test('the generator reports malformed sources', () => {
  const valid = readSources();
  const broken: ReferenceSources = {
    ...valid,
    evalFunctions: [
      '- name: Bad',
      '  signature: bad(x)',
      '  summary: s',
      '  description: One sentence only.',
      '  example: index=a | eval y=bad(x)',
      '  parameters: [{name: z, description: d}]',
      '  returns: r',
      '  colour: blue',
      '- name: if',
      '  signature: if(a)',
      '  summary: s',
      '  description: A duplicate. It has two sentences and is long enough to pass the length check.',
      '  example: index=a | eval y=if(a, 1, 0)',
      '  parameters: []',
      '  returns: r',
      '- name: if',
    ].join('\n'),
  };
  const { problems } = buildReference(broken);
  const expected = [
    `name 'Bad' must be lowercase`,
    'description must be 2 to 4 sentences',
    `parameter 'z' is not in the signature`,
    `unknown field 'colour'`,
    `'signature' must be a non-empty string`,
    `'if' is used by both 'if' and 'if'`,
  ];
  for (const e of expected) assert.ok(problems.some((p) => p.includes(e)), `no problem mentions "${e}":\n${problems.join('\n')}`);
});

test('every entry is complete', () => {
  const problems: string[] = [];
  const check = (label: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') problems.push(label);
  };
  for (const e of allCommandReferences()) {
    for (const key of ['name', 'syntax', 'summary', 'description', 'example'] as const) check(`${e.name}.${key}`, e[key]);
    for (const item of [...e.options, ...e.keywords]) check(`${e.name}: ${item.name}`, item.description);
  }
  const checkFunction = (e: FunctionReference) => {
    for (const key of ['name', 'signature', 'summary', 'description', 'example', 'returns'] as const) check(`${e.name}.${key}`, e[key]);
    for (const p of e.parameters) check(`${e.name}(${p.name})`, p.description);
  };
  allEvalFunctionReferences().forEach(checkFunction);
  allStatsFunctionReferences().forEach(checkFunction);
  assert.deepEqual(problems, []);
});

test('every example parses without errors and uses its entry', () => {
  const problems: string[] = [];
  const stillAtOdds = new Set<string>();
  const checkExample = (kind: string, name: string, example: string, uses: (usage: Usage) => boolean) => {
    const result = parseSpl(example);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (kind === 'command' && name in EXAMPLES_AT_ODDS_WITH_THE_CATALOG) {
      if (errors.length > 0) stillAtOdds.add(name);
    } else {
      for (const d of errors) problems.push(`${kind} ${name}: ${d.code} ${d.message}`);
    }
    const usage = emptyUsage();
    collectUsage(result.pipeline, example, usage);
    if (!uses(usage)) problems.push(`${kind} ${name}: the example does not use it`);
  };
  for (const e of allCommandReferences()) {
    checkExample('command', e.name, e.example, (u) => [...u.commands.keys()].some((n) => commandReference(n) === e));
  }
  for (const e of allEvalFunctionReferences()) {
    checkExample('eval function', e.name, e.example, (u) => [...u.evalFunctions.keys()].some((n) => evalFunctionReference(n) === e));
  }
  for (const e of allStatsFunctionReferences()) {
    checkExample('stats function', e.name, e.example, (u) => [...u.aggregations.keys()].some((n) => statsFunctionReference(n) === e));
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(
    Object.keys(EXAMPLES_AT_ODDS_WITH_THE_CATALOG).filter((n) => !stillAtOdds.has(n)),
    [],
    'these examples parse cleanly now: remove them from EXAMPLES_AT_ODDS_WITH_THE_CATALOG',
  );
});
