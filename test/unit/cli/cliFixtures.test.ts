// The bundled CLI (dist/cli/spl-workbench.js, built before the tests run) against fixture cases:
// test/fixtures/cli/cases/<case>.json holds the arguments and the expected exit code,
// <case>.out the expected standard output. UPDATE_FIXTURES=1 rewrites the .out files.
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
}

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()) {
  const name = file.replace(/\.json$/, '');
  test(`spl-workbench ${name}`, () => {
    assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
    const spec = JSON.parse(readFileSync(path.join(casesDir, file), 'utf8')) as CliCase;
    const run = spawnSync(process.execPath, [cli, ...spec.args], { cwd: repoRoot, encoding: 'utf8' });
    const expectedFile = path.join(casesDir, `${name}.out`);
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, run.stdout);
    assert.equal(run.status, spec.exit, `exit code; stderr:\n${run.stderr}`);
    assert.equal(run.stdout, readFileSync(expectedFile, 'utf8'));
    if (spec.exit === 2) assert.match(run.stderr, /Usage:|spl-workbench/);
  });
}
