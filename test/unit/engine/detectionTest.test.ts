// runDetectionTest on detections whose search cannot run or whose data is missing
// (test/fixtures/cli/repos/engine, whose contentctl.yml maps the attack data to samples/data).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { macroTableOf } from '../../../server/src/core/analysis';
import { toDetectionFileSpan } from '../../../server/src/core/engine';
import { runDetectionTest } from '../../../server/src/node/events/detectionTest';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { repoRoot } from './support';

const contentRoot = path.join(repoRoot, 'test/fixtures/cli/repos/engine');
const { repository } = loadRepositorySync(contentRoot);
const { table: macros } = macroTableOf(repository);

test('a search that does not compile still returns the prepared search, so the error maps into the file', async () => {
  for (const [name, written] of [
    ['Shell Execution Transaction', 'transaction'],
    ['Shell Per Window Xyseries', '`shells_per_window`'],
  ]) {
    const detection = repository.detection(name);
    assert.ok(detection, name);
    const run = await runDetectionTest(detection, { contentRoot, macros });
    assert.equal(run.result.error?.code, 'engine-unsupported-command');
    assert.ok(run.search, `${name}: the prepared search is returned`);
    const span = toDetectionFileSpan(run.search, run.result.error.span!);
    assert.equal(detection.text.slice(span.start, span.end), written);
    assert.equal(run.verdict.passed, false);
  }
});

test('missing attack data is one reason, naming the local file and the URL', async () => {
  const detection = repository.detection('Missing Attack Data')!;
  const run = await runDetectionTest(detection, { contentRoot, macros });
  assert.deepEqual(run.verdict.reasons, [
    `missing data file ${path.join(repoRoot, 'samples/data/datasets/cisco_isovalent/not_there.log')} (for https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/cisco_isovalent/not_there.log)`,
  ]);
});
