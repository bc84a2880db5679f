// Field flow fixtures: test/fixtures/field-flow/<case>.spl is a search (expanded with the
// built-in macros only), <case>.expected lists each stage's output fields, one line a stage:
// `<command>: <closed|open> <field> <field> ...`. UPDATE_FIXTURES=1 rewrites the expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeSearch } from '../../../server/src/core/analysis';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';
import { repoRoot } from '../../support/corpus';

const dir = path.join(repoRoot, 'test/fixtures/field-flow');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.spl')).sort()) {
  test(`field flow: ${file}`, () => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const analysis = analyzeSearch(verbatimSourceText(file, text), new MacroTable([]));
    const actual = analysis.flow.stages
      .map((s) => `${s.command.name || 'search'}: ${s.output.open ? 'open' : 'closed'} ${s.output.names.join(' ')}`.trimEnd())
      .join('\n') + '\n';
    const expectedFile = path.join(dir, file.replace(/\.spl$/, '.expected'));
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, actual);
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));
  });
}
