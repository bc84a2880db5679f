// From a cursor in a file to the SPL and the syntax nodes under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseContentFile } from '../../../server/src/core/content';
import { embeddedSplOf, splAtFileOffset, toSourceOffset } from '../../../server/src/core/ide/embeddedSpl';
import { nodesAt } from '../../../server/src/core/ide/nodeAt';
import { parseSpl } from '../../../server/src/core/spl';
import { corpusRoot, filesUnder, repoRoot } from '../../support/corpus';

const seedPath = path.join(repoRoot, 'samples/detections/endpoint/cisco_isovalent___shell_execution.yml');

test('a cursor on `stats` in the seed lands on the stats command of the search', () => {
  const text = readFileSync(seedPath, 'utf8');
  const file = parseContentFile(seedPath, text);
  const spls = embeddedSplOf(file);
  assert.deepEqual(spls.map((s) => s.role), ['search', 'drilldown', 'drilldown']);
  const at = text.indexOf('stats count by') + 2;
  const found = splAtFileOffset(spls, at);
  assert.ok(found);
  assert.equal(found.spl.role, 'search');
  assert.equal(found.spl.source.text.slice(found.offset, found.offset + 3), 'ats');
  const kinds = nodesAt(parseSpl(found.spl.source.text).pipeline, found.offset).map((n) => n.kind);
  assert.deepEqual(kinds, ['pipeline', 'stats']);
  // Outside any SPL (the name line): nothing.
  assert.equal(splAtFileOffset(spls, text.indexOf('Cisco Isovalent - Shell')), undefined);
});

test('a cursor on a by-field and on a value inside IN reaches the innermost node', () => {
  const spl = 'x process_name IN ("sh", "bash") | stats count by node_name';
  const pipeline = parseSpl(spl).pipeline;
  assert.deepEqual(nodesAt(pipeline, spl.indexOf('bash')).map((n) => n.kind), ['pipeline', 'search', 'search-and', 'search-in', 'value']);
  assert.deepEqual(nodesAt(pipeline, spl.indexOf('node_name') + 4).map((n) => n.kind), ['pipeline', 'stats', 'field']);
});

test('toSourceOffset inverts toFileOffset on every character of every corpus search (all scalar styles)', () => {
  let checked = 0;
  for (const file of filesUnder(path.join(corpusRoot(), 'isovalent/detections')).concat(filesUnder(path.join(corpusRoot(), 'security_content/detections/cloud')))) {
    const parsed = parseContentFile(file, readFileSync(file, 'utf8'));
    for (const spl of embeddedSplOf(parsed)) {
      for (let i = 0; i < spl.source.text.length; i++) {
        const back = toSourceOffset(spl.source, spl.source.toFileOffset(i));
        // Escapes map several characters to one file offset; the first of them comes back.
        assert.ok(back <= i && spl.source.toFileOffset(back) === spl.source.toFileOffset(i), `${file}: ${i} -> ${back}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 100_000, `only ${checked} characters checked`);
});

test('macros.conf: each stanza definition is SPL, continuation lines included', () => {
  const text = '[shells_by(1)]\nargs = field\ndefinition = search process_name IN (sh, bash) \\\n| stats count by $field$\n\n[plain]\ndefinition = sourcetype=x\n';
  const file = parseContentFile('/repo/default/macros.conf', text);
  assert.equal(file.kind, 'macros-conf');
  const spls = embeddedSplOf(file);
  assert.deepEqual(spls.map((s) => s.role), ['macro-definition', 'macro-definition']);
  const found = splAtFileOffset(spls, text.indexOf('stats'));
  assert.ok(found);
  assert.equal(found.spl.source.text.slice(found.offset, found.offset + 5), 'stats');
  assert.deepEqual(nodesAt(parseSpl(found.spl.source.text, { macroDefinition: true }).pipeline, found.offset).map((n) => n.kind), ['pipeline', 'stats']);
});
