// `checkRepository` over the sample repository and the shared corpus: the samples are clean,
// and the corpus has no error in its SPL or macros (the content-rule findings are pinned by
// test/unit/content/corpus.test.ts). The stricter output-field check is counted so a change in
// field flow shows up as a deliberate update of the expectation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkRepository } from '../../../server/src/core/analysis';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { corpusRoot, repoRoot } from '../../support/corpus';

const TODAY = '2026-11-27';
const SPL_CODE = /^(spl-|macro-)/;

test('every file of samples/ checks clean, the seed detection without even an information', () => {
  const { repository } = loadRepositorySync(path.join(repoRoot, 'samples'));
  const result = checkRepository(repository, { today: TODAY });
  const seed = [...result].find(([p]) => p.endsWith('cisco_isovalent___shell_execution.yml'));
  assert.ok(seed, 'the seed detection is checked');
  assert.deepEqual(seed[1], []);
  const problems = [...result].flatMap(([p, ds]) => ds.filter((d) => d.severity !== 'information').map((d) => `${path.basename(p)}: ${d.code} ${d.message}`));
  assert.deepEqual(problems, []);
});

test('the shared corpus: no SPL or macro error, and the stricter output-field findings are pinned', () => {
  const expectedFile = path.join(repoRoot, 'test/fixtures/analysis/corpus-spl-findings.json');
  const actual: Record<string, Record<string, number>> = {};
  for (const name of ['security_content', 'isovalent']) {
    const { repository } = loadRepositorySync(path.join(corpusRoot(), name));
    const counts: Record<string, number> = {};
    for (const [file, diagnostics] of checkRepository(repository, { today: TODAY })) {
      for (const d of diagnostics) {
        if (!SPL_CODE.test(d.code) && d.code !== 'content-field-not-output') continue;
        assert.notEqual(d.severity, 'error', `${path.relative(corpusRoot(), file)}: ${d.code} ${d.message}`);
        counts[d.code] = (counts[d.code] ?? 0) + 1;
      }
    }
    actual[name] = Object.fromEntries(Object.entries(counts).sort());
  }
  if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
  assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
});
