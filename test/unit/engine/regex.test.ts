// The engine's own regex matcher: PCRE syntax as searches use it, and the step budget that stops
// catastrophic backtracking instead of hanging.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allMatches, groupText, regexReplace, RegexBudgetError, RegexSyntaxError, splRegex } from '../../../server/src/core/engine/regex';

function groups(pattern: string, input: string): Record<string, string | undefined> | null {
  const re = splRegex(pattern);
  const m = re.exec(input);
  if (!m) return null;
  const out: Record<string, string | undefined> = { $0: input.slice(m.start, m.end) };
  for (const [name, index] of re.groupNames) out[name] = groupText(input, m, index);
  return out;
}

test('named groups in both syntaxes, PCRE escapes and classes', () => {
  assert.deepEqual(groups('(?<user>\\w+)@(?P<domain>[\\w.]+)', 'mail joe@example.com now'), { $0: 'joe@example.com', user: 'joe', domain: 'example.com' });
  assert.deepEqual(groups("(?'n'\\d+)", 'x42'), { $0: '42', n: '42' });
  assert.deepEqual(groups('[[:alpha:]]+', '12abc3'), { $0: 'abc' });
  assert.deepEqual(groups('\\x41\\x{42}\\t', 'zAB\tz'), { $0: 'AB\t' });
  assert.deepEqual(groups('\\Qa.b*\\E', 'xa.b*'), { $0: 'a.b*' });
  assert.deepEqual(groups('a{2,3}', 'caaaab'), { $0: 'aaa' });
  assert.deepEqual(groups('x{,2}', 'x{,2}'), { $0: 'x{,2}' }, '{,n} is literal text in PCRE');
  assert.deepEqual(groups('\\bcat\\b', 'concat cat'), { $0: 'cat' });
  assert.equal(splRegex('^a$').test('a\n'), true, '$ matches before a final newline');
  assert.equal(splRegex('\\Aa\\z').test('a\n'), false);
});

test('inline flags, lookaround, backreferences, atomic and possessive groups', () => {
  assert.equal(splRegex('(?i)HELLO').test('say hello'), true);
  assert.equal(splRegex('a(?i:B)c').test('abc'), true);
  assert.equal(splRegex('a(?i:B)c').test('abC'), false);
  assert.equal(splRegex('(?s)a.b').test('a\nb'), true);
  assert.equal(splRegex('a.b').test('a\nb'), false);
  assert.equal(splRegex('(?m)^b').test('a\nb'), true);
  assert.deepEqual(groups('(?<=\\$)\\d+', 'cost $42'), { $0: '42' });
  assert.deepEqual(groups('(?<!\\$)\\b\\d+', 'cost $42 or 17'), { $0: '17' });
  assert.deepEqual(groups('\\d+(?=%)', '5 of 80%'), { $0: '80' });
  assert.deepEqual(groups('(\\w)\\1', 'abccd'), { $0: 'cc' });
  assert.deepEqual(groups('(?<q>["\']).*?\\k<q>', 'say "hi" now'), { $0: '"hi"', q: '"' });
  assert.equal(splRegex('a++a').test('aaaa'), false, 'possessive gives nothing back');
  assert.equal(splRegex('(?>a+)b').test('aaab'), true);
  assert.equal(splRegex('(?x) a b # comment').test('ab'), true);
});

test('replace and every match', () => {
  assert.equal(regexReplace(splRegex('(\\w+)=(\\w+)'), 'a=1 b=2', '\\2:\\1'), '1:a 2:b');
  assert.equal(regexReplace(splRegex('o'), 'foo', '0', { limit: 1 }), 'f0o');
  assert.equal(regexReplace(splRegex('o'), 'fooo', '0', { nth: 2 }), 'fo0o');
  assert.deepEqual([...allMatches(splRegex('\\d+'), 'a1b22c333')].map((m) => [m.start, m.end]), [[1, 2], [3, 5], [6, 9]]);
  assert.equal([...allMatches(splRegex('x*'), 'ab')].length, 3, 'empty matches move on');
});

test('unsupported and invalid syntax is reported with its offset', () => {
  const cases: [string, RegExp, number][] = [
    ['(?R)', /recursion/, 0],
    ['a\\p{L}', /Unicode properties/, 1],
    ['a**', /quantifier/, 2],
    ['(?<n>a)(?<n>b)', /two groups/, 7],
    ['[z-a]', /out of order/, 2],
    ['(ab', /missing "\)"/, 3],
    ['\\k<zz>', /does not exist/, 0],
    ['(?<=a+)b', /bounded length/, 0],
    ['\\K', /\\K/, 0],
  ];
  for (const [pattern, message, offset] of cases) {
    assert.throws(() => splRegex(pattern), (e: unknown) => e instanceof RegexSyntaxError && message.test(e.message) && e.offset === offset, pattern);
  }
});

test('catastrophic backtracking stops quickly with a clear error', () => {
  const cases: [string, string][] = [
    ['(a+)+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'],
    ['(a|aa)*b', 'a'.repeat(60)],
    ['.*.*.*x', 'a'.repeat(10_000)],
    ['(\\w+\\s?)+$', 'an ordinary sentence that does not end the way the pattern wants!'],
  ];
  for (const [pattern, input] of cases) {
    const started = Date.now();
    assert.throws(() => splRegex(pattern).test(input), RegexBudgetError, pattern);
    assert.ok(Date.now() - started < 2000, `${pattern} stopped in ${Date.now() - started} ms`);
  }
});

test('linear work on long inputs fits the budget', () => {
  const long = `${'x'.repeat(200_000)} https://example.com/a`;
  assert.deepEqual(groups('(?<url>https?://\\S+)', long), { $0: 'https://example.com/a', url: 'https://example.com/a' });
  assert.equal(splRegex('[a-z]+$').test('a'.repeat(100_000)), true);
});

test('a group repeated beyond the stack is an error, not a crash', () => {
  assert.throws(() => splRegex('(?:ab)+$').test(`${'ab'.repeat(200_000)}!`), (e: unknown) => e instanceof RegexBudgetError);
});
