// Formatting: every corpus search keeps its parse tree and is formatted once for all; the fixture
// cases give the exact output for SPL texts and for a detection's search in each YAML style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseContentFile } from '../../../server/src/core/content';
import { embeddedSplOf } from '../../../server/src/core/ide/embeddedSpl';
import { applyEdits, formatContentFile, formatSpl, formatSplFileText } from '../../../server/src/core/ide/format';
import { parseSpl, toSExpr } from '../../../server/src/core/spl';
import { corpusRoot, filesUnder } from '../../support/corpus';
import { loadCorpusSearches } from '../spl/support/corpusSearches';

const fixtures = path.resolve(__dirname, '../../fixtures/ide/format');

/** What a search means, spans aside: its tree, the codes of its diagnostics, its token kinds. */
function meaning(text: string, macroDefinition: boolean): { tree: string; codes: string[]; tokens: string[] } {
  const parsed = parseSpl(text, { macroDefinition });
  return {
    tree: toSExpr(parsed.pipeline),
    codes: parsed.diagnostics.map((d) => `${d.code} ${d.severity}`).sort(),
    tokens: parsed.tokens.map((t) => `${t.kind}:${text.slice(t.span.start, t.span.end)}`),
  };
}

test('formatting every corpus search keeps its parse tree, diagnostics and tokens, and is idempotent', () => {
  const corpus = loadCorpusSearches();
  assert.ok(corpus.texts.length > 3000, `only ${corpus.texts.length} searches found`);
  let changed = 0;
  for (const t of corpus.texts) {
    const formatted = formatSpl(t.text);
    if (formatted !== t.text) changed++;
    const where = `${t.file} ${t.where}`;
    assert.deepEqual(meaning(formatted, t.macroDefinition), meaning(t.text, t.macroDefinition), where);
    assert.equal(formatSpl(formatted), formatted, `${where}: not idempotent`);
  }
  // Most corpus searches are one line with ` | ` between stages: formatting must reach them.
  assert.ok(changed > corpus.texts.length / 2, `only ${changed} searches changed`);
});

test('formatting every corpus YAML file rewrites each SPL value as a block that reads back as the formatted SPL', () => {
  const root = corpusRoot();
  let rewritten = 0;
  const declined: string[] = [];
  for (const dir of ['security_content/detections', 'isovalent/detections', 'security_content/macros', 'isovalent/macros']) {
    for (const file of filesUnder(path.join(root, dir))) {
      const parsed = parseContentFile(file, readFileSync(file, 'utf8'));
      if (!('yaml' in parsed) || parsed.yaml.hasSyntaxErrors || parsed.yaml.parsedText !== parsed.text) continue;
      const spls = embeddedSplOf(parsed);
      const expected = spls.map((s) => formatSpl(s.source.text));
      const edits = formatContentFile(parsed);
      if (edits.length === 0) {
        if (spls.some((s, i) => s.source.text !== expected[i] && expected[i] !== '')) declined.push(path.relative(root, file));
        continue;
      }
      rewritten++;
      const again = parseContentFile(file, applyEdits(parsed.text, edits));
      assert.deepEqual(embeddedSplOf(again).map((s) => s.source.text), expected, file);
      assert.equal(again.diagnostics.length, parsed.diagnostics.length, `${file}: YAML diagnostics changed`);
      assert.deepEqual(formatContentFile(again), [], `${file}: not idempotent`);
    }
  }
  assert.deepEqual(declined, [], 'files whose SPL could not be rewritten as a block');
  assert.ok(rewritten > 1000, `only ${rewritten} files rewritten`);
});

for (const name of readdirSync(path.join(fixtures, 'spl')).filter((n) => n.endsWith('.input.spl')).sort()) {
  test(`format spl fixture ${name}`, () => {
    const input = readFileSync(path.join(fixtures, 'spl', name), 'utf8');
    const expected = readFileSync(path.join(fixtures, 'spl', name.replace('.input.', '.expected.')), 'utf8');
    assert.equal(applyEdits(input, formatSplFileText(input)), expected);
  });
}

// Under `detections/` and `macros/`, so that the content model reads them as what they are.
const yamlCases = ['detections', 'macros'].flatMap((dir) =>
  readdirSync(path.join(fixtures, 'yaml', dir)).filter((n) => n.includes('.input.')).sort().map((n) => path.join(dir, n)));
for (const name of yamlCases) {
  test(`format yaml fixture ${name}`, () => {
    const filePath = path.join(fixtures, 'yaml', name);
    const input = readFileSync(filePath, 'utf8');
    const expected = readFileSync(filePath.replace('.input.', '.expected.'), 'utf8');
    const parsed = parseContentFile(filePath, input);
    const output = applyEdits(input, formatContentFile(parsed));
    assert.equal(output, expected);
    // The search read back from the rewritten file is exactly the formatted SPL.
    const again = parseContentFile(filePath, output);
    assert.deepEqual(embeddedSplOf(again).map((s) => s.source.text), embeddedSplOf(parsed).map((s) => formatSpl(s.source.text)));
  });
}
