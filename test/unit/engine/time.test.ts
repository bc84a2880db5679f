// Time modifiers, strftime/strptime and ISO times.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIsoTime, parseTimeModifier, parseTimeValue, resolveTime, strftime, strptime, timeWindow } from '../../../server/src/core/engine';

const iso = (epoch: number): string => new Date(epoch * 1000).toISOString();
const NOW = Date.UTC(2025, 10, 18, 10, 37, 42) / 1000; // Tue 2025-11-18T10:37:42Z

test('relative time modifiers snap and offset in UTC', () => {
  const cases: [string, string][] = [
    ['-70m@m', '2025-11-18T09:27:00.000Z'],
    ['-10m@m', '2025-11-18T10:27:00.000Z'],
    ['@d', '2025-11-18T00:00:00.000Z'],
    ['-1d@d', '2025-11-17T00:00:00.000Z'],
    ['@d+2h', '2025-11-18T02:00:00.000Z'],
    ['-24h', '2025-11-17T10:37:42.000Z'],
    ['+1h@h', '2025-11-18T11:00:00.000Z'],
    ['@w0', '2025-11-16T00:00:00.000Z'],
    ['@w1', '2025-11-17T00:00:00.000Z'],
    ['-1mon@mon', '2025-10-01T00:00:00.000Z'],
    ['@q', '2025-10-01T00:00:00.000Z'],
    ['@y', '2025-01-01T00:00:00.000Z'],
    ['-7d@w1', '2025-11-10T00:00:00.000Z'],
    ['now', '2025-11-18T10:37:42.000Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
    ['11/18/2025:06:00:00', '2025-11-18T06:00:00.000Z'],
    ['-30seconds', '2025-11-18T10:37:12.000Z'],
  ];
  for (const [text, want] of cases) {
    const t = resolveTime(text, NOW);
    assert.equal(typeof t === 'number' ? iso(t) : t, want, text);
  }
  assert.equal(iso(resolveTime('-1mon', Date.UTC(2025, 2, 31) / 1000) as number), '2025-02-28T00:00:00.000Z', 'month arithmetic clamps the day');
  for (const bad of ['', 'yesterday', '-5x', '@d@h', '@m3']) assert.equal(typeof parseTimeModifier(bad), 'string', bad);
});

test("a scheduled search's window", () => {
  const w = timeWindow('-70m@m', '-10m@m', NOW);
  assert.ok(typeof w !== 'string');
  assert.deepEqual([iso(w.earliest), iso(w.latest)], ['2025-11-18T09:27:00.000Z', '2025-11-18T10:27:00.000Z']);
  assert.equal(timeWindow('-70x', 'now', NOW), 'earliest: unknown time unit "x" in "-70x"');
});

test('ISO times keep their fraction the way a decimal reader computes it', () => {
  assert.equal(parseIsoTime('2025-11-18T06:00:02.782370905Z'), Date.parse('2025-11-18T06:00:02Z') / 1000 + 0.782370905);
  assert.equal(parseIsoTime('2025-11-18T08:00:00+02:00'), Date.UTC(2025, 10, 18, 6) / 1000);
  assert.equal(parseIsoTime('2025-11-18 06:00'), Date.UTC(2025, 10, 18, 6) / 1000);
  assert.equal(parseIsoTime('yesterday'), undefined);
  assert.equal(parseTimeValue(1763445600123), 1763445600.123, 'milliseconds');
  assert.equal(parseTimeValue('1763445600'), 1763445600);
});

test('strftime and strptime', () => {
  const t = Date.UTC(2025, 10, 18, 6, 5, 9) / 1000 + 0.25;
  assert.equal(strftime(t, '%Y-%m-%dT%H:%M:%S.%3N %z %Z %a %A %b %B %j %p %I %e|%s|%%'), '2025-11-18T06:05:09.250 +0000 UTC Tue Tuesday Nov November 322 AM 06 18|1763445909|%');
  assert.equal(strftime(t, '%m/%d/%Y %H:%M:%S'), '11/18/2025 06:05:09');
  assert.equal(strptime('2025-11-18T06:05:09', '%Y-%m-%dT%H:%M:%S'), Math.floor(t));
  assert.equal(strptime('18 Nov 2025 06:05:09 PM', '%d %b %Y %I:%M:%S %p'), Math.floor(t) + 12 * 3600);
  assert.equal(strptime('2025-11-18 06:05:09 +0100', '%Y-%m-%d %H:%M:%S %z'), Math.floor(t) - 3600);
  assert.equal(strptime('1763445909.5', '%s'), 1763445909.5);
  assert.equal(strptime('not a date', '%Y-%m-%d'), undefined);
});
