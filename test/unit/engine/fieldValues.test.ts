// The field value summariser: top values per field with counts, ties in order of first
// appearance, multivalue fields, caps on distinct values and value length, merging summaries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultFieldDefinitions, FieldExtractor } from '../../../server/src/core/engine';
import { FieldValueCounter } from '../../../server/src/core/engine/fieldValues';
import { repoRoot } from '../../support/corpus';

test('top values with counts, most frequent first, ties in order of first appearance', () => {
  const counter = new FieldValueCounter();
  for (const user of ['bob', 'alice', 'bob', 'carol', 'alice', 'bob', 'dave']) counter.add({ user, n: 1 });
  counter.add({ other: 'x' });
  assert.equal(counter.events, 8);
  assert.equal(counter.present('user'), 7);
  assert.deepEqual(counter.top('user', 3), [
    { value: 'bob', count: 3 },
    { value: 'alice', count: 2 },
    { value: 'carol', count: 1 },
  ]);
  assert.deepEqual(counter.top('n', 5), [{ value: '1', count: 7 }]);
  assert.deepEqual(counter.top('missing', 5), []);
  assert.deepEqual(counter.fields(), ['user', 'n', 'other']);
});

test('a multivalue field counts each distinct value once per event; _raw and _time are skipped', () => {
  const counter = new FieldValueCounter();
  counter.add({ _time: 1, tags: ['a', 'b', 'a'], _raw: '{}' });
  counter.add({ _time: 2, tags: 'a', _raw: '{}' });
  assert.deepEqual(counter.top('tags', 5), [
    { value: 'a', count: 2 },
    { value: 'b', count: 1 },
  ]);
  assert.deepEqual(counter.fields(), ['tags']);
});

test('bounded: at most maxDistinct values per field, long values are not counted', () => {
  const counter = new FieldValueCounter({ maxDistinct: 2, maxValueLength: 5 });
  for (const v of ['a', 'b', 'c', 'c', 'a', 'toolongvalue']) counter.add({ v });
  // `c` came after the table was full: it is not counted, `a` and `b` still are.
  assert.deepEqual(counter.top('v', 10), [
    { value: 'a', count: 2 },
    { value: 'b', count: 1 },
  ]);
  assert.equal(counter.present('v'), 6);
});

test('merging summaries adds counts', () => {
  const first = new FieldValueCounter();
  const second = new FieldValueCounter();
  for (const v of ['x', 'y', 'x']) first.add({ v });
  for (const v of ['y', 'y', 'z']) second.add({ v });
  const merged = new FieldValueCounter();
  merged.merge(first);
  merged.merge(second);
  assert.equal(merged.events, 6);
  assert.equal(merged.present('v'), 6);
  assert.deepEqual(merged.top('v', 10), [
    { value: 'y', count: 3 },
    { value: 'x', count: 2 },
    { value: 'z', count: 1 },
  ]);
});

test('over events extracted by the engine: the field definitions apply (process_name is a basename)', () => {
  const file = path.join(repoRoot, 'test/fixtures/ide/sample-values/events.ndjson');
  const extractor = new FieldExtractor(defaultFieldDefinitions());
  const counter = new FieldValueCounter();
  for (const raw of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
    counter.add(extractor.extractAll({ raw, metadata: { sourcetype: 'cisco:isovalent:processExec' } }));
  }
  assert.deepEqual(counter.top('process_name', 5), [
    { value: 'bash', count: 3 },
    { value: 'sh', count: 2 },
    { value: 'curl', count: 1 },
  ]);
  assert.deepEqual(counter.top('node_name', 1), [{ value: 'worker-01', count: 3 }]);
  assert.deepEqual(counter.top('sourcetype', 1), [{ value: 'cisco:isovalent:processExec', count: 6 }]);
});
