// Every search of the shared corpus parses: detection searches, drilldown searches and macro
// definitions give no error, and no command is unknown. The exceptions are listed, each with its
// reason, in test/fixtures/parse/corpus-expected-errors.json; the test fails on a new problem
// and on a listed one that went away, so the list stays honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSpl } from '../../../server/src/core/spl';
import { loadCorpusSearches } from './support/corpusSearches';

interface Expectations {
  readonly errors: readonly { file: string; where: string; code: string; reason: string }[];
  readonly unknownCommands: readonly { command: string; reason: string }[];
  readonly unparsableYaml: readonly { file: string; reason: string }[];
}

const expectationsFile = path.resolve(__dirname, '../../fixtures/parse/corpus-expected-errors.json');
const expected = JSON.parse(readFileSync(expectationsFile, 'utf8')) as Expectations;

const corpus = loadCorpusSearches();
const parsed = corpus.texts.map((t) => ({ ...t, result: parseSpl(t.text, { macroDefinition: t.macroDefinition }) }));

test('the corpus holds the expected number of searches', () => {
  // A guard against a silently empty corpus (or a broken walk).
  assert.ok(corpus.texts.length > 3000, `only ${corpus.texts.length} searches found`);
});

test('YAML files the yaml package cannot read are exactly the listed ones', () => {
  assert.deepEqual([...corpus.unparsableYaml].sort(), expected.unparsableYaml.map((e) => e.file).sort());
});

test('every corpus search parses without errors, except the listed ones', () => {
  const actual: string[] = [];
  for (const t of parsed) {
    for (const d of t.result.diagnostics) {
      if (d.severity !== 'error') continue;
      actual.push(`${t.file} ${t.where} ${d.code}: ${d.message} at ${JSON.stringify(t.text.slice(d.span.start, d.span.end))}`);
    }
  }
  const listed = new Set(expected.errors.map((e) => `${e.file} ${e.where} ${e.code}`));
  const unexpected = actual.filter((line) => !listed.has(line.slice(0, line.indexOf(':'))));
  assert.deepEqual(unexpected, [], 'new parse errors in the corpus');
  const found = new Set(actual.map((line) => line.slice(0, line.indexOf(':'))));
  const gone = [...listed].filter((key) => !found.has(key));
  assert.deepEqual(gone, [], 'listed corpus errors no longer occur: remove them from corpus-expected-errors.json');
});

test('every command the corpus uses is known, except the listed app commands', () => {
  const unknown = new Set<string>();
  for (const t of parsed) {
    for (const d of t.result.diagnostics) {
      if (d.code === 'spl-unknown-command') unknown.add(t.text.slice(d.span.start, d.span.end).toLowerCase());
    }
  }
  assert.deepEqual([...unknown].sort(), expected.unknownCommands.map((e) => e.command).sort());
});

test('no unknown eval or statistical function in the corpus', () => {
  const unknown: string[] = [];
  for (const t of parsed) {
    for (const d of t.result.diagnostics) {
      if (d.code === 'spl-unknown-function') unknown.push(`${t.file} ${t.where}: ${d.message}`);
    }
  }
  assert.deepEqual(unknown, []);
});
