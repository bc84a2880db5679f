// Hover on fixture cases: each case under test/fixtures/ide/hover has a cursor marker and an
// `.expected.md` beside it: the hovered range (with the text it covers), then the exact markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { hoverAt } from '../../../server/src/core/ide/hover';
import { repoRoot } from '../../support/corpus';
import { checkExpected, loadCase } from './hoverFixtures';

const dir = path.join(repoRoot, 'test/fixtures/ide/hover');
const cases = readdirSync(dir).filter((f) => /\.(yml|spl)$/.test(f)).sort();

function rendered(fileName: string): string {
  const c = loadCase(dir, fileName);
  const hover = hoverAt(c.document, c.offset);
  if (!hover) return 'no hover\n';
  const r = c.lines.rangeOf(hover.span);
  const range = `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  return `range: ${range} ${JSON.stringify(c.text.slice(hover.span.start, hover.span.end))}\n\n${hover.markdown}\n`;
}

for (const fileName of cases) {
  test(`hover: ${fileName}`, () => {
    checkExpected(path.join(dir, fileName.replace(/\.(yml|spl)$/, '.expected.md')), rendered(fileName));
  });
}

test('the cases cover what hover must show (key lines)', () => {
  const expectations: Record<string, readonly string[]> = {
    'command-stats.yml': ['"stats"', '**stats** — command'],
    'stats-count.yml': ['"count"', '**count** — statistical function'],
    'eval-if.spl': ['"if"', '**if** — eval function', 'if(condition, then_value, else_value)'],
    'macro-call-seed.yml': ['sourcetype=cisco:isovalent:processExec', 'Defined in samples/macros/cisco_isovalent_process_exec.yml, line 1.'],
    'field-by-stats.yml': ['"node_name"', 'Produced by `stats` (stage 2 of the expanded search).', 'Declared by the data source **Cisco Isovalent Process Exec**.'],
    'risk-message-token.yml': ['"$node_name$"', '`node_name` is in the search\'s output.'],
    'risk-score.yml': ['"49"', 'severity medium (41-60)'],
    'mitre-id.yml': ['"T1543"', 'A valid id format.'],
    'mitre-id-invalid.yml': ['"T1543.01"', 'Not a valid technique id'],
    'legacy-risk-score.yml': ['"85"', 'severity critical (81-100)'],
    'legacy-message-token.yml': ['"$node_name$"', '`node_name` is **not** in the search\'s output.', 'Dropped by `stats`'],
    'field-dropped-by-table.spl': ['Produced by `eval`', 'Dropped by `table`', '`src` is **not** in the search\'s output.'],
  };
  for (const [fileName, lines] of Object.entries(expectations)) {
    const out = rendered(fileName);
    for (const line of lines) assert.ok(out.includes(line), `${fileName}: missing ${JSON.stringify(line)} in\n${out}`);
  }
});

test('hover never throws on any offset of a broken search or a seed-like detection', () => {
  for (const fileName of ['broken-eval.spl', 'unknown-macro.spl', 'legacy-risk-score.yml']) {
    const c = loadCase(dir, fileName);
    for (let offset = 0; offset <= c.text.length; offset++) hoverAt(c.document, offset);
  }
});
