// Regular expressions of searches (rex, regex, match, replace, sed mode): PCRE syntax run by the
// engine's own budgeted matcher (regexMatcher.ts explains why not JavaScript's RegExp).
import { compileRegex, type CompiledRegex, type RegexMatch } from './regexMatcher';

export { RegexBudgetError, type CompiledRegex, type RegexMatch } from './regexMatcher';
export { RegexSyntaxError } from './regexSyntax';

const cache = new Map<string, CompiledRegex>();
const CACHE_SIZE = 500;

/** The compiled pattern (cached: `match()` in eval sees the same pattern on every row). Throws
 * RegexSyntaxError. */
export function splRegex(source: string): CompiledRegex {
  let re = cache.get(source);
  if (re) return re;
  re = compileRegex(source);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(source, re);
  return re;
}

/** The text of group `index` of a match, undefined when the group did not take part. */
export function groupText(input: string, match: RegexMatch, index: number): string | undefined {
  const start = match.captures[index * 2];
  const end = match.captures[index * 2 + 1];
  return start < 0 || end < 0 ? undefined : input.slice(start, end);
}

/** Every match from left to right (an empty match moves one character on), at most `limit`. */
export function* allMatches(re: CompiledRegex, input: string, limit = Infinity): Generator<RegexMatch> {
  let from = 0;
  let count = 0;
  while (from <= input.length && count < limit) {
    const m = re.exec(input, from);
    if (!m) return;
    yield m;
    count++;
    from = m.end > m.start ? m.end : m.end + 1;
  }
}

/** Replaces matches: `\1`..`\9` (and `\0`, the whole match) refer to groups, `\\` is a
 * backslash. `limit` 1 replaces the first match, Infinity all of them (sed's `g`). `nth`
 * replaces only the nth match (sed's `s/a/b/2`). */
export function regexReplace(re: CompiledRegex, input: string, replacement: string, options: { limit?: number; nth?: number } = {}): string {
  let out = '';
  let last = 0;
  let index = 0;
  const limit = options.limit ?? Infinity;
  let replaced = 0;
  for (const m of allMatches(re, input)) {
    index++;
    if (options.nth !== undefined && index !== options.nth) continue;
    out += input.slice(last, m.start) + expandReplacement(replacement, input, m);
    last = m.end;
    replaced++;
    if (replaced >= limit || options.nth !== undefined) break;
  }
  return out + input.slice(last);
}

function expandReplacement(replacement: string, input: string, m: RegexMatch): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '\\' && i + 1 < replacement.length) {
      const next = replacement[i + 1];
      if (next >= '0' && next <= '9') {
        out += groupText(input, m, Number(next)) ?? '';
        i++;
        continue;
      }
      if (next === '\\') {
        out += '\\';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
