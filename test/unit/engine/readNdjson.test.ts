// The NDJSON reader: streams lines of any length, handles CRLF, BOM and bad UTF-8, reports
// malformed lines with their numbers and never stops for them; a missing file is a clear error.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { NdjsonReadError, readNdjson, type LineProblem, type NdjsonLine } from '../../../server/src/node/events/readNdjson';
import { runSearchOnFiles } from '../../../server/src/node/events/runOnFiles';

const dir = mkdtempSync(path.join(os.tmpdir(), 'splwb-ndjson-'));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function readAll(p: string, chunkBytes?: number): Promise<{ lines: NdjsonLine[]; problems: LineProblem[] }> {
  const lines: NdjsonLine[] = [];
  const problems: LineProblem[] = [];
  for await (const line of readNdjson(p, { onProblem: (x) => problems.push(x), chunkBytes })) lines.push(line);
  return { lines, problems };
}

test('an empty file gives no events and no problems', async () => {
  assert.deepEqual(await readAll(file('empty.ndjson', '')), { lines: [], problems: [] });
  assert.deepEqual((await readAll(file('blank.ndjson', '\n\n  \n'))).lines, []);
});

test('a missing file throws an error that names it', async () => {
  const missing = path.join(dir, 'nope.ndjson');
  await assert.rejects(readAll(missing), (e: unknown) => e instanceof NdjsonReadError && e.message === `Cannot read ${missing}: no such file` && e.code === 'ENOENT');
  await assert.rejects(readAll(dir), (e: unknown) => e instanceof NdjsonReadError && /folder/.test(e.message));
});

test('CRLF, a BOM, a last line without newline, and lines split across chunks', async () => {
  const p = file('crlf.ndjson', '\uFEFF{"a":1}\r\n{"a":2}\r\n{"a":"three"}');
  for (const chunk of [1, 3, 1024]) {
    const { lines, problems } = await readAll(p, chunk);
    assert.deepEqual(lines.map((l) => [l.line, l.raw]), [[1, '{"a":1}'], [2, '{"a":2}'], [3, '{"a":"three"}']], `chunk ${chunk}`);
    assert.deepEqual(problems, []);
  }
});

test('malformed lines and non-objects are reported with line numbers and skipped', async () => {
  const p = file('bad.ndjson', ['{"ok":1}', '[1,2]', '42', '"text"', 'null', '{"broken":', 'true', '{"ok":2}'].join('\n'));
  const { lines, problems } = await readAll(p);
  assert.deepEqual(lines.map((l) => l.json), [{ ok: 1 }, { ok: 2 }]);
  assert.deepEqual(
    problems.map((x) => [x.line, x.error.replace(/invalid JSON: .*/, 'invalid JSON'), x.skipped]),
    [
      [2, 'not a JSON object (an array)', true],
      [3, 'not a JSON object (a number)', true],
      [4, 'not a JSON object (a string)', true],
      [5, 'not a JSON object (null)', true],
      [6, 'invalid JSON', true],
      [7, 'not a JSON object (a boolean)', true],
    ],
  );
  assert.ok(problems.every((x) => x.file === p));
});

test('invalid UTF-8 is replaced and reported, and the event is kept', async () => {
  const p = file('utf8.ndjson', Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xff, 0xfe]), Buffer.from('y"}\n{"b":"é"}\n')]));
  const { lines, problems } = await readAll(p);
  assert.equal(lines.length, 2);
  assert.equal((lines[0].json as { a: string }).a, 'x\uFFFD\uFFFDy');
  assert.equal((lines[1].json as { b: string }).b, 'é');
  assert.deepEqual(problems.map((x) => [x.line, x.skipped]), [[1, false]]);
});

test('a 10 MB line is read whole, in chunks', async () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const p = file('big.ndjson', `{"small":1}\n{"big":"${big}"}\n{"small":2}\n`);
  const { lines, problems } = await readAll(p, 64 * 1024);
  assert.deepEqual(problems, []);
  assert.equal(lines.length, 3);
  assert.equal((lines[1].json as { big: string }).big.length, big.length);
  assert.equal(lines[2].line, 3);
});

test('lines longer than the limit are skipped and reported', async () => {
  const p = file('limit.ndjson', `{"a":"${'y'.repeat(5000)}"}\n{"a":1}\n`);
  const lines: NdjsonLine[] = [];
  const problems: LineProblem[] = [];
  for await (const line of readNdjson(p, { maxLineBytes: 1000, chunkBytes: 256, onProblem: (x) => problems.push(x) })) lines.push(line);
  assert.deepEqual(lines.map((l) => l.line), [2]);
  assert.deepEqual(problems.map((x) => [x.line, x.error]), [[1, 'line longer than 1000 bytes']]);
});

test('running a search over files: bad lines are counted, a missing file is the error', async () => {
  const p = file('events.ndjson', '{"user":"a"}\n[1]\n{"user":"b"}\nnot json\n');
  const result = await runSearchOnFiles('user=* | stats count', [{ path: p, metadata: { sourcetype: 'test' } }]);
  assert.equal(result.error, undefined);
  assert.deepEqual(result.rows, [{ count: 2 }].map((r) => Object.assign(Object.create(null) as object, r)));
  assert.equal(result.input.events, 2);
  assert.equal(result.input.bad_line_count, 2);
  assert.deepEqual(result.input.bad_lines.map((b) => b.line), [2, 4]);

  const missing = path.join(dir, 'missing.ndjson');
  const failed = await runSearchOnFiles('* | stats count', [{ path: missing }]);
  assert.equal(failed.error?.code, 'engine-input');
  assert.equal(failed.error?.message, `Cannot read ${missing}: no such file`);
});

test('a line that looks like an object but is not JSON is parsed by the engine and reported in the same words', async () => {
  const p = file('braced.ndjson', '{"user":"a"}\n{"user":"b",}\n[2]\n');
  const result = await runSearchOnFiles('user=* | stats count', [{ path: p, metadata: { sourcetype: 'test' } }]);
  assert.equal(result.input.events, 2, 'the braced line is an event (its raw text), the array is skipped');
  assert.deepEqual(
    [...result.input.bad_lines].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((b) => [b.line, b.error.replace(/:.*/, ':')]),
    [[2, 'invalid JSON:'], [3, 'not a JSON object']],
  );
  assert.deepEqual(result.warnings.map((w) => w.message), ['1 input line is not a JSON object; its JSON fields are missing.']);
});
