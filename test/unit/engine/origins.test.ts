// Row origins (RunOptions.origins), beyond the fixture cases in test/fixtures/engine/origins-*:
// the per-row cap, and that a run that does not ask for them pays nothing and shows nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultFieldDefinitions, ORIGIN_IDS_PER_ROW, originOf, runSearch } from '../../../server/src/core/engine';
import { eventsOf } from './support';

const fieldDefinitions = defaultFieldDefinitions();
const many = (n: number): string => Array.from({ length: n }, (_, i) => JSON.stringify({ _time: 1700000000 + i, g: i % 2 === 0 ? 'even' : 'odd' })).join('\n');

test('a group of more events than the cap lists the first ones and counts them all', async () => {
  const n = ORIGIN_IDS_PER_ROW * 2 + 10;
  const result = await runSearch('* | stats count by g', eventsOf(many(n)), { fieldDefinitions, eventOrder: 'as-given', origins: { keepEvents: 5 } });
  assert.equal(result.error, undefined);
  const [even, odd] = result.origins?.rows ?? [];
  assert.equal(even?.count, ORIGIN_IDS_PER_ROW + 5);
  assert.equal(even?.events.length, ORIGIN_IDS_PER_ROW);
  assert.deepEqual(even?.events.slice(0, 3), [0, 2, 4]);
  assert.deepEqual(odd?.events.slice(0, 3), [1, 3, 5]);
  assert.equal(result.origins?.events.length, 5, 'only keepEvents events are copied');
});

test('without the option: no origins on the result or its rows', async () => {
  const result = await runSearch('* | stats count by g | table g count', eventsOf(many(10)), { fieldDefinitions });
  assert.equal(result.origins, undefined);
  for (const row of result.rows) assert.equal(originOf(row), undefined);
});

test('origins never become fields: outputs and copies of rows hold only the columns', async () => {
  const result = await runSearch('* | head 2', eventsOf(many(4)), { fieldDefinitions, eventOrder: 'as-given', origins: { keepEvents: 4 } });
  assert.deepEqual(result.origins?.rows.map((o) => o?.events), [[0], [1]]);
  for (const row of result.rows) {
    assert.deepEqual(Object.getOwnPropertySymbols({ ...row }), []);
    assert.ok(!JSON.stringify(row).includes('origin'));
  }
});
