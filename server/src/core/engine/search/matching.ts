// Value matching of the `search` command (spl-semantics.md section 2): whole-value,
// case-insensitive, `*` as the only wildcard; bare terms against the tokens of `_raw`; CIDR
// values against IPv4 fields. No regular expressions: globs are matched by splitting on `*`,
// which is linear for the leftmost-first search a `*` glob needs.

/** A compiled glob: `*` is any run of characters (possibly empty). */
export type TextMatcher = (text: string) => boolean;

/** `pattern` must already be in the case the text will be compared in. */
export function globMatcher(pattern: string): TextMatcher {
  if (!pattern.includes('*')) return (text) => text === pattern;
  const parts = pattern.split('*');
  const prefix = parts[0];
  const suffix = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  if (middle.length === 0 && prefix === '' && suffix === '') return () => true;
  return (text) => {
    if (text.length < prefix.length + suffix.length) return false;
    if (!text.startsWith(prefix) || !text.endsWith(suffix)) return false;
    let pos = prefix.length;
    const end = text.length - suffix.length;
    for (const part of middle) {
      const at = text.indexOf(part, pos);
      if (at < 0 || at + part.length > end) return false;
      pos = at + part.length;
    }
    return true;
  };
}

/** `like()`: `%` any run, `_` one character, case-sensitive. Two-pointer wildcard matching
 * (back off to the last `%`): O(text × pattern) at worst, no recursion. */
export function likeMatches(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '_' || (pattern[p] !== '%' && pattern[p] === text[t]))) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '%') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '%') p++;
  return p === pattern.length;
}

// Splunk's segmenters (segmenters.conf defaults). Major breakers end a token; minor breakers
// split it into smaller tokens that are searchable too.
const MAJOR = new Set([' ', '\t', '\n', '\r', '[', ']', '<', '>', '(', ')', '{', '}', '|', '!', ';', ',', "'", '"', '*', '&', '?', '+']);
const MINOR = new Set(['/', ':', '=', '@', '.', '-', '$', '#', '%', '\\', '_']);

export const isMajorBreaker = (ch: string | undefined): boolean => ch === undefined || MAJOR.has(ch);
export const isBreaker = (ch: string | undefined): boolean => ch === undefined || MAJOR.has(ch) || MINOR.has(ch);

/** A bare search term against an event's text: the term must sit between breakers (or the ends
 * of the text); `*` stands for any run of characters that are not major breakers. `majorOnly`
 * (TERM()) requires major breakers around it. Both `text` and `term` in the same case. */
export function termMatcher(term: string, majorOnly = false): TextMatcher {
  const bounded = majorOnly ? isMajorBreaker : isBreaker;
  if (term === '*' || term === '') return () => true;
  const parts = term.split('*');
  if (parts.length === 1) {
    return (text) => {
      for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
        if (bounded(text[at - 1]) && bounded(text[at + term.length])) return true;
      }
      return false;
    };
  }
  const leadingStar = parts[0] === '';
  const trailingStar = parts[parts.length - 1] === '';
  const pieces = parts.filter((p) => p !== '');
  if (pieces.length === 0) return () => true;
  // Tries the pieces in order from a start position; stars may not cross major breakers.
  const fromStart = (text: string, start: number): boolean => {
    let pos = start;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      let at: number;
      if (i === pieces.length - 1 && !trailingStar && (i > 0 || leadingStar)) {
        // The last piece must end at a breaker: try each occurrence in this major segment.
        for (at = text.indexOf(piece, pos); at >= 0; at = text.indexOf(piece, at + 1)) {
          for (let j = pos; j < at; j++) if (MAJOR.has(text[j])) return false;
          if (bounded(text[at + piece.length])) return true;
          pos = at;
        }
        return false;
      }
      if (i === 0 && !leadingStar) {
        if (!text.startsWith(piece, pos)) return false;
        at = pos;
      } else {
        at = text.indexOf(piece, pos);
        if (at < 0) return false;
        for (let j = pos; j < at; j++) if (MAJOR.has(text[j])) return false;
      }
      pos = at + piece.length;
    }
    if (trailingStar) return true;
    return bounded(text[pos]);
  };
  return (text) => {
    const first = pieces[0];
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
      if (leadingStar) {
        // The token start lies anywhere before `at` in the same major segment.
        if (fromStart(text, at)) return true;
      } else if (bounded(text[at - 1]) && fromStart(text, at)) return true;
    }
    return false;
  };
}

/** A phrase (quoted term): a case-insensitive substring, `*` as a glob inside it. */
export function phraseMatcher(phrase: string): TextMatcher {
  if (!phrase.includes('*')) return (text) => text.includes(phrase);
  const inner = globMatcher(`*${phrase}*`);
  return inner;
}

/** IPv4 `a.b.c.d/n` as a test on values; undefined when `text` is not a CIDR block. */
export function cidrMatcher(text: string): ((value: string) => boolean) | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const bits = Number(m[5]);
  const octets = m.slice(1, 5).map(Number);
  if (bits > 32 || octets.some((o) => o > 255)) return undefined;
  const base = ipv4ToNumber(octets);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (value) => {
    const ip = parseIpv4(value);
    return ip !== undefined && ((ip & mask) >>> 0) === ((base & mask) >>> 0);
  };
}

function ipv4ToNumber(octets: readonly number[]): number {
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

export function parseIpv4(value: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ipv4ToNumber(octets);
}
