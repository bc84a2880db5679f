// Completion cases as data: test/fixtures/ide/completion/<case>.yml is a detection laid over the
// samples' content repository at the seed's path (so it replaces the seed), <case>.spl a `.spl`
// file of that repository; the cursor is the marker `¦`. <case>.expected.json says what the
// list must be: `exact` (the labels, in order), `prefix` (the first labels, in order),
// `contains` / `absent` (labels), `items` (these fields of the item with that label) and
// `replaced` (the text the items replace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeSearch, initialFieldsOf, macroTableOf } from '../../../server/src/core/analysis';
import { completeDetectionYaml, completeSpl, filterMacroNameOf, type CompletionItem, type Completions } from '../../../server/src/core/ide/completion';
import { embeddedSplOf, splAtFileOffset, splFileEmbedding } from '../../../server/src/core/ide/embeddedSpl';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { repoRoot } from '../../support/corpus';

const CURSOR = '¦';
const casesDir = path.join(repoRoot, 'test/fixtures/ide/completion');
const samplesRoot = path.join(repoRoot, 'samples');
const seedPath = path.join(samplesRoot, 'detections/endpoint/cisco_isovalent___shell_execution.yml');

interface Expected {
  readonly exact?: readonly string[];
  readonly prefix?: readonly string[];
  readonly contains?: readonly string[];
  readonly absent?: readonly string[];
  readonly items?: readonly (Partial<CompletionItem> & { readonly label: string })[];
  readonly replaced?: string;
}

/** The completions at the marker of a case, and the case's text without the marker. */
function complete(fileName: string): { completions: Completions; text: string } {
  const marked = readFileSync(path.join(casesDir, fileName), 'utf8');
  const offset = marked.indexOf(CURSOR);
  assert.ok(offset >= 0, `${fileName} has no cursor marker ${CURSOR}`);
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  const { repository } = loadRepositorySync(samplesRoot);
  const isSpl = fileName.endsWith('.spl');
  const file = isSpl ? undefined : repository.update(seedPath, text);
  const detection = file?.kind === 'detection' ? file : undefined;
  const macros = macroTableOf(repository).table;
  const spls = file ? embeddedSplOf(file) : [splFileEmbedding(path.join(samplesRoot, 'searches', fileName), text)];
  const initialFields = detection ? initialFieldsOf(detection, repository) : undefined;
  const analysisOf = (spl: (typeof spls)[number]) => analyzeSearch(spl.source, macros, spl.role === 'search' && initialFields ? { initialFields } : {});
  const found = splAtFileOffset(spls, offset);
  if (found) {
    const inSpl = completeSpl({
      text: found.spl.source.text,
      offset: found.offset,
      analysis: analysisOf(found.spl),
      macros,
      filterMacro: detection?.name ? filterMacroNameOf(detection.name.value) : undefined,
    });
    return { completions: { items: inSpl.items, replace: found.spl.source.toFileSpan(inSpl.replace) }, text };
  }
  assert.ok(detection, `${fileName}: the cursor is in no SPL and the file is no detection`);
  const search = spls.find((s) => s.role === 'search');
  return {
    completions: completeDetectionYaml({ detection, text, offset, repository, outputFields: search ? analysisOf(search).flow.output.names : [] }),
    text,
  };
}

const cases = readdirSync(casesDir).filter((f) => /\.(yml|spl)$/.test(f)).sort();

test('every completion case has an expectation', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
});

for (const fileName of cases) {
  test(`completion: ${fileName}`, () => {
    const expected = JSON.parse(readFileSync(path.join(casesDir, fileName.replace(/\.(yml|spl)$/, '.expected.json')), 'utf8')) as Expected;
    const { completions, text } = complete(fileName);
    const labels = completions.items.map((i) => i.label);
    if (expected.exact) assert.deepEqual(labels, expected.exact);
    if (expected.prefix) assert.deepEqual(labels.slice(0, expected.prefix.length), expected.prefix);
    for (const label of expected.contains ?? []) assert.ok(labels.includes(label), `${label} missing from ${labels.join(', ')}`);
    for (const label of expected.absent ?? []) assert.ok(!labels.includes(label), `${label} is offered`);
    for (const want of expected.items ?? []) {
      const item = completions.items.find((i) => i.label === want.label);
      assert.ok(item, `no item ${want.label}`);
      for (const [key, value] of Object.entries(want)) assert.deepEqual(item[key as keyof CompletionItem], value, `${want.label}.${key}`);
    }
    if (expected.replaced !== undefined) assert.equal(text.slice(completions.replace.start, completions.replace.end), expected.replaced);
  });
}

test('a broken or odd text never throws and always gives a range inside the text', () => {
  const { repository } = loadRepositorySync(samplesRoot);
  const macros = macroTableOf(repository).table;
  for (const spl of ['', '|', '| | |', '`', '```x', '[', ']]]', '| stats count(eval(', '| eval x=if(', 'a="', '| rex field=', '| stats count by a as', '((((']) {
    const source = splFileEmbedding('broken.spl', spl).source;
    const analysis = analyzeSearch(source, macros);
    for (let offset = 0; offset <= spl.length; offset++) {
      const { replace } = completeSpl({ text: spl, offset, analysis, macros });
      assert.ok(replace.start >= 0 && replace.start <= replace.end && replace.end <= spl.length, `${JSON.stringify(spl)} @${offset}`);
    }
  }
});
