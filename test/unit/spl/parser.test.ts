// Parser behaviour that fixtures do not show well: exact spans, tokens, options, macro call
// arguments, the catalog, the grammar checks, and inputs meant to break the parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, knownCommandNames, lookupCommand, parseSpl, toSExpr, type MacroCall, type SearchCommand, type StatsCommand } from '../../../server/src/core/spl';
import { createCheckedSplParser } from '../../../server/src/core/spl/parser/splParser';

function tree(text: string): string {
  return toSExpr(parseSpl(text).pipeline);
}

function codes(text: string, options?: Parameters<typeof parseSpl>[1]): string[] {
  return parseSpl(text, options).diagnostics.map((d) => d.code);
}

test("the grammar passes chevrotain's own checks (duplicate DSL indices, ambiguities, left recursion)", () => {
  assert.doesNotThrow(() => createCheckedSplParser());
});

test('spans point into the text', () => {
  const text = 'index=main | stats count by host';
  const { pipeline } = parseSpl(text);
  const [search, stats] = pipeline.stages as [SearchCommand, StatsCommand];
  assert.equal(search.implicit, true);
  assert.deepEqual(search.span, { start: 0, end: 10 });
  assert.equal(stats.name, 'stats');
  assert.equal(text.slice(stats.nameSpan.start, stats.nameSpan.end), 'stats');
  assert.equal(text.slice(stats.span.start, stats.span.end), 'stats count by host');
  assert.equal(text.slice(stats.by[0].span.start, stats.by[0].span.end), 'host');
  assert.deepEqual(pipeline.span, { start: 0, end: text.length });
});

test('command names are case-insensitive and lowercased in the tree', () => {
  assert.equal(tree('x | STATS Count BY host | Eval y=1'), '(search x)\n| (stats count (by host))\n| (eval y=1)');
});

test('the lexing mode follows the command: a-b is a word in search, a subtraction in eval', () => {
  assert.equal(tree('x=a-b | eval x=a-b'), '(search (= x a-b))\n| (eval x=(- a b))');
  assert.equal(tree('x | stats count(eval(a-b>0)) as n'), '(search x)\n| (stats (as (count (eval (> (- a b) 0))) n))');
});

test('macro call arguments split on top-level commas and keep their spans', () => {
  const text = '`m(a, b="x, y", c=(p, q))`';
  const macro = (parseSpl(text).pipeline.stages[0] as SearchCommand).expression as MacroCall;
  assert.equal(macro.kind, 'macro-call');
  assert.equal(macro.name, 'm');
  assert.deepEqual(
    macro.args.map((a) => ({ name: a.name, value: a.value, written: text.slice(a.span.start, a.span.end) })),
    [
      { name: undefined, value: 'a', written: 'a' },
      { name: 'b', value: '"x, y"', written: 'b="x, y"' },
      { name: 'c', value: '(p, q)', written: 'c=(p, q)' },
    ],
  );
  assert.deepEqual(macro.span, { start: 0, end: text.length });
  assert.equal(text.slice(macro.nameSpan.start, macro.nameSpan.end), 'm');
});

test('a macro call with empty parentheses has no arguments; an empty name is reported', () => {
  const macro = (parseSpl('`m()`').pipeline.stages[0] as SearchCommand).expression as MacroCall;
  assert.deepEqual(macro.args, []);
  assert.deepEqual(codes('x ``'), ['spl-syntax']);
});

test('allowMacros: false reports macro calls left in expanded text, and still parses them', () => {
  const result = parseSpl('`sysmon` x | `filter`', { allowMacros: false });
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['spl-macro-not-expanded', 'spl-macro-not-expanded']);
  assert.equal(toSExpr(result.pipeline), '(search (AND `sysmon` x))\n| `filter`');
  assert.deepEqual(codes('`sysmon` x'), []);
});

test('macroDefinition: a definition may start with a command, or with | and any command', () => {
  assert.equal(toSExpr(parseSpl('eval x=1 | lookup t a OUTPUT b', { macroDefinition: true }).pipeline), '(eval x=1)\n| (lookup t a (OUTPUT b))');
  assert.deepEqual(codes('| rename a as b', { macroDefinition: true }), []);
  assert.deepEqual(codes('| rename a as b'), ['spl-not-generating']);
  // Without the option, a first word that is a command is only a search term.
  assert.equal(tree('eval x=1'), '(search (AND eval (= x 1)))');
});

test('subsearches may start with a generating command without a pipe; foreach templates with any command', () => {
  assert.equal(tree('x [inputlookup t | fields a]'), '(search (AND x [(inputlookup t) | (fields a)]))');
  assert.equal(tree('x [table a]'), '(search (AND x [(search (AND table a))]))');
  assert.equal(tree('x | foreach a* [eval <<FIELD>>=1]'), '(search x)\n| (foreach a* [(eval <<FIELD>>=1)])');
});

test('tokens come in text order, comments and the command names marked', () => {
  const text = 'x ```c``` | stats count(eval(a>1)) as "n" by h';
  const kinds = parseSpl(text).tokens.map((t) => `${t.kind}:${text.slice(t.span.start, t.span.end)}`);
  assert.deepEqual(kinds, [
    'word:x', 'comment:```c```', 'pipe:|', 'command:stats', 'word:count', 'parenthesis:(', 'keyword:eval', 'parenthesis:(', 'word:a',
    'operator:>', 'number:1', 'parenthesis:)', 'parenthesis:)', 'keyword:as', 'string:"n"', 'keyword:by', 'word:h',
  ]);
});

test('tokens of a subsearch are included between its brackets', () => {
  const text = 'x [search y]';
  const kinds = parseSpl(text).tokens.map((t) => `${t.kind}:${text.slice(t.span.start, t.span.end)}`);
  assert.deepEqual(kinds, ['word:x', 'bracket:[', 'command:search', 'word:y', 'bracket:]']);
});

test('an unknown command is a warning that suggests a close known one', () => {
  const [d] = parseSpl('| tstat count').diagnostics;
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /did you mean 'tstats'/);
  assert.equal(closestName('evall', knownCommandNames()), 'eval');
  assert.equal(closestName('zzzzzz', knownCommandNames()), undefined);
});

test('the catalog knows which commands generate results', () => {
  for (const name of ['tstats', 'inputlookup', 'makeresults', 'from', 'rest', 'mstats', 'datamodel', 'metadata', 'eventcount', 'dbinspect']) {
    assert.equal(lookupCommand(name)?.generating, true, name);
  }
  for (const name of ['stats', 'eval', 'where', 'table', 'rename']) assert.equal(lookupCommand(name)?.generating, false, name);
  assert.equal(lookupCommand('STATS')?.transforming, true);
  assert.equal(lookupCommand('eval')?.mode, 'eval');
  assert.equal(lookupCommand('apply')?.name, 'apply');
});

test('a syntax error in one stage leaves the others whole', () => {
  const result = parseSpl('x | eval y=(1 + | stats count by host | rename host as h');
  assert.equal(result.pipeline.stages.length, 4);
  assert.equal(toSExpr(result.pipeline).split('\n').slice(2).join('\n'), '| (stats count (by host))\n| (rename (as host h))');
});

test('pathological inputs neither throw nor take long', () => {
  const inputs = [
    '('.repeat(5000),
    ')'.repeat(5000),
    '['.repeat(2000),
    '"'.repeat(5001),
    '`'.repeat(5001),
    '| '.repeat(3000),
    'eval x='.repeat(2000),
    `x | eval y=${'('.repeat(3000)}1${')'.repeat(3000)}`,
    'a OR '.repeat(5000),
    'x'.repeat(100_000),
  ];
  for (const text of inputs) {
    const start = performance.now();
    const result = parseSpl(text);
    assert.ok(performance.now() - start < 2000, `too slow on ${JSON.stringify(text.slice(0, 20))}…`);
    for (const d of result.diagnostics) assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length);
  }
  // The shared parser is still usable afterwards.
  assert.equal(tree('x | stats count'), '(search x)\n| (stats count)');
});

test('a comparison inside macro arguments is not a named argument (`m(a==b)`), the same reading as the expander', () => {
  const stage = parseSpl('`check_eq(a==b, fragment=TM)`').pipeline.stages[0] as SearchCommand;
  const call = stage.expression as MacroCall;
  assert.equal(call.kind, 'macro-call');
  assert.deepEqual(call.args.map((a) => [a.name, a.value]), [[undefined, 'a==b'], ['fragment', 'TM']]);
});

test('sort keys with a sign glued to num()/str() keep the function and the field', () => {
  const sort = parseSpl('a | sort - n, +str(s), -num(count)').pipeline.stages[1];
  assert.equal(sort.kind, 'sort');
  if (sort.kind !== 'sort') return;
  assert.deepEqual(sort.keys.map((k) => [k.field.name, k.descending, k.function]), [['n', true, undefined], ['s', false, 'str'], ['count', true, 'num']]);
  const text = 'a | sort - n, +str(s), -num(count)';
  assert.equal(text.slice(sort.keys[2].field.span.start, sort.keys[2].field.span.end), 'count');
});
