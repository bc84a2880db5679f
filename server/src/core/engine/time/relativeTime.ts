// Splunk time modifiers (`earliest=-70m@m`, `latest=now`, `relative_time(now(), "-1d@d")`):
// an optional offset, an optional snap to the start of a unit, and offsets after the snap.
//   -70m@m     70 minutes ago, snapped down to the minute
//   @d+2h      today 02:00
//   -1mon@mon  the first of last month
//   now, 0, 1763445600, 11/18/2025:06:00:00  (absolute)
// Calendar arithmetic is in UTC (see timeFormat.ts).
import { strptime } from './timeFormat';

export type TimeUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'mon' | 'q' | 'y';

export interface TimeOffset {
  readonly amount: number;
  readonly unit: TimeUnit;
}

export type TimeModifier =
  | { readonly kind: 'absolute'; readonly epoch: number }
  | { readonly kind: 'now' }
  | {
      readonly kind: 'relative';
      readonly before: readonly TimeOffset[];
      /** `@w3` snaps to Wednesday: `weekday` is set for `w` snaps. */
      readonly snap?: { readonly unit: TimeUnit; readonly weekday?: number };
      readonly after: readonly TimeOffset[];
    };

const UNITS: Readonly<Record<string, TimeUnit>> = {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
  mon: 'mon', month: 'mon', months: 'mon',
  q: 'q', qtr: 'q', qtrs: 'q', quarter: 'q', quarters: 'q',
  y: 'y', yr: 'y', yrs: 'y', year: 'y', years: 'y',
};

export function timeUnit(name: string): TimeUnit | undefined {
  return UNITS[name.toLowerCase()];
}

const SECONDS: Partial<Record<TimeUnit, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Reads a time modifier; a string explains what is wrong. */
export function parseTimeModifier(text: string): TimeModifier | string {
  const t = text.trim();
  if (t === '' ) return 'an empty time modifier';
  if (t.toLowerCase() === 'now') return { kind: 'now' };
  if (/^\d+(?:\.\d+)?$/.test(t)) return { kind: 'absolute', epoch: Number(t) };
  if (/^\d{1,2}\/\d{1,2}\/\d{4}(?::\d{1,2}:\d{1,2}:\d{1,2})?$/.test(t)) {
    const epoch = strptime(t, t.includes(':') ? '%m/%d/%Y:%H:%M:%S' : '%m/%d/%Y');
    return epoch === undefined ? `"${text}" is not a valid date` : { kind: 'absolute', epoch };
  }
  const re = /([+-])(\d*)([A-Za-z]+)|@([A-Za-z]+)(\d)?/gy;
  const before: TimeOffset[] = [];
  const after: TimeOffset[] = [];
  let snap: { unit: TimeUnit; weekday?: number } | undefined;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(t)) !== null) {
    end = re.lastIndex;
    if (m[4] !== undefined) {
      if (snap) return `"${text}" snaps twice`;
      const unit = timeUnit(m[4]);
      if (!unit) return `unknown time unit "${m[4]}" in "${text}"`;
      if (m[5] !== undefined && unit !== 'w') return `only week snaps take a day number ("@w1"), not "@${m[4]}${m[5]}"`;
      const weekday = m[5] === undefined ? undefined : Number(m[5]) % 7;
      snap = weekday === undefined ? { unit } : { unit, weekday };
      continue;
    }
    const unit = timeUnit(m[3]);
    if (!unit) return `unknown time unit "${m[3]}" in "${text}"`;
    const amount = (m[1] === '-' ? -1 : 1) * (m[2] === '' ? 1 : Number(m[2]));
    (snap ? after : before).push({ amount, unit });
  }
  if (end !== t.length || (before.length === 0 && !snap)) return `"${text}" is not a time modifier (expected e.g. -70m@m, @d, now or an epoch time)`;
  return { kind: 'relative', before, snap, after };
}

function addOffset(epoch: number, offset: TimeOffset): number {
  const seconds = SECONDS[offset.unit];
  if (seconds !== undefined) return epoch + offset.amount * seconds;
  const d = new Date(epoch * 1000);
  const months = offset.unit === 'mon' ? offset.amount : offset.unit === 'q' ? offset.amount * 3 : offset.amount * 12;
  const whole = Math.floor(epoch);
  const fraction = epoch - whole;
  const target = new Date(whole * 1000);
  target.setUTCDate(1);
  target.setUTCMonth(d.getUTCMonth() + months);
  // Clamp to the last day of the target month (Jan 31 - 1mon... stays in range).
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime() / 1000 + fraction;
}

function snapTo(epoch: number, unit: TimeUnit, weekday: number | undefined): number {
  const seconds = unit === 'w' ? undefined : SECONDS[unit];
  if (seconds !== undefined) return Math.floor(epoch / seconds) * seconds;
  const d = new Date(Math.floor(epoch) * 1000);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  switch (unit) {
    case 'w': {
      const dayStart = Math.floor(epoch / 86400) * 86400;
      const back = (d.getUTCDay() - (weekday ?? 0) + 7) % 7;
      return dayStart - back * 86400;
    }
    case 'mon':
      return Date.UTC(y, mo, 1) / 1000;
    case 'q':
      return Date.UTC(y, mo - (mo % 3), 1) / 1000;
    default:
      return Date.UTC(y, 0, 1) / 1000;
  }
}

/** The epoch time a modifier names, relative to `now` (epoch seconds). */
export function applyTimeModifier(modifier: TimeModifier, now: number): number {
  if (modifier.kind === 'absolute') return modifier.epoch;
  if (modifier.kind === 'now') return now;
  let t = now;
  for (const o of modifier.before) t = addOffset(t, o);
  if (modifier.snap) t = snapTo(t, modifier.snap.unit, modifier.snap.weekday);
  for (const o of modifier.after) t = addOffset(t, o);
  return t;
}

/** `relative_time` and the time window helper: the time, or a string saying what is wrong. */
export function resolveTime(text: string, now: number): number | string {
  const m = parseTimeModifier(text);
  return typeof m === 'string' ? m : applyTimeModifier(m, now);
}

export interface TimeWindow {
  /** Inclusive. */
  readonly earliest: number;
  /** Exclusive, as Splunk's latest. */
  readonly latest: number;
}

/** A scheduled search's window (`earliest_time: -70m@m`, `latest_time: -10m@m`) for a run at
 * `now`. */
export function timeWindow(earliest: string, latest: string, now: number): TimeWindow | string {
  const e = resolveTime(earliest, now);
  if (typeof e === 'string') return `earliest: ${e}`;
  const l = resolveTime(latest, now);
  if (typeof l === 'string') return `latest: ${l}`;
  return { earliest: e, latest: l };
}

export function inWindow(time: number | undefined, window: TimeWindow): boolean {
  return time !== undefined && time >= window.earliest && time < window.latest;
}
