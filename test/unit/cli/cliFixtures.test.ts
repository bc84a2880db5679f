// The bundled CLI (dist/cli/spl-workbench.js, built before the tests run) against fixture cases:
// test/fixtures/cli/cases/<case>.json holds the arguments and the expected exit code,
// <case>.out the expected standard output (and <case>.err the expected standard error, when the
// case says `"stderr": true`). UPDATE_FIXTURES=1 rewrites the .out and .err files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/corpus';

const casesDir = path.join(repoRoot, 'test/fixtures/cli/cases');
const cli = path.join(repoRoot, 'dist/cli/spl-workbench.js');

interface CliCase {
  readonly args: readonly string[];
  readonly exit: number;
  /** Figures that change from run to run, replaced before comparing (in the output and in the
   * expectation): "ms" sets `"elapsed_ms": N`, `"ms": N` and `N ms` to 0. */
  readonly normalize?: readonly 'ms'[];
  /** Compare standard error with <case>.err too. */
  readonly stderr?: boolean;
}

const NORMALIZERS: Record<'ms', (text: string) => string> = {
  ms: (text) => text.replace(/"(elapsed_ms|ms)": \d+(?:\.\d+)?/g, '"$1": 0').replace(/\b\d+(?:\.\d+)? ms\b/g, '0 ms'),
};

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()) {
  const name = file.replace(/\.json$/, '');
  test(`spl-workbench ${name}`, () => {
    assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
    const spec = JSON.parse(readFileSync(path.join(casesDir, file), 'utf8')) as CliCase;
    for (const n of spec.normalize ?? []) assert.ok(n in NORMALIZERS, `unknown normalize entry ${n}`);
    const normalize = (text: string): string => (spec.normalize ?? []).reduce((t, n) => NORMALIZERS[n](t), text);
    const run = spawnSync(process.execPath, [cli, ...spec.args], { cwd: repoRoot, encoding: 'utf8' });
    const stdout = normalize(run.stdout);
    const stderr = normalize(run.stderr);
    const expectedFile = path.join(casesDir, `${name}.out`);
    const expectedErrFile = path.join(casesDir, `${name}.err`);
    if (process.env.UPDATE_FIXTURES === '1') {
      writeFileSync(expectedFile, stdout);
      if (spec.stderr) writeFileSync(expectedErrFile, stderr);
    }
    assert.equal(run.status, spec.exit, `exit code; stderr:\n${run.stderr}`);
    assert.equal(stdout, normalize(readFileSync(expectedFile, 'utf8')));
    if (spec.stderr) assert.equal(stderr, normalize(readFileSync(expectedErrFile, 'utf8')));
    if (spec.exit === 2) assert.match(run.stderr, /Usage:|spl-workbench/);
  });
}
