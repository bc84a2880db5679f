// mappedSourceText keeps its offset table as runs (see sourceText.ts): for any table, every
// offset (clamped like the table itself) and every span maps exactly as a plain lookup would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mappedSourceText } from '../../../server/src/core/text/sourceText';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A table like the decoders make: runs of +1, jumps forward (indentation, escapes), repeats. */
function table(next: () => number, length: number): number[] {
  const out: number[] = [];
  let at = Math.floor(next() * 1000);
  for (let i = 0; i <= length; i++) {
    out.push(at);
    const r = next();
    at += r < 0.7 ? 1 : r < 0.85 ? 2 + Math.floor(next() * 8) : r < 0.95 ? 0 : 1 + Math.floor(next() * 3);
  }
  return out;
}

test('runs map every offset and span as the plain table does (2,000 random tables)', () => {
  const next = random(20261127);
  for (let round = 0; round < 2000; round++) {
    const length = Math.floor(next() * 60);
    const offsets = table(next, length);
    const text = 'x'.repeat(length);
    const source = mappedSourceText('f.yml', text, offsets);
    const plain = (o: number): number => offsets[Math.max(0, Math.min(o, length))];
    for (let o = -2; o <= length + 2; o++) assert.equal(source.toFileOffset(o), plain(o), `round ${round}, offset ${o}`);
    for (let start = 0; start <= length; start++) {
      for (let end = start; end <= length; end++) {
        const expected = end <= start ? { start: plain(start), end: plain(start) } : { start: plain(start), end: plain(end - 1) + 1 };
        assert.deepEqual(source.toFileSpan({ start, end }), expected);
      }
    }
  }
});

test('a table with the wrong number of entries is refused', () => {
  assert.throws(() => mappedSourceText('f.yml', 'abc', [0, 1, 2]), RangeError);
});
