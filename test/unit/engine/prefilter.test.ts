// The raw-line prefilter may only rule out events the search would drop anyway: every search
// must give the same rows whether events come parsed (no prefilter) or raw (prefilter on).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { macroTableOf } from '../../../server/src/core/analysis';
import { defaultFieldDefinitions, rulesFor, runSearch, type RawEvent, type SearchResult } from '../../../server/src/core/engine';
import { rawPrefilter } from '../../../server/src/core/engine/search/rawPrefilter';
import { expandMacros } from '../../../server/src/core/macros/expand';
import { parseSpl, type SearchCommand } from '../../../server/src/core/spl';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { DEFAULT_METADATA, eventsOf, FIXED_NOW, fixtureCases, lookupsOf, macroTable, samplesRoot } from './support';

/** The events as the engine sees them without the prefilter: parsed. A line that is not a JSON
 * object stays an event with no JSON fields (its raw text only), as the engine keeps it. */
const parsed = (events: RawEvent[]): RawEvent[] =>
  events.map((e) => {
    let json: unknown;
    try {
      json = JSON.parse(e.raw);
    } catch {
      json = undefined;
    }
    return { ...e, json: json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {} };
  });
const view = (r: SearchResult) => ({ error: r.error, columns: r.columns, rows: r.rows.map((x) => ({ ...x })), dropped: r.dropped });

async function same(text: string, events: RawEvent[], options: Parameters<typeof runSearch>[2], label: string): Promise<void> {
  const lazy = await runSearch(text, events, options);
  const eager = await runSearch(text, parsed(events), options);
  assert.deepEqual(view(lazy), view(eager), label);
}

test('every engine fixture gives the same result with and without the prefilter', async () => {
  for (const c of fixtureCases()) {
    const text = expandMacros(verbatimSourceText('search.spl', c.search.replace(/\n$/, '')), macroTable(c.options.macros ?? {})).text;
    await same(text, eventsOf(c.events, c.options.metadata ?? DEFAULT_METADATA), { now: c.options.now ?? FIXED_NOW, lookups: lookupsOf(c), eventOrder: c.options.eventOrder }, c.name);
  }
});

test('the sample detections on the sample data and on hostile.log', async () => {
  const { repository } = loadRepositorySync(samplesRoot);
  const { table } = macroTableOf(repository);
  const metadata = { sourcetype: 'cisco:isovalent:processExec', source: 'not_applicable' };
  for (const file of ['data/datasets/cisco_isovalent/cisco_isovalent.log', 'data/hostile.log']) {
    const events = eventsOf(readFileSync(path.join(samplesRoot, file), 'utf8'), metadata);
    for (const d of repository.detections()) {
      await same(expandMacros(d.search!, table).text, events, { now: FIXED_NOW }, `${d.name?.value} on ${file}`);
    }
  }
});

test('escapes and case folding never hide a match', () => {
  const rules = rulesFor(defaultFieldDefinitions(), 'cisco:isovalent:processExec');
  const filter = (search: string) => rawPrefilter((parseSpl(search).pipeline.stages[0] as SearchCommand).expression, rules)!;
  const line = (binary: string, args = 'x') => JSON.stringify({ process_exec: { process: { binary, arguments: args } } });
  const shell = filter('process_name IN (sh, bash)');
  assert.equal(shell(line('/bin/sh')), true);
  assert.equal(shell(line('/BIN/SH')), true, 'case-insensitive');
  assert.equal(shell(line('C:\\bin\\bash')), true, 'backslash before the basename');
  assert.equal(shell(line('sh')), true, 'no directory');
  assert.equal(shell(line('/usr/bin/ssh')), false);
  assert.equal(shell(line('/usr/bin/shx')), false);
  assert.equal(shell('{"process_exec":{"process":{"binary":"/bin/\\u0073h"}}}'), true, 'a \\u escape: not judged');
  assert.equal(shell(line('/bin/\u212ash')), true, 'KELVIN SIGN: not judged');
  const cron = filter('process IN ("*crontab*", "*/etc/cron*")');
  assert.equal(cron(line('/usr/bin/tee', '-a /etc/cron.d/x')), true);
  assert.equal(cron(line('/usr/bin/tee', '-a \\/etc\\/cron.d\\/x')), true, 'a JSON-escaped slash');
  assert.equal(cron(line('/usr/bin/ls', '/etc')), false);
  const across = filter('process="/bin/sh -c id"');
  assert.equal(across(line('/bin/sh', '-c id')), true, 'a value that spans the concat separator');
  assert.equal(filter('process_id=42'), undefined, 'numbers require nothing');
  assert.equal(filter('NOT process_name=sh'), undefined);
  assert.equal(filter('process_name=sh OR process_id>5'), undefined);
});
