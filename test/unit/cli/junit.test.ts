// `spl-workbench test --junit FILE`: the bundled CLI writes JUnit XML that CI systems read; the
// XML is checked with plain string and regex checks (no XML library in the project).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { junitXml, type TestOutcome } from '../../../server/src/cli/test';
import { repoRoot } from '../../support/corpus';

const cli = path.join(repoRoot, 'dist/cli/spl-workbench.js');

/** The attributes of each element named `tag`, in document order. */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

test('test --junit writes one testcase per detection test, failures with their reasons', () => {
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'splwb-junit-'));
  try {
    const out = path.join(dir, 'junit.xml');
    const run = spawnSync(process.execPath, [cli, 'test', 'samples', 'test/fixtures/cli/repos/engine', '--junit', out], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /\n6 passed, 4 failed\n$/);
    const xml = readFileSync(out, 'utf8');
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
    assert.ok(xml.endsWith('</testsuites>\n'));
    // Every opened element is closed.
    for (const tag of ['testsuites', 'testsuite', 'testcase', 'failure', 'system-out']) {
      assert.equal((xml.match(new RegExp(`<${tag}\\b`, 'g')) ?? []).length, (xml.match(new RegExp(`</${tag}>`, 'g')) ?? []).length, tag);
    }
    assert.deepEqual(elements(xml, 'testsuites').map((s) => [s.tests, s.failures]), [['10', '4']]);
    assert.deepEqual(elements(xml, 'testsuite').map((s) => [s.name, s.tests, s.failures]), [
      ['samples', '5', '0'],
      ['test/fixtures/cli/repos/engine', '5', '4'],
    ]);
    const cases = elements(xml, 'testcase');
    assert.equal(cases.length, 10);
    assert.ok(cases.every((c) => c.name === 'True Positive Test' && /^\d+\.\d{3}$/.test(c.time)));
    assert.deepEqual(
      cases.filter((c) => c.file.startsWith('samples/')).map((c) => c.classname),
      [
        'Cisco Isovalent - Cron Job Created In Container',
        'Cisco Isovalent - Curl or Wget Without TLS Verification',
        'Cisco Isovalent - Host Namespace Entry With Nsenter',
        'Cisco Isovalent - Shell Execution',
        'Cisco Isovalent - Workload Image Outside Allowed Registries',
      ],
    );
    const failures = elements(xml, 'failure');
    assert.deepEqual(failures.map((f) => f.message), [
      'missing data file samples/data/datasets/cisco_isovalent/not_there.log (for https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/cisco_isovalent/not_there.log)',
      'the search failed at test/fixtures/cli/repos/engine/detections/endpoint/shell_execution_transaction.yml:13:5: The command transaction is not run by the local engine.',
      'risk object field node_name is null in 14 of 14 rows',
      'the search failed at test/fixtures/cli/repos/engine/detections/endpoint/shell_per_window_xyseries.yml:14:5: The command xyseries is not run by the local engine.',
    ]);
    assert.ok(failures.every((f) => f.type === 'contentctl-test'));
    assert.match(xml, /<testcase name="True Positive Test" classname="Shell Execution Copy" [^>]*>\n\s*<system-out>passed: 34 rows<\/system-out>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('junit XML escapes markup and drops characters XML cannot carry', () => {
  const outcome: TestOutcome = {
    file: 'd/x&y.yml',
    detection: 'A <b>"bold"</b> & \'quoted\'',
    test: 'tab\tnul\u0000esc\u001b lone\ud800',
    passed: false,
    reasons: ['risk object field <x> is null', 'second & last'],
    summary: 'risk object field <x> is null',
    seconds: 0.5,
  };
  const xml = junitXml([outcome], new Map([['suite "1"', [outcome]]]));
  assert.ok(xml.includes('<testsuite name="suite &quot;1&quot;" tests="1" failures="1"'));
  assert.ok(xml.includes('classname="A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &apos;quoted&apos;"'));
  assert.ok(xml.includes('name="tab&#9;nul\uFFFDesc\uFFFD lone\uFFFD"'));
  assert.ok(xml.includes('file="d/x&amp;y.yml"'));
  assert.ok(xml.includes('>risk object field &lt;x&gt; is null\nsecond &amp; last</failure>'));
  // Nothing outside XML 1.0's characters is left.
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
});
