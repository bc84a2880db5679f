// Times as Splunk handles them: epoch seconds (a float), printed with strftime and read with
// strptime (Splunk's variant: %N/%3N/%6N/%9N are sub-seconds, %Q milliseconds too). Everything is
// UTC: Splunk uses the searching user's time zone, a local run has no user, and UTC is what the
// sample expectations use. `%z` prints +0000 and `%Z` prints UTC.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);

/** Epoch seconds as ISO 8601 in UTC, to the millisecond, without `.000` for whole seconds:
 * `2025-11-18T07:15:30Z` (the form parseIsoTime reads back). */
export function isoTime(epoch: number): string {
  return new Date(Math.round(epoch * 1000)).toISOString().replace('.000Z', 'Z');
}

/** Epoch seconds of an ISO 8601 time (`2025-11-18T06:00:02.782370905Z`, `... +02:00`, a space
 * instead of `T`; no zone is UTC). The fraction is added to the whole seconds as a decimal, so a
 * nanosecond time gives the double nearest to what it says (the order the sample expectations
 * compute it in). */
export function parseIsoTime(text: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?)(?:[.,](\d+))?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const clock = m[2] === undefined ? '00:00:00' : m[2].length === 5 ? `${m[2]}:00` : m[2];
  let zone = m[4] ?? 'Z';
  if (zone !== 'Z' && zone.length === 3) zone += ':00';
  else if (zone !== 'Z' && zone.length === 5) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${clock}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return ms / 1000 + (m[3] ? Number(`0.${m[3]}`) : 0);
}

/** Epoch seconds of a number that may be in seconds, milliseconds, microseconds or
 * nanoseconds (judged by its size: 1e11 seconds is the year 5138). */
export function epochFromNumber(n: number): number {
  const abs = Math.abs(n);
  if (abs >= 1e17) return n / 1e9;
  if (abs >= 1e14) return n / 1e6;
  if (abs >= 1e11) return n / 1e3;
  return n;
}

/** Epoch seconds of a time value as events carry it: a number, a numeric string, or ISO 8601. */
export function parseTimeValue(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? epochFromNumber(value) : undefined;
  const trimmed = value.trim();
  if (/^[+-]?\d+(?:\.\d+)?$/.test(trimmed)) return epochFromNumber(Number(trimmed));
  return parseIsoTime(trimmed);
}

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1-366
  fraction: number; // 0 <= f < 1
}

function partsOf(epoch: number): Parts {
  const whole = Math.floor(epoch);
  const d = new Date(whole * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    yearDay: Math.floor((whole * 1000 - start) / 86_400_000) + 1,
    fraction: epoch - whole,
  };
}

function subseconds(fraction: number, digits: number): string {
  return pad(Math.floor(fraction * 10 ** digits + 1e-7) % 10 ** digits, digits);
}

/** strftime in UTC. Unknown `%x` sequences are kept as written. */
export function strftime(epoch: number, format: string): string {
  if (!Number.isFinite(epoch)) return '';
  const p = partsOf(epoch);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%' || i + 1 >= format.length) {
      out += ch;
      continue;
    }
    let code = format[++i];
    let digits: number | undefined;
    if (code >= '1' && code <= '9' && (format[i + 1] === 'N' || format[i + 1] === 'Q')) {
      digits = Number(code);
      code = format[++i];
    }
    switch (code) {
      case 'Y': out += pad(p.year, 4); break;
      case 'y': out += pad(p.year % 100); break;
      case 'm': out += pad(p.month); break;
      case 'd': out += pad(p.day); break;
      case 'e': out += pad(p.day, 2, ' '); break;
      case 'H': out += pad(p.hour); break;
      case 'k': out += pad(p.hour, 2, ' '); break;
      case 'I': out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12); break;
      case 'l': out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, 2, ' '); break;
      case 'M': out += pad(p.minute); break;
      case 'S': out += pad(p.second); break;
      case 'p': out += p.hour < 12 ? 'AM' : 'PM'; break;
      case 'j': out += pad(p.yearDay, 3); break;
      case 'a': out += DAYS[p.weekday].slice(0, 3); break;
      case 'A': out += DAYS[p.weekday]; break;
      case 'b': case 'h': out += MONTHS[p.month - 1].slice(0, 3); break;
      case 'B': out += MONTHS[p.month - 1]; break;
      case 'w': out += String(p.weekday); break;
      case 'u': out += String(p.weekday === 0 ? 7 : p.weekday); break;
      case 'Z': out += 'UTC'; break;
      case 'z': out += '+0000'; break;
      case 's': out += String(Math.floor(epoch)); break;
      case 'T': out += `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`; break;
      case 'R': out += `${pad(p.hour)}:${pad(p.minute)}`; break;
      case 'F': out += `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`; break;
      case 'D': out += `${pad(p.month)}/${pad(p.day)}/${pad(p.year % 100)}`; break;
      case 'c': out += `${DAYS[p.weekday].slice(0, 3)} ${MONTHS[p.month - 1].slice(0, 3)} ${pad(p.day, 2, ' ')} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${p.year}`; break;
      case 'N': out += subseconds(p.fraction, digits ?? 9); break;
      case 'Q': out += subseconds(p.fraction, digits ?? 3); break;
      case 'f': out += subseconds(p.fraction, 6); break;
      case '%': out += '%'; break;
      default: out += `%${digits ?? ''}${code}`;
    }
  }
  return out;
}

interface Field {
  readonly pattern: string;
  readonly apply: (parts: Mutable, text: string) => void;
}

interface Mutable {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction?: number;
  pm?: boolean;
  epoch?: number;
  offsetMinutes?: number;
  yearDay?: number;
}

const monthIndex = (name: string): number => MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === name.slice(0, 3).toLowerCase()) + 1;

function strptimeField(code: string, digits: number | undefined): Field | undefined {
  const num = (width: string, set: (p: Mutable, n: number) => void): Field => ({ pattern: `(\\d{${width}})`, apply: (p, t) => set(p, Number(t)) });
  switch (code) {
    case 'Y': return num('4', (p, n) => (p.year = n));
    case 'y': return num('2', (p, n) => (p.year = n < 69 ? 2000 + n : 1900 + n));
    case 'm': return num('1,2', (p, n) => (p.month = n));
    case 'd': case 'e': return { pattern: ' ?(\\d{1,2})', apply: (p, t) => (p.day = Number(t)) };
    case 'H': case 'k': return { pattern: ' ?(\\d{1,2})', apply: (p, t) => (p.hour = Number(t)) };
    case 'I': case 'l': return { pattern: ' ?(\\d{1,2})', apply: (p, t) => (p.hour = Number(t) % 12) };
    case 'M': return num('1,2', (p, n) => (p.minute = n));
    case 'S': return num('1,2', (p, n) => (p.second = n));
    case 'j': return num('1,3', (p, n) => (p.yearDay = n));
    case 'p': return { pattern: '([AaPp][Mm])', apply: (p, t) => (p.pm = t.toLowerCase() === 'pm') };
    case 'b': case 'h': case 'B': return { pattern: '([A-Za-z]{3,9})', apply: (p, t) => (p.month = monthIndex(t) || -1) };
    case 'a': case 'A': return { pattern: '[A-Za-z]{3,9}', apply: () => undefined };
    case 's': return { pattern: '(\\d{1,12}(?:\\.\\d+)?)', apply: (p, t) => (p.epoch = Number(t)) };
    case 'z': return { pattern: '(Z|[+-]\\d\\d:?\\d\\d)', apply: (p, t) => (p.offsetMinutes = t === 'Z' ? 0 : (t[0] === '-' ? -1 : 1) * (Number(t.slice(1, 3)) * 60 + Number(t.slice(-2)))) };
    case 'Z': return { pattern: '[A-Za-z]{1,5}', apply: () => undefined };
    case 'N': case 'Q': case 'f': return { pattern: `(\\d{1,${digits ?? 9}})`, apply: (p, t) => (p.fraction = Number(`0.${t}`)) };
    case 'T': return { pattern: '(\\d{1,2}):(\\d{1,2}):(\\d{1,2})', apply: () => undefined };
    case 'F': return { pattern: '(\\d{4})-(\\d{1,2})-(\\d{1,2})', apply: () => undefined };
    default: return undefined;
  }
}

const compiledFormats = new Map<string, { re: RegExp; fields: Field[]; composite: string[] } | null>();

function compileFormat(format: string): { re: RegExp; fields: Field[]; composite: string[] } | null {
  const cached = compiledFormats.get(format);
  if (cached !== undefined) return cached;
  let source = '';
  const fields: Field[] = [];
  const composite: string[] = [];
  let ok = true;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      let code = format[++i];
      let digits: number | undefined;
      if (code >= '1' && code <= '9' && (format[i + 1] === 'N' || format[i + 1] === 'Q')) {
        digits = Number(code);
        code = format[++i];
      }
      if (code === '%') {
        source += '%';
        continue;
      }
      const field = strptimeField(code, digits);
      if (!field) {
        ok = false;
        break;
      }
      source += field.pattern;
      if (code === 'T' || code === 'F') composite.push(code);
      else if (field.pattern.includes('(')) composite.push('');
      fields.push(field);
    } else if (/\s/.test(ch)) source += '\\s*';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const result = ok ? { re: new RegExp(`^\\s*${source}`), fields, composite } : null;
  compiledFormats.set(format, result);
  return result;
}

/** strptime in UTC (unless the text has `%z`): epoch seconds, or undefined when the text does
 * not fit the format. */
export function strptime(text: string, format: string): number | undefined {
  const compiled = compileFormat(format);
  if (!compiled) return undefined;
  const m = compiled.re.exec(text);
  if (!m) return undefined;
  const p: Mutable = {};
  let group = 1;
  compiled.fields.forEach((field, index) => {
    const kind = compiled.composite[index];
    if (kind === 'T') {
      p.hour = Number(m[group]);
      p.minute = Number(m[group + 1]);
      p.second = Number(m[group + 2]);
      group += 3;
    } else if (kind === 'F') {
      p.year = Number(m[group]);
      p.month = Number(m[group + 1]);
      p.day = Number(m[group + 2]);
      group += 3;
    } else if (field.pattern.includes('(')) {
      field.apply(p, m[group]);
      group += 1;
    }
  });
  if (p.epoch !== undefined) return p.epoch;
  if (p.month === -1) return undefined;
  const year = p.year ?? 1970;
  let month = p.month ?? 1;
  let day = p.day ?? 1;
  if (p.yearDay !== undefined && p.month === undefined) {
    const d = new Date(Date.UTC(year, 0, p.yearDay));
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  let hour = p.hour ?? 0;
  if (p.pm !== undefined) hour = (hour % 12) + (p.pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || (p.minute ?? 0) > 59 || (p.second ?? 0) > 61) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, p.minute ?? 0, p.second ?? 0);
  return ms / 1000 - (p.offsetMinutes ?? 0) * 60 + (p.fraction ?? 0);
}
