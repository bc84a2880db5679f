// Hover and completion with sample data: each case under test/fixtures/ide/sample-values has a
// cursor marker `¦` (a `.yml` case is laid over the samples' seed detection, a `.spl` case is a
// search file of the samples) and an expectation beside it (`.expected.md` for hover,
// `.expected.json` for completion: the items' labels, insert texts and details). The sample data
// injected is the tiny events.ndjson there, extracted by the engine (so `process_name` is the
// basename the field definitions make) and summarised; the preview rows are the seed's search run
// by the engine on the same events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultFieldDefinitions, FieldExtractor, prepareDetectionSearch, runSearch, type RawEvent } from '../../../server/src/core/engine';
import { FieldValueCounter } from '../../../server/src/core/engine/fieldValues';
import { completeSpl } from '../../../server/src/core/ide/completion';
import { hoverAt } from '../../../server/src/core/ide/hover';
import type { PreviewRows, SampleValues } from '../../../server/src/core/ide/sampleValues';
import { repoRoot } from '../../support/corpus';
import { checkExpected, loadCase, type FixtureCase } from './hoverFixtures';

const dir = path.join(repoRoot, 'test/fixtures/ide/sample-values');
const SOURCETYPE = 'cisco:isovalent:processExec';

function events(): RawEvent[] {
  return readFileSync(path.join(dir, 'events.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((raw) => ({ raw, metadata: { sourcetype: SOURCETYPE } }));
}

function summary(): FieldValueCounter {
  const extractor = new FieldExtractor(defaultFieldDefinitions());
  const counter = new FieldValueCounter();
  for (const event of events()) counter.add(extractor.extractAll(event));
  return counter;
}

/** The seed-like detection of the case run on the events, as the server's preview does. */
async function previewOf(c: FixtureCase): Promise<PreviewRows | undefined> {
  const file = c.document.file;
  if (file?.kind !== 'detection') return undefined;
  const result = await runSearch(prepareDetectionSearch(file, c.macros), events());
  return { rows: result.rows.slice(0, 10), total: result.rows.length, ...(result.error ? { error: result.error.message } : {}) };
}

function samplesOf(counter: FieldValueCounter, preview: PreviewRows | undefined): SampleValues {
  return {
    topValues: (field, limit) => ({ values: counter.top(field, limit), present: counter.present(field), events: counter.events, source: 'events.ndjson' }),
    previewRows: () => preview,
  };
}

async function withSamples(fileName: string): Promise<FixtureCase & { samples: SampleValues }> {
  const c = loadCase(dir, fileName);
  const samples = samplesOf(summary(), await previewOf(c));
  return { ...c, document: { ...c.document, samples }, samples };
}

const cases = readdirSync(dir).filter((f) => /\.(yml|spl)$/.test(f)).sort();

for (const fileName of cases.filter((f) => f.startsWith('hover-'))) {
  test(`hover with sample data: ${fileName}`, async () => {
    const c = await withSamples(fileName);
    const hover = hoverAt(c.document, c.offset);
    const out = hover ? `range ${JSON.stringify(c.text.slice(hover.span.start, hover.span.end))}\n\n${hover.markdown}\n` : 'no hover\n';
    checkExpected(path.join(dir, fileName.replace(/\.(yml|spl)$/, '.expected.md')), out);
  });
}

for (const fileName of cases.filter((f) => f.startsWith('completion-'))) {
  test(`completion with sample data: ${fileName}`, async () => {
    const c = await withSamples(fileName);
    assert.ok(c.spl, `${fileName}: the cursor is in no SPL`);
    const found = completeSpl({ text: c.spl.spl.source.text, offset: c.spl.offset, analysis: c.document.analysisOf(c.spl.spl), macros: c.macros, samples: c.samples });
    const items = found.items.map(({ label, kind, insertText, detail }) => ({ label, kind, insertText, detail }));
    const replaced = c.spl.spl.source.text.slice(found.replace.start, found.replace.end);
    checkExpected(path.join(dir, fileName.replace(/\.(yml|spl)$/, '.expected.json')), `${JSON.stringify({ replaced, items }, null, 2)}\n`);
  });
}

test('the cases show what the sample data says (key lines)', async () => {
  const expectations: Record<string, readonly string[]> = {
    'hover-field.md': ['- `bash` — 3', '- `sh` — 2', '- `curl` — 1', '6 of 6 events of events.ndjson have `process_name`'],
    'hover-absent-field.md': ['`pod_name` has no value in the 6 sample events of events.ndjson.'],
    'hover-token.md': ['Values in the first 5 preview rows (of 5 on the test data): `worker-01`, `worker-02`.'],
    'hover-token-empty.md': ['`$user$` has no value in the first 5 preview rows'],
    'completion-equals.json': ['"label": "bash"', '"insertText": "bash"', '3 of 6 sample events (events.ndjson)'],
    'completion-in-list.json': ['"insertText": "\\"bash\\""'],
    'completion-where-equals.json': ['"label": "bash"', '"insertText": "\\"bash\\""'],
    'completion-eval-not-equals.json': ['"insertText": "\\"sh\\""'],
  };
  for (const [name, lines] of Object.entries(expectations)) {
    const text = readFileSync(path.join(dir, name.replace(/\.(md|json)$/, '.expected.$1')), 'utf8');
    for (const line of lines) assert.ok(text.includes(line), `${name}: missing ${JSON.stringify(line)} in\n${text}`);
  }
  const inList = JSON.parse(readFileSync(path.join(dir, 'completion-in-list.expected.json'), 'utf8')) as { items: { label: string }[] };
  assert.deepEqual(inList.items.map((i) => i.label), ['bash', 'curl'], 'a value already in the list is not offered again');
  const evalIn = JSON.parse(readFileSync(path.join(dir, 'completion-eval-in-list.expected.json'), 'utf8')) as { items: { label: string }[] };
  assert.deepEqual(evalIn.items.map((i) => i.label), ['bash', 'curl'], 'in(f, ...) offers the values not listed yet');
  const assignment = JSON.parse(readFileSync(path.join(dir, 'completion-eval-assignment.expected.json'), 'utf8')) as { items: { kind: string }[] };
  assert.ok(assignment.items.length > 0 && assignment.items.every((i) => i.kind !== 'value'), 'eval f= assigns: functions and fields, no values');
});

test('without sample data, hover and completion say nothing about values', () => {
  const c = loadCase(dir, 'hover-field.yml');
  assert.ok(!hoverAt(c.document, c.offset)?.markdown.includes('sample data'));
  const e = loadCase(dir, 'completion-equals.spl');
  assert.ok(e.spl);
  assert.deepEqual(completeSpl({ text: e.spl.spl.source.text, offset: e.spl.offset, analysis: e.document.analysisOf(e.spl.spl), macros: e.macros }).items, []);
});
