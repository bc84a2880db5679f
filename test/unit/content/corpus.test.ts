// The real corpus through the node loader: nothing throws, every file gets a model, the counts
// match the folders, and the rule violations per code match corpus-expected.json (reviewed:
// real contentctl accepted this content, so each count there has a reason written next to it).
// UPDATE_FIXTURES=1 rewrites the counts and keeps the reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validateRepository } from '../../../server/src/core/content/validate';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { corpusRoot, filesUnder, repoRoot } from '../../support/corpus';

const TODAY = '2026-06-30';
const expectedFile = path.join(repoRoot, 'test/fixtures/content/corpus-expected.json');

interface CorpusExpectation {
  /** Per corpus folder: "code (severity)" -> { count, reason }. */
  readonly violations: Record<string, Record<string, { count: number; reason: string }>>;
}

const ROOTS = ['security_content', 'isovalent'] as const;

function yamlCount(root: string, folder: string): number {
  const dir = path.join(root, folder);
  return existsSync(dir) ? filesUnder(dir).length : 0;
}

test('corpus: loads, models every file, counts match the folders, violations match the reviewed expectation', (t) => {
  const corpus = corpusRoot();
  const expectation = JSON.parse(readFileSync(expectedFile, 'utf8')) as CorpusExpectation;
  const actual: CorpusExpectation['violations'] = {};
  const timings: string[] = [];
  for (const name of ROOTS) {
    const root = path.join(corpus, name);
    const started = performance.now();
    const { repository, unreadable } = loadRepositorySync(root);
    const loaded = performance.now();
    const results = validateRepository(repository, { today: TODAY });
    const validated = performance.now();
    timings.push(`${name}: read ${Math.round(loaded - started)} ms, parse+model+validate ${Math.round(validated - loaded)} ms`);

    assert.equal(unreadable.size, 0);
    assert.equal(repository.detections().length, yamlCount(root, 'detections'), `${name}: one model per detection file`);
    assert.equal(repository.macroFiles().length, yamlCount(root, 'macros'), `${name}: macros`);
    assert.equal(repository.dataSources().length, yamlCount(root, 'data_sources'), `${name}: data sources`);
    assert.equal(repository.stories().length, yamlCount(root, 'stories'), `${name}: stories`);
    assert.equal(repository.lookups().length, yamlCount(root, 'lookups'), `${name}: lookups`);
    for (const d of repository.detections()) {
      assert.ok(d.name && d.search, `${d.path}: a name and a search`);
      assert.ok(!d.yaml.hasSyntaxErrors, `${d.path}: parses (after repair)`);
    }
    // Every macro file becomes a macro definition for the macro table.
    assert.equal(repository.macros().length, repository.macroFiles().length, `${name}: macro definitions`);

    const counts: Record<string, { count: number; reason: string }> = {};
    for (const diagnostics of results.values()) {
      for (const d of diagnostics) {
        const key = `${d.code} (${d.severity})`;
        const reason = expectation.violations[name]?.[key]?.reason ?? 'UNREVIEWED';
        counts[key] = { count: (counts[key]?.count ?? 0) + 1, reason };
      }
    }
    actual[name] = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }
  t.diagnostic(`corpus timings: ${timings.join('; ')}`);
  if (process.env.UPDATE_FIXTURES === '1') {
    writeFileSync(expectedFile, `${JSON.stringify({ ...expectation, violations: actual }, null, 2)}\n`);
  }
  assert.deepEqual(actual, expectation.violations);
  for (const perRoot of Object.values(actual)) {
    for (const [key, v] of Object.entries(perRoot)) assert.notEqual(v.reason, 'UNREVIEWED', `${key} needs a reviewed reason`);
  }
});

test('the sample repository (the seed detection and its companions) has no content diagnostics at all', () => {
  const { repository, unreadable } = loadRepositorySync(path.join(repoRoot, 'samples'));
  assert.equal(unreadable.size, 0);
  assert.ok(repository.detection('Cisco Isovalent - Shell Execution'), 'the seed detection is in samples/');
  assert.equal(repository.detections().length, 5);
  const all = [...validateRepository(repository, { today: TODAY })].flatMap(([file, ds]) => ds.map((d) => `${file}: ${d.code} ${d.message}`));
  assert.deepEqual(all, []);
});
