// The TextMate grammars (syntaxes/): the fixtures under test/grammar are checked with
// vscode-tmgrammar-test (`npm run test:grammar` runs the same), against the grammars contributed
// in package.json plus the host YAML and Markdown grammars from the `tm-grammars` package (a dev
// dependency: the grammars VS Code ships, packaged for other editors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { knownAggregationFunctions, knownCommandNames, knownEvalFunctions } from '../../../server/src/core/spl/catalog';
import { grammarFiles } from '../../grammar/generate-grammars';

const root = path.resolve(__dirname, '../../..');
const fixtureDir = path.join(root, 'test/grammar');
/** The host grammars the injections attach to. */
const HOST_GRAMMARS = ['yaml', 'markdown'].map((name) => require.resolve(`tm-grammars/grammars/${name}.json`, { paths: [root] }));
const tool = require.resolve('vscode-tmgrammar-test/dist/unit.js', { paths: [root] });

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
}

function contributedGrammars(): GrammarContribution[] {
  const pkg = readJson('package.json') as { contributes: { grammars: GrammarContribution[] } };
  return pkg.contributes.grammars;
}

/** Runs vscode-tmgrammar-test on the given test cases; the grammars are package.json's plus the host ones. */
function runTool(cases: readonly string[]): { code: number | null; output: string } {
  const hosts = HOST_GRAMMARS.flatMap((file) => ['-g', file]);
  const result = spawnSync(process.execPath, [tool, '--config', path.join(root, 'package.json'), ...hosts, ...cases], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  // The host Markdown grammar names many embedded grammars that are not loaded: not a failure.
  const stderr = result.stderr.split('\n').filter((l) => !/^grammar not found for/.test(l)).join('\n');
  return { code: result.status, output: `${result.stdout}\n${stderr}`.trim() };
}

const fixtures = readdirSync(fixtureDir).filter((f) => /\.(spl|yml|md)$/.test(f));

test('the grammar fixtures cover .spl, YAML and Markdown', () => {
  for (const ext of ['.spl', '.yml', '.md']) assert.ok(fixtures.some((f) => f.endsWith(ext)), `no ${ext} fixture in test/grammar`);
});

test('every grammar fixture passes vscode-tmgrammar-test', () => {
  const { code, output } = runTool(fixtures.map((f) => path.join(fixtureDir, f)));
  assert.equal(code, 0, output);
  for (const f of fixtures) assert.match(output, new RegExp(`✓ .*${f.replace('.', '\\.')} run successfuly`), output);
});

test('a wrong assertion makes the tool fail (the check is not vacuous)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spl-grammar-'));
  try {
    const file = path.join(dir, 'wrong.spl');
    writeFileSync(file, '# SYNTAX TEST "source.spl" "wrong on purpose"\n| stats count\n# ^^^^^ comment.block.spl\n');
    const { code, output } = runTool([file]);
    assert.notEqual(code, 0, output);
    assert.match(output, /missing required scopes: comment\.block\.spl/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The names of the first `(?i:a|b|c)` group in a regex of the grammar. */
function alternation(regex: string): Set<string> {
  const m = /\(\?i:([a-z0-9_|]+)[|)]/.exec(regex);
  assert.ok(m, `no (?i:...) list in ${regex.slice(0, 80)}`);
  return new Set(m[1].split('|'));
}

test('syntaxes/ holds the grammars test/grammar/generate-grammars.ts builds', () => {
  for (const [name, content] of Object.entries(grammarFiles())) {
    const committed = readFileSync(path.join(root, 'syntaxes', name), 'utf8');
    assert.ok(committed === content, `syntaxes/${name} is out of date: run node --import tsx test/grammar/generate-grammars.ts`);
  }
});

test('the grammar knows the catalog commands and functions', () => {
  const grammar = readJson('syntaxes/spl.tmLanguage.json') as { repository: Record<string, { match?: string; begin?: string; patterns?: { match: string }[] }> };
  const commands = [...knownCommandNames()].sort();
  assert.deepEqual([...alternation(grammar.repository['search-start'].match!)].sort(), commands);
  assert.deepEqual([...alternation(grammar.repository.subsearch.begin!)].sort(), commands);
  const injection = readJson('syntaxes/spl-in-yaml.tmLanguage.json') as { repository: Record<string, { patterns?: { match?: string }[] }> };
  const first = injection.repository['plain-content'].patterns![0].match!;
  assert.deepEqual([...alternation(first)].sort(), commands);
  const functions = alternation(grammar.repository['function-call'].patterns![0].match);
  for (const name of [...knownEvalFunctions(), ...knownAggregationFunctions()]) assert.ok(functions.has(name), `function ${name}`);
});

test('package.json contributes the SPL grammar and the YAML and Markdown injections', () => {
  const grammars = contributedGrammars();
  const byScope = new Map(grammars.map((g) => [g.scopeName, g]));
  assert.equal(byScope.get('source.spl')?.language, 'spl');
  assert.deepEqual(byScope.get('source.yaml.spl-injection')?.injectTo, ['source.yaml']);
  assert.deepEqual(byScope.get('text.html.markdown.spl-injection')?.injectTo, ['text.html.markdown']);
  for (const g of grammars) {
    assert.ok(existsSync(path.join(root, g.path)), g.path);
    const grammar = readJson(g.path) as { scopeName: string; injectionSelector?: string };
    assert.equal(grammar.scopeName, g.scopeName, g.path);
    if (g.injectTo) {
      assert.ok(grammar.injectionSelector?.startsWith(`L:${g.injectTo[0]}`), `${g.path}: injectionSelector`);
      assert.equal(g.embeddedLanguages?.['meta.embedded.block.spl'], 'spl', `${g.path}: embeddedLanguages`);
    }
  }
});

test('the language configuration: block comment, brackets, and SPL field names as words', () => {
  const config = readJson('syntaxes/spl.language-configuration.json') as {
    comments: { blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string }[];
    wordPattern: string;
  };
  assert.deepEqual(config.comments.blockComment, ['```', '```']);
  assert.deepEqual(config.brackets, [['(', ')'], ['[', ']']]);
  assert.deepEqual(config.autoClosingPairs.map((p) => p.open).sort(), ['"', '(', '[', '`'].sort());
  const words = 'Processes.process_name=x user.groups{}.name $user$ host:port -3.5'.match(new RegExp(config.wordPattern, 'g'));
  assert.deepEqual(words, ['Processes.process_name', 'x', 'user.groups{}.name', '$user$', 'host:port', '-3.5']);
});
