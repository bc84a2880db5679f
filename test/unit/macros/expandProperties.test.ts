// Properties on random macro tables and searches built from the characters that matter to
// expansion (backticks, quotes, escapes, parentheses, commas, $args$): expansion never throws,
// the source map is sound on every character, and every span points inside its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expandMacros } from '../../../server/src/core/macros/expand';
import type { MacroDefinition } from '../../../server/src/core/macros/macroDefinition';
import { parseMacrosConf } from '../../../server/src/core/macros/macrosConf';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';
import { expansionProblems } from './expansionInvariant';

const NAMES = ['a', 'b', 'c', 'x_filter', 'get_asset', 'drop_dm_object_name'];
const ARG_NAMES = ['p', 'q', 'r'];
const name = fc.constantFrom(...NAMES);

const safe = fc.constantFrom('w', ' ', 'search x=1', '|', '(', ')', ',', '$p$', '$q$', '$r$', 'p=', '\n', '"quoted"', '```c```', '[', ']');
const tricky = fc.constantFrom('"', '\\"', '\\', '`', '```', '````', '$');
const plain = fc.oneof({ weight: 6, arbitrary: safe }, { weight: 1, arbitrary: tricky });
const argument = fc
  .array(fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: fc.constantFrom('"q,1"', 'p=1', '`a`', '"`b`"', '(1,2)') }), { maxLength: 3 })
  .map((parts) => parts.join(''));
const call = fc
  .tuple(name, fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.array(argument, { minLength: 1, maxLength: 2 }) }))
  .map(([n, args]) => (args === undefined ? `\`${n}\`` : `\`${n}(${args.join(',')})\``));
const text = fc.array(fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: call }), { maxLength: 10 }).map((parts) => parts.join(''));

const definition = fc.record({
  name,
  arity: fc.integer({ min: 0, max: 2 }),
  body: text,
  iseval: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

/** Each definition in its own file, so related locations can be checked against its length. */
function toDefinitions(records: readonly { name: string; arity: number; body: string; iseval: boolean }[]): MacroDefinition[] {
  return records.map(({ name: n, arity, body, iseval }, i) => ({
    name: n,
    args: ARG_NAMES.slice(0, arity).concat(arity > ARG_NAMES.length ? ['extra'] : []),
    definition: verbatimSourceText(`macros/${i}_${n}.yml`, body),
    origin: 'repository-yaml',
    ...(iseval ? { iseval: true } : {}),
  }));
}

test('random tables and searches: never throws, sound source map, spans inside their texts', () => {
  fc.assert(
    fc.property(fc.array(definition, { maxLength: 8 }), text, fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), (records, search, maxDepth) => {
      const defs = toDefinitions(records);
      const root = verbatimSourceText('search.spl', search);
      const expansion = expandMacros(root, new MacroTable(defs), maxDepth === undefined ? {} : { maxDepth });
      assert.deepEqual(expansionProblems(root, expansion), []);
      const lengths = new Map<string, number>([[root.file, root.text.length], ...defs.map((d) => [d.definition.file, d.definition.text.length] as const)]);
      for (const d of expansion.diagnostics) {
        for (const r of d.related ?? []) {
          const length = lengths.get(r.file) ?? (r.file.startsWith('builtin:') ? Infinity : -1);
          assert.ok(r.span.start >= 0 && r.span.start <= r.span.end && r.span.end <= length, `${d.code} related ${r.file} [${r.span.start}, ${r.span.end})`);
        }
      }
      const visit = (calls: typeof expansion.calls): void => {
        for (const c of calls) {
          assert.ok(c.span.start >= 0 && c.span.end <= c.source.text.length, `call ${c.name} span inside ${c.source.file}`);
          assert.ok(c.expandedSpan.start <= c.expandedSpan.end && c.expandedSpan.end <= expansion.text.length);
          visit(c.children);
        }
      };
      visit(expansion.calls);
    }),
    { numRuns: 2500 },
  );
});

test('random macros.conf text: never throws, definitions map back to their file characters', () => {
  const line = fc.oneof(
    fc.constantFrom('[m]', '[m(1)]', '[m(2)]', '[bad', '# comment', '', 'args = p', 'args = p, q', 'iseval = 1', 'no equals'),
    fc.array(fc.constantFrom('definition = ', 'search ', '`a`', '\\', ' ', '"', '=', '$p$', '\t', '#'), { maxLength: 6 }).map((p) => p.join('')),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      const file = lines.join(eol);
      const { macros, diagnostics } = parseMacrosConf(verbatimSourceText('macros.conf', file));
      for (const m of macros) {
        for (let i = 0; i < m.definition.text.length; i++) assert.equal(file[m.definition.toFileOffset(i)], m.definition.text[i]);
      }
      for (const d of diagnostics) assert.ok(d.span.start >= 0 && d.span.end <= file.length);
    }),
    { numRuns: 1000 },
  );
});
