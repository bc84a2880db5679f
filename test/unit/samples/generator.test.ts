// The sample-data generator: deterministic, valid NDJSON, time-ordered, streamable, and the files
// in the repository are exactly its default output.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  CYCLE_EVENTS,
  DEFAULT_HOSTILE_OUT,
  DEFAULT_OUT,
  HOSTILE_STRINGS,
  generateEvents,
  generateHostileEvents,
} from '../../../scripts/generate-samples';
import { allStrings, nonEmptyLines, repoRoot } from './support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const text = (lines: Iterable<string>): string => [...lines].map((l) => `${l}\n`).join('');
const parse = (lines: readonly string[]): Json[] => lines.map((l) => JSON.parse(l) as Json);
const defaultLines = [...generateEvents()];

describe('generateEvents', () => {
  it('gives the same bytes for the same arguments', () => {
    assert.equal(text(generateEvents()), text(defaultLines));
    assert.equal(text(generateEvents({ seed: 7, events: 650, start: '2024-02-29T23:00:00Z' })), text(generateEvents({ seed: 7, events: 650, start: '2024-02-29T23:00:00Z' })));
    assert.equal(text(generateEvents({ seed: 'abc' })), text(generateEvents({ seed: 'abc' })));
  });

  it('gives different events for a different seed', () => {
    const other = [...generateEvents({ seed: 2 })];
    assert.equal(other.length, defaultLines.length);
    assert.notEqual(text(other), text(defaultLines));
    const overlap = other.filter((l) => defaultLines.includes(l)).length;
    assert.ok(overlap === 0, `${overlap} identical events for two seeds`);
  });

  it('writes 400 events by default, one valid JSON object per line', () => {
    assert.equal(defaultLines.length, 400);
    for (const line of defaultLines) {
      assert.ok(!line.includes('\n'));
      const event = JSON.parse(line) as unknown;
      assert.equal(typeof event, 'object');
      assert.ok(event !== null && !Array.isArray(event));
    }
  });

  it('orders events by time, ascending, within 06:00-09:00 of the start day', () => {
    const times = parse(defaultLines).map((e) => e.time as string);
    assert.deepEqual(times, [...times].sort());
    assert.ok(times[0]! >= '2025-11-18T06:00:00', times[0]);
    assert.ok(times[times.length - 1]! < '2025-11-18T09:00:00', times[times.length - 1]);
  });

  it('honours --start and --events across cycles', () => {
    const lines = [...generateEvents({ events: 2 * CYCLE_EVENTS + 37, start: '2026-01-01T00:00:00Z' })];
    assert.equal(lines.length, 2 * CYCLE_EVENTS + 37);
    const times = parse(lines).map((e) => e.time as string);
    assert.deepEqual(times, [...times].sort());
    assert.ok(times[0]! >= '2026-01-01T00:00:00');
    assert.ok(times[CYCLE_EVENTS]! >= '2026-01-01T03:00:00', 'the second cycle follows the first');
    assert.equal([...generateEvents({ events: 0 })].length, 0);
  });

  it('is lazy: a huge --events streams without building everything first', () => {
    const iterator = generateEvents({ events: 1_000_000_000 });
    const started = Date.now();
    for (let i = 0; i < 3 * CYCLE_EVENTS; i += 1) assert.equal(iterator.next().done, false);
    assert.ok(Date.now() - started < 5000);
    iterator.return(undefined);
  });

  it('links every process to its parent and ancestors by exec_id', () => {
    for (const event of parse(defaultLines)) {
      const pe = event.process_exec as Json;
      const chain: Json[] = [pe.process, pe.parent, ...((pe.ancestors as Json[] | undefined) ?? [])];
      for (let i = 0; i + 1 < chain.length; i += 1) {
        assert.equal(chain[i]!.parent_exec_id, chain[i + 1]!.exec_id, `link ${i} of ${pe.process.binary}`);
        assert.ok(chain[i]!.start_time >= chain[i + 1]!.start_time, `a child starts after its parent (${pe.process.binary})`);
      }
      if (pe.ancestors) assert.equal(chain[chain.length - 1]!.pid, 1, 'ancestors end at the node init');
      for (const p of [pe.process, pe.parent] as Json[]) {
        const decoded = Buffer.from(p.exec_id as string, 'base64').toString('utf8');
        const m = /^(.*):(\d+):(\d+)$/.exec(decoded);
        assert.ok(m, decoded);
        assert.equal(m[1], event.node_name);
        assert.equal(Number(m[3]), p.pid);
        if ('tid' in p) assert.equal(p.tid, p.pid);
        if (p.pod) assert.equal(p.docker, (p.pod.container.id as string).slice('containerd://'.length, 'containerd://'.length + 31));
      }
    }
  });

  it('leaves arguments out instead of writing an empty string', () => {
    const events = parse(defaultLines);
    assert.ok(events.some((e) => !('arguments' in e.process_exec.process)));
    for (const line of defaultLines) assert.ok(!line.includes('"arguments":""'));
  });
});

describe('the sample files in the repository', () => {
  it(`${DEFAULT_OUT} is the generator's default output`, () => {
    const onDisk = readFileSync(path.join(repoRoot, DEFAULT_OUT), 'utf8');
    assert.ok(onDisk === text(defaultLines), 'regenerate with: node --import tsx scripts/generate-samples.ts');
  });

  it(`${DEFAULT_HOSTILE_OUT} is the generator's hostile output`, () => {
    const onDisk = readFileSync(path.join(repoRoot, DEFAULT_HOSTILE_OUT), 'utf8');
    assert.ok(onDisk === text(generateHostileEvents()), 'regenerate with: node --import tsx scripts/generate-samples.ts');
  });
});

describe('the command line', () => {
  it('writes the same bytes as generateEvents, twice in a row', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'splwb-samples-'));
    try {
      const run = (name: string): string => {
        const out = path.join(dir, name);
        const hostile = path.join(dir, `hostile-${name}`);
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-samples.ts', '--events', '450', '--seed', '5', '--start', '2025-12-01T10:00:00Z', '--out', out, '--hostile', hostile], {
          cwd: repoRoot,
          stdio: 'pipe',
        });
        return readFileSync(out, 'utf8') + readFileSync(hostile, 'utf8');
      };
      const first = run('a.log');
      assert.equal(first, run('b.log'));
      assert.equal(first, text(generateEvents({ events: 450, seed: 5, start: '2025-12-01T10:00:00Z' })) + text(generateHostileEvents({ start: '2025-12-01T10:00:00Z' })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generateHostileEvents', () => {
  const lines = generateHostileEvents();
  const events = parse(lines);

  it('carries every hostile string as a value', () => {
    const strings = events.flatMap((e) => allStrings(e));
    for (const [name, hostile] of Object.entries(HOSTILE_STRINGS)) {
      assert.ok(strings.some((s) => s.includes(hostile)), `${name} is in some value`);
    }
  });

  it('has a very long argument and a __proto__ label that JSON.parse keeps as data', () => {
    assert.ok(events.some((e) => ((e.process_exec.process.arguments as string | undefined) ?? '').length > 20_000));
    const withProto = events.find((e) => Object.prototype.hasOwnProperty.call(e.process_exec.process.pod.pod_labels, '__proto__'));
    assert.ok(withProto);
    assert.equal(Object.getPrototypeOf(withProto.process_exec.process.pod.pod_labels), Object.prototype);
  });

  it('is valid NDJSON: control characters and U+2028 are escaped or harmless', () => {
    const onDisk = nonEmptyLines(readFileSync(path.join(repoRoot, DEFAULT_HOSTILE_OUT), 'utf8'));
    assert.equal(onDisk.length, 10);
    for (const line of onDisk) assert.doesNotThrow(() => JSON.parse(line));
  });
});
