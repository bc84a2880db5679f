// Engine behaviour as data: each folder of test/fixtures/engine holds search.spl, events.ndjson,
// optional options.json (now, metadata, macros to expand the search with) and *.csv lookups,
// and expected.json with the result. UPDATE_FIXTURES=1 rewrites expected.json from today's
// engine (then read the diff: it is the review).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runSearch } from '../../../server/src/core/engine';
import { expandMacros } from '../../../server/src/core/macros/expand';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';
import { DEFAULT_METADATA, eventsOf, FIXED_NOW, fixtureCases, fixtureView, lookupsOf, macroTable } from './support';

const update = process.env.UPDATE_FIXTURES === '1';

for (const c of fixtureCases()) {
  test(`engine fixture ${c.name}`, async () => {
    let text = c.search.replace(/\n$/, '');
    text = expandMacros(verbatimSourceText('search.spl', text), macroTable(c.options.macros ?? {})).text;
    const events = eventsOf(c.events, c.options.metadata ?? DEFAULT_METADATA);
    const result = await runSearch(text, events, { now: c.options.now ?? FIXED_NOW, lookups: lookupsOf(c), eventOrder: c.options.eventOrder, ...(c.options.origins !== undefined ? { origins: { keepEvents: c.options.origins } } : {}) });
    const actual = fixtureView(result, text);
    const file = path.join(c.dir, 'expected.json');
    if (update || !existsSync(file)) {
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      if (!update) assert.fail(`${file} did not exist; written from the current result, review it`);
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  });
}
