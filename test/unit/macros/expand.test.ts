// expandMacros beyond the fixture cases: the source map's questions, nesting limits, the size
// guard, call-site records, and inputs that must not throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandMacros } from '../../../server/src/core/macros/expand';
import type { MacroDefinition } from '../../../server/src/core/macros/macroDefinition';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';
import { expansionProblems } from './expansionInvariant';

function def(name: string, definition: string, args: string[] = []): MacroDefinition {
  return { name, args, definition: verbatimSourceText(`macros/${name}.yml`, definition), origin: 'repository-yaml' };
}

function expand(search: string, macros: MacroDefinition[], options?: { maxDepth?: number; maxLength?: number }) {
  const root = verbatimSourceText('search.spl', search);
  const expansion = expandMacros(root, new MacroTable(macros), options);
  assert.deepEqual(expansionProblems(root, expansion), []);
  return expansion;
}

/** `level1` calls `level2` ... down to `level<levels>`, which is plain text. */
function chainOf(levels: number): MacroDefinition[] {
  return Array.from({ length: levels }, (_, i) => def(`level${i + 1}`, i + 1 < levels ? `[\`level${i + 2}\`]` : 'bottom'));
}

test('100 nested levels expand; 101 is macro-depth, reported at the outermost call with one related entry per level', () => {
  const ok = expand('`level1`', chainOf(100));
  assert.deepEqual(ok.diagnostics, []);
  assert.equal(ok.text, `${'['.repeat(99)}bottom${']'.repeat(99)}`);

  const deep = expand('search `level1`', chainOf(101));
  assert.deepEqual(deep.diagnostics.map((d) => [d.code, d.span]), [['macro-depth', { start: 7, end: 15 }]]);
  const related = deep.diagnostics[0].related!;
  assert.equal(related.length, 100);
  assert.equal(related[0].file, 'macros/level1.yml');
  assert.equal(related[0].message, '`level1` calls `level2` here');
  assert.equal(related[99].file, 'macros/level100.yml');
  assert.match(related[99].message, /nested more than 100 levels deep \(at `level101`\)/);
  assert.ok(deep.text.includes('`level101`'), 'the call too deep stays as written');
});

test('maxDepth is an option', () => {
  assert.deepEqual(expand('`level1`', chainOf(3), { maxDepth: 3 }).diagnostics, []);
  assert.deepEqual(expand('`level1`', chainOf(4), { maxDepth: 3 }).diagnostics.map((d) => d.code), ['macro-depth']);
});

test('macros that multiply each other stop at the size limit, reported once', () => {
  const macros = Array.from({ length: 30 }, (_, i) => def(`m${i}`, i < 29 ? `\`m${i + 1}\` \`m${i + 1}\`` : 'leaf'));
  const started = performance.now();
  const expansion = expand('`m0` | `m0`', macros, { maxLength: 50_000 });
  assert.ok(performance.now() - started < 2000, 'fast even though 2^30 leaves were asked for');
  assert.deepEqual(expansion.diagnostics.map((d) => d.code), ['macro-too-large']);
  assert.ok(expansion.text.length < 100_000, `expanded to ${expansion.text.length} characters`);
});

test('origin, toRoot and toRootSpan', () => {
  const search = 'a ```c``` `m(xy)` z';
  //              0123456789012345678
  const e = expand(search, [def('m', 'M[$v$]', ['v'])]);
  assert.equal(e.text, 'a   M[xy] z');
  const call = e.calls[0];
  assert.deepEqual(call.span, { start: 10, end: 17 });
  assert.deepEqual(call.expandedSpan, { start: 4, end: 9 });

  // Root text maps to itself; the comment's space to the comment.
  assert.deepEqual({ ...e.map.origin(0), source: undefined }, { source: undefined, offset: 0, chain: [], verbatim: true });
  const space = e.map.origin(2);
  assert.deepEqual([space.offset, space.verbatim, space.chain.length], [2, false, 0]);
  assert.deepEqual(e.map.toRootSpan({ start: 2, end: 3 }), { start: 2, end: 9 }, 'the whole comment');

  // Definition text maps into the definition, with the call chain; toRoot gives the call.
  const m = e.map.origin(4);
  assert.deepEqual([m.source.file, m.offset, m.chain], ['macros/m.yml', 0, [call]]);
  assert.equal(e.map.toRoot(4), 10);

  // The argument maps to where it was written.
  const x = e.map.origin(6);
  assert.deepEqual([x.source.file, x.offset, x.chain], ['search.spl', 13, []]);
  assert.equal(e.map.toRoot(6), 13);
  assert.deepEqual(e.map.toRootSpan({ start: 6, end: 8 }), { start: 13, end: 15 });

  // A span reaching into the expansion widens to the whole call.
  assert.deepEqual(e.map.toRootSpan({ start: 8, end: 11 }), { start: 10, end: 19 });
  assert.deepEqual(e.map.toRootSpan({ start: 0, end: e.text.length }), { start: 0, end: search.length });
  assert.deepEqual(e.map.toRootSpan({ start: 5, end: 5 }), call.span, 'an empty span inside an expansion');
  assert.deepEqual(e.map.toRootSpan({ start: 1, end: 1 }), { start: 1, end: 1 });

  // The end of the text, and out-of-range offsets, are clamped.
  const end = e.map.origin(e.text.length);
  assert.deepEqual([end.source.file, end.offset, end.chain, end.verbatim], ['search.spl', search.length, [], false]);
  assert.equal(e.map.toRoot(1000), search.length);
  assert.equal(e.map.toRoot(-5), 0);
});

test('call sites record arguments, definitions and nested calls in their own text', () => {
  const e = expand('`outer(one, "two")`', [def('outer', 'O `inner($w$)`', ['v', 'w']), def('inner', 'I=$x$', ['x'])]);
  assert.equal(e.text, 'O I=two');
  const [outer] = e.calls;
  assert.deepEqual(outer.args, [{ value: 'one', span: { start: 7, end: 10 } }, { value: 'two', span: { start: 12, end: 17 } }]);
  assert.equal(outer.definition?.name, 'outer');
  const [inner] = outer.children;
  assert.equal(inner.source.file, 'macros/outer.yml');
  assert.deepEqual(inner.span, { start: 2, end: 14 });
  assert.deepEqual(inner.args, [{ value: 'two' }], 'its argument was written in the root, not in outer.yml');
  assert.deepEqual(e.text.slice(inner.expandedSpan.start, inner.expandedSpan.end), 'I=two');
  const two = e.map.origin(e.text.indexOf('two'));
  assert.deepEqual([two.source.file, two.offset], ['search.spl', 13]);
});

test('named arguments are bound by name', () => {
  const e = expand('`m(b=2, a=1)` `m(a="x,y", b=(1,2))`', [def('m', '$a$-$b$', ['a', 'b'])]);
  assert.equal(e.text, '1-2 x,y-(1,2)');
  assert.deepEqual(e.calls[0].args.map((a) => [a.name, a.value]), [['b', '2'], ['a', '1']]);
  assert.deepEqual(expand('`m(a=1, a=2)`', [def('m', '$a$-$b$', ['a', 'b'])]).diagnostics.map((d) => d.message), ['The argument `a` is given twice.']);
});

test('$token$ that is not an argument stays, and its closing $ may open an argument', () => {
  assert.equal(expand('`m(v)`', [def('m', '$other$ $a$$b$ $$ $a', ['a'])]).text, '$other$ v$b$ $$ $a');
  assert.equal(expand('`m(v)`', [def('m', '$x$a$', ['a'])]).text, '$xv');
});

test('a problem in an argument written in the root is reported there, not at the outer call', () => {
  const e = expand('`wrap(`nope`)`', [def('wrap', '[$x$]', ['x'])]);
  assert.deepEqual(e.diagnostics.map((d) => [d.code, d.span, d.related]), [['macro-unknown', { start: 6, end: 12 }, undefined]]);
});

test('odd inputs never throw and keep the invariant', () => {
  const macros = [def('a', '`b`'), def('b', 'x ```'), def('c', '"unclosed `a`'), def('d', '`'), def('e', '````'), def('f', '$x$', ['x'])];
  const inputs = [
    '', '`', '``', '```', '````', '`````', '``````', '"', '"`a`', '`a', '`a(', '`a(`', '`(x)`', '`f(`', '`f("`a`")`',
    '`f(`a`)`', '`f((`a`))`', '`f(`f(`f(1)`)`)`', '`c` `a`', '`d` `e`', '`b` `b`', '\\"`a`\\"', '`f(\\")`', '`f(",")`',
    '`f(a))`', '`f( )`', '`f(,)`', '```x````a`', '`a````x```', '`f(```c```)`',
  ];
  for (const input of inputs) {
    assert.doesNotThrow(() => expand(input, macros), JSON.stringify(input));
  }
});
