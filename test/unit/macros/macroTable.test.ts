// The macro table: lookup by name and arity, built-in and app-provided macros, suggestions,
// duplicates and fallback tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MacroDefinition } from '../../../server/src/core/macros/macroDefinition';
import {
  APP_PROVIDED_MACROS,
  BUILTIN_MACROS,
  describeArities,
  duplicateDiagnostics,
  editDistance,
  MacroTable,
} from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';

function def(name: string, definition: string, args: string[] = [], file = `macros/${name}.yml`): MacroDefinition {
  return { name, args, definition: verbatimSourceText(file, definition), origin: 'repository-yaml' };
}

test('lookup is by name and number of arguments', () => {
  const table = new MacroTable([def('m', 'zero'), def('m', 'one', ['a']), def('m', 'two', ['a', 'b'])]);
  assert.equal(table.get('m', 0)?.definition.text, 'zero');
  assert.equal(table.get('m', 1)?.definition.text, 'one');
  assert.equal(table.get('m', 2)?.definition.text, 'two');
  assert.equal(table.get('m', 3), undefined);
  assert.equal(table.get('M', 0), undefined, 'names are case-sensitive');
  assert.deepEqual(table.arities('m'), [0, 1, 2]);
  assert.deepEqual(table.arities('nothing'), []);
  assert.deepEqual(table.duplicates, []);
});

test('drop_dm_object_name(1) and add_dm_object_name(1) are built in, and a repository definition overrides them', () => {
  const table = new MacroTable([]);
  const drop = table.get('drop_dm_object_name', 1)!;
  assert.equal(drop.definition.text, 'rename "$object$.*" as *');
  assert.deepEqual(drop.args, ['object']);
  assert.equal(drop.origin, 'builtin');
  assert.equal(drop.definition.file, 'builtin:drop_dm_object_name');
  assert.equal(table.get('add_dm_object_name', 1)?.definition.text, 'rename * as "$object$.*"');
  assert.equal(BUILTIN_MACROS.length, 2);

  const mine = def('drop_dm_object_name', 'rename mine', ['object']);
  assert.equal(new MacroTable([mine]).get('drop_dm_object_name', 1), mine);
  assert.equal(new MacroTable([], { builtins: false }).get('drop_dm_object_name', 1), undefined);
});

test('app-provided macros are known by name, without a definition', () => {
  const table = new MacroTable([]);
  assert.deepEqual([...APP_PROVIDED_MACROS].sort(), ['cim_corporate_web_domain_search', 'get_asset', 'get_risk_severity', 'globedistance']);
  for (const name of APP_PROVIDED_MACROS) {
    assert.ok(table.isAppProvided(name));
    assert.equal(table.get(name, 1), undefined);
  }
  assert.ok(!table.isAppProvided('sysmon'));
});

test('a missing filter macro stands in as `search *`, one object per name', () => {
  const table = new MacroTable([]);
  const filter = table.missingFilter('my_detection_filter');
  assert.equal(filter.definition.text, 'search *');
  assert.equal(filter.origin, 'builtin');
  assert.equal(table.missingFilter('my_detection_filter'), filter);
});

test('namesLike suggests close names, case-insensitively, best first', () => {
  const table = new MacroTable([def('sysmon', 'x'), def('wmi', 'x'), def('powershell', 'x'), def('security_content_ctime', 'x', ['f'])]);
  assert.deepEqual(table.namesLike('sysmom'), ['sysmon']);
  assert.deepEqual(table.namesLike('SYSMON'), ['sysmon']);
  assert.deepEqual(table.namesLike('powershel'), ['powershell']);
  assert.deepEqual(table.namesLike('security_content_time'), ['security_content_ctime']);
  assert.deepEqual(table.namesLike('drop_dm_object_nam'), ['drop_dm_object_name'], 'built-in names count too');
  assert.deepEqual(table.namesLike('wmx'), [], 'no guesses for short names');
  assert.deepEqual(table.namesLike('completely_different'), []);
  assert.deepEqual(table.namesLike('sysmon'), [], 'a name is not like itself');
});

test('edit distance, with its early exit', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(editDistance('kitten', 'sitting', 1), 2, 'gives budget + 1 once over budget');
});

test('duplicates: the first definition is used and each one is reported, pointing at the others', () => {
  const first = def('dup', 'first', [], 'macros/a.yml');
  const second = { ...def('dup', 'second', [], 'macros/b.yml'), nameSpan: { start: 6, end: 9 } };
  const table = new MacroTable([first, def('dup', 'other arity', ['x']), second]);
  assert.equal(table.get('dup', 0), first);
  assert.deepEqual(table.duplicates, [{ key: 'dup', definitions: [first, second] }]);
  const reported = duplicateDiagnostics(table.duplicates);
  assert.deepEqual(
    reported.map((r) => ({ file: r.file, code: r.diagnostic.code, span: r.diagnostic.span, related: r.diagnostic.related?.map((x) => [x.file, x.span]) })),
    [
      { file: 'macros/a.yml', code: 'macro-duplicate', span: { start: 0, end: 5 }, related: [['macros/b.yml', { start: 6, end: 9 }]] },
      { file: 'macros/b.yml', code: 'macro-duplicate', span: { start: 6, end: 9 }, related: [['macros/a.yml', { start: 0, end: 5 }]] },
    ],
  );
  assert.match(reported[1].diagnostic.message, /defined 2 times; the one in macros\/a\.yml is used/);
});

test('a fallback table answers what the table does not define', () => {
  const upstream = new MacroTable([def('shared', 'upstream'), def('only_upstream', 'u'), def('shared', 'upstream one', ['a'])]);
  const fork = new MacroTable([def('shared', 'fork')], { fallback: upstream });
  assert.equal(fork.get('shared', 0)?.definition.text, 'fork');
  assert.equal(fork.get('shared', 1)?.definition.text, 'upstream one');
  assert.equal(fork.get('only_upstream', 0)?.definition.text, 'u');
  assert.deepEqual(fork.arities('shared'), [0, 1]);
  assert.deepEqual(fork.namesLike('only_upstrem'), ['only_upstream']);
  assert.deepEqual(fork.definitions().map((d) => d.definition.text), ['fork']);
  assert.deepEqual(fork.duplicates, [], 'overriding the fallback is not a duplicate');
});

test('arity descriptions read as English', () => {
  assert.equal(describeArities([0]), 'no arguments');
  assert.equal(describeArities([1]), '1 argument');
  assert.equal(describeArities([2]), '2 arguments');
  assert.equal(describeArities([1, 3]), '1 or 3 arguments');
  assert.equal(describeArities([0, 1, 2]), '0, 1 or 2 arguments');
});
