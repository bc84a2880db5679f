// contentctl rules as data: each folder of test/fixtures/content is a mini repository (read
// with the node loader) and its expected.json lists every diagnostic validation reports, as
// { file, code, severity, line, character } (0-based). UPDATE_FIXTURES=1 rewrites them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validateRepository } from '../../../server/src/core/content/validate';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { repoRoot } from '../../support/corpus';

/** Fixed, so fixtures do not age: content dated after it is "in the future". */
const FIXTURE_TODAY = '2026-06-30';

const fixturesDir = path.join(repoRoot, 'test/fixtures/content');
const update = process.env.UPDATE_FIXTURES === '1';

interface Expected {
  readonly file: string;
  readonly code: string;
  readonly severity: string;
  readonly line: number;
  readonly character: number;
}

function diagnosticsOf(root: string): Expected[] {
  const { repository, unreadable } = loadRepositorySync(root);
  assert.equal(unreadable.size, 0);
  const out: Expected[] = [];
  for (const [file, diagnostics] of validateRepository(repository, { today: FIXTURE_TODAY })) {
    const text = repository.file(file)?.text ?? '';
    const lines = new LineIndex(text);
    for (const d of diagnostics) {
      const at = lines.positionAt(d.span.start);
      out.push({ file: path.relative(root, file).split(path.sep).join('/'), code: d.code, severity: d.severity, line: at.line, character: at.character });
    }
  }
  return out.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.character - b.character || a.code.localeCompare(b.code),
  );
}

const cases = readdirSync(fixturesDir)
  .filter((name) => statSync(path.join(fixturesDir, name)).isDirectory())
  .sort();

for (const name of cases) {
  test(`content rules: ${name}`, () => {
    const dir = path.join(fixturesDir, name);
    const actual = diagnosticsOf(dir);
    const expectedFile = path.join(dir, 'expected.json');
    if (update) writeFileSync(expectedFile, `[\n${actual.map((d) => `  ${JSON.stringify(d)}`).join(',\n')}\n]\n`);
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
    assert.deepEqual(actual, expected);
  });
}

test('every content rule fixture folder has an expected.json', () => {
  for (const name of cases) assert.ok(readdirSync(path.join(fixturesDir, name)).includes('expected.json'), name);
});
