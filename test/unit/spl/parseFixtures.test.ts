// Parser fixtures: each `test/fixtures/parse/{ok,err}/<case>.spl` is parsed and compared with
// `<case>.tree` (the pipeline as S-expressions, see toSExpr) and, for `err` cases,
// `<case>.diagnostics` (one line per diagnostic: `code start-end message`). `ok` cases must
// give no error and no warning. A new case is a new .spl file; `UPDATE_FIXTURES=1` writes the
// expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSpl, toSExpr } from '../../../server/src/core/spl';
import type { Diagnostic } from '../../../server/src/core/diagnostics/diagnostic';

const fixturesDir = path.resolve(__dirname, '../../fixtures/parse');
const update = process.env.UPDATE_FIXTURES === '1';

function renderDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code} ${d.span.start}-${d.span.end} ${d.message}`).join('\n');
}

/** Compares `actual` with the expectation file, or writes it when updating. */
function expectFile(file: string, actual: string): void {
  const content = `${actual}\n`;
  if (update) {
    writeFileSync(file, content);
    return;
  }
  assert.ok(existsSync(file), `missing ${path.relative(fixturesDir, file)}; run with UPDATE_FIXTURES=1 to create it`);
  assert.equal(content, readFileSync(file, 'utf8'), `${path.relative(fixturesDir, file)} differs (UPDATE_FIXTURES=1 rewrites it)`);
}

function cases(kind: 'ok' | 'err'): string[] {
  const dir = path.join(fixturesDir, kind);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.spl'))
    .sort()
    .map((name) => path.join(dir, name));
}

for (const file of cases('ok')) {
  const name = path.basename(file, '.spl');
  test(`parse ok: ${name}`, () => {
    // Files end with a newline the SPL does not need; keep spans simple by dropping it.
    const text = readFileSync(file, 'utf8').replace(/\n$/, '');
    const result = parseSpl(text);
    const problems = result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.deepEqual(problems, [], `unexpected diagnostics:\n${renderDiagnostics(problems)}`);
    expectFile(file.replace(/\.spl$/, '.tree'), toSExpr(result.pipeline));
  });
}

for (const file of cases('err')) {
  const name = path.basename(file, '.spl');
  test(`parse err: ${name}`, () => {
    const text = readFileSync(file, 'utf8').replace(/\n$/, '');
    const result = parseSpl(text);
    assert.ok(result.diagnostics.length > 0, 'an err case must produce at least one diagnostic');
    expectFile(file.replace(/\.spl$/, '.diagnostics'), renderDiagnostics(result.diagnostics));
    expectFile(file.replace(/\.spl$/, '.tree'), toSExpr(result.pipeline));
  });
}
