// macros.conf parsing: stanzas, settings, continuation lines mapped back to file offsets,
// overloading, and diagnostics (never exceptions) for malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMacrosConf } from '../../../server/src/core/macros/macrosConf';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { mappedSourceText, verbatimSourceText, type SourceText } from '../../../server/src/core/text/sourceText';

const conf = (text: string, base = 0): SourceText => verbatimSourceText('macros.conf', text, base);

/** Every character of each definition sits at its mapped file offset. */
function assertMapsBack(file: string, source: SourceText): void {
  for (let i = 0; i < source.text.length; i++) {
    assert.equal(file[source.toFileOffset(i)], source.text[i], `character ${i} of ${JSON.stringify(source.text)}`);
  }
}

test('stanzas with arguments, descriptions, iseval and comments', () => {
  const text = [
    '# Macros for the tests',
    '[sysmon]',
    'definition = index=main sourcetype=sysmon',
    'description = Sysmon events',
    '',
    '   # an indented comment',
    '[ctime(1)]',
    'args = field',
    'definition = convert ctime($field$)',
    '[pair(2)]',
    'args = a ,  b',
    'definition=eval $a$=$b$',
    'iseval = 0',
    '[dyn(1)]',
    'args = x',
    'iseval = true',
    'definition = "search " . $x$',
    'validation = isnum(x)',
    'errormsg = x must be a number',
  ].join('\n');
  const { macros, diagnostics } = parseMacrosConf(conf(text));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    macros.map((m) => ({ name: m.name, args: m.args, definition: m.definition.text, iseval: m.iseval, origin: m.origin })),
    [
      { name: 'sysmon', args: [], definition: 'index=main sourcetype=sysmon', iseval: undefined, origin: 'macros-conf' },
      { name: 'ctime', args: ['field'], definition: 'convert ctime($field$)', iseval: undefined, origin: 'macros-conf' },
      { name: 'pair', args: ['a', 'b'], definition: 'eval $a$=$b$', iseval: false, origin: 'macros-conf' },
      { name: 'dyn', args: ['x'], definition: '"search " . $x$', iseval: true, origin: 'macros-conf' },
    ],
  );
  assert.equal(macros[0].description, 'Sysmon events');
  assert.equal(macros[3].validation, 'isnum(x)');
  assert.equal(macros[3].errormsg, 'x must be a number');
  for (const m of macros) assertMapsBack(text, m.definition);
  const ctime = macros[1];
  assert.equal(text.slice(ctime.nameSpan!.start, ctime.nameSpan!.end), 'ctime');
});

test('continuation lines: the backslash goes, the line break stays, every character maps to its file offset', () => {
  const text = '[long]\r\ndefinition = search a \\\r\n    | stats count \\\n\t| where count > 1   \n[next]\ndefinition = x\n';
  const { macros, diagnostics } = parseMacrosConf(conf(text));
  assert.deepEqual(diagnostics, []);
  assert.equal(macros[0].definition.text, 'search a \r\n    | stats count \n\t| where count > 1');
  assert.equal(macros[1].definition.text, 'x');
  assertMapsBack(text, macros[0].definition);
  const d = macros[0].definition;
  const at = d.text.indexOf('where');
  assert.deepEqual(d.toFileSpan({ start: at, end: at + 5 }), { start: text.indexOf('where'), end: text.indexOf('where') + 5 });
  assert.equal(d.toFileOffset(d.text.length), text.indexOf('1   \n') + 1, 'the end maps just after the last character');
});

test('a continuation on the last line of the file, and a comment-looking continuation line, are part of the value', () => {
  const text = '[m]\ndefinition = a \\\n# not a comment \\';
  const { macros } = parseMacrosConf(conf(text));
  assert.equal(macros[0].definition.text, 'a \n# not a comment');
  assertMapsBack(text, macros[0].definition);
});

test('offsets compose with the SourceText the conf text came from', () => {
  const file = 'xx\n[m]\ndefinition = abc';
  const { macros } = parseMacrosConf(conf(file.slice(3), 3));
  assertMapsBack(file, macros[0].definition);
  assert.deepEqual(macros[0].nameSpan, { start: 4, end: 5 });

  // A conf text whose characters sit at every other file offset.
  const spread = '[\0m\0]\0\n\0d\0e\0f\0i\0n\0i\0t\0i\0o\0n\0=\0x\0';
  const decoded = spread.replace(/\0/g, '');
  const offsets = [...decoded].map((_, i) => 2 * i).concat(2 * decoded.length);
  const { macros: spreadMacros } = parseMacrosConf(mappedSourceText('spread.conf', decoded, offsets));
  assertMapsBack(spread, spreadMacros[0].definition);
});

test('overloading: one name, several argument counts, each its own key', () => {
  const text = '[m]\ndefinition = zero\n[m(1)]\nargs = a\ndefinition = one $a$\n[m(2)]\nargs = a, b\ndefinition = two';
  const table = new MacroTable(parseMacrosConf(conf(text)).macros);
  assert.equal(table.get('m', 0)?.definition.text, 'zero');
  assert.equal(table.get('m', 1)?.definition.text, 'one $a$');
  assert.equal(table.get('m', 2)?.definition.text, 'two');
  assert.deepEqual(table.arities('m'), [0, 1, 2]);
});

test('a stanza written twice is merged, later settings winning, as Splunk merges them', () => {
  const text = '[m]\ndefinition = first\ndescription = kept\n[other]\ndefinition = o\n[m]\ndefinition = second';
  const { macros, diagnostics } = parseMacrosConf(conf(text));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(macros.map((m) => [m.name, m.definition.text, m.description]), [['m', 'second', 'kept'], ['other', 'o', undefined]]);
});

test('malformed stanzas and lines give diagnostics, never exceptions', () => {
  const text = [
    'definition = before any stanza is ignored',
    '[two(2)]',
    'args = only_one',
    'definition = $only_one$',
    '[none(1)]',
    'definition = no args listed',
    '[zero]',
    'args = surplus',
    'definition = x',
    '[no_definition]',
    'description = nothing to expand',
    '[bad name(x)]',
    'definition = y',
    '[unclosed',
    'this line has no equals sign',
    '[default]',
    'definition = ignored',
  ].join('\n');
  const { macros, diagnostics } = parseMacrosConf(conf(text));
  const at = (d: { span: { start: number; end: number } }): string => text.slice(d.span.start, d.span.end);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, at(d)]),
    [
      ['macro-conf-syntax', '[unclosed'],
      ['macro-conf-syntax', 'this line has no equals sign'],
      ['macro-conf-stanza', 'args'],
      ['macro-conf-stanza', 'none(1)'],
      ['macro-conf-stanza', 'args'],
      ['macro-conf-stanza', 'no_definition'],
      ['macro-conf-stanza', 'bad name(x)'],
    ],
  );
  assert.match(diagnostics[2].message, /takes 2 arguments, but `args` lists 1 \(only_one\)/);
  // Mismatched stanzas stay callable under the key their name declares.
  assert.deepEqual(macros.map((m) => [m.name, m.args]), [['two', ['only_one', 'arg2']], ['none', ['arg1']], ['zero', []]]);
});

test('garbage never throws', () => {
  for (const text of ['', '[', ']', '=', '\\', '[a]\n\\', '[a]\ndefinition=\\\n', '[a(99999999999999999999)]\ndefinition=x', '\r\r\n\n[\r]=']) {
    assert.doesNotThrow(() => parseMacrosConf(conf(text)), JSON.stringify(text));
  }
});
