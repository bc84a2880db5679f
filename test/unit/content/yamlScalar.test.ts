// Positions inside YAML scalars, in all five styles: fixture probes (a needle in the decoded
// value, and where it must land in the file), a property over random values written by yaml's
// own stringifier in every style, and the whole corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Scalar, stringify, visit } from 'yaml';
import { nodeAt, parseYamlFile, sourceTextOf, type KeyPath } from '../../../server/src/core/content/yamlFile';
import { hasExactPositions } from '../../../server/src/core/content/yamlScalar';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { corpusRoot, filesUnder, repoRoot } from '../../support/corpus';

interface Probe {
  readonly path?: KeyPath;
  readonly needle: string;
  readonly occurrence: number;
  readonly line: number;
  readonly character: number;
}

const fixtureDir = path.join(repoRoot, 'test/fixtures/yaml-positions');

function nthIndexOf(haystack: string, needle: string, occurrence: number): number {
  let at = -1;
  for (let n = 0; n < occurrence; n++) {
    at = haystack.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

for (const name of readdirSync(fixtureDir).filter((f) => f.endsWith('.yml')).sort()) {
  const caseName = name.slice(0, -'.yml'.length);
  test(`yaml positions: ${caseName}`, () => {
    const text = readFileSync(path.join(fixtureDir, name), 'utf8');
    const probes = JSON.parse(readFileSync(path.join(fixtureDir, `${caseName}.expected.json`), 'utf8')) as Probe[];
    const file = parseYamlFile(name, text);
    assert.deepEqual(
      file.diagnostics.filter((d) => d.severity === 'error'),
      [],
      'the fixture parses',
    );
    const lines = new LineIndex(text);
    for (const probe of probes) {
      const node = nodeAt(file.root, probe.path ?? ['search']);
      const source = sourceTextOf(file, node);
      assert.ok(source, `${caseName}: no scalar at ${JSON.stringify(probe.path ?? ['search'])}`);
      assert.equal(source.text, (node as Scalar).value, `${caseName}: decoded text equals yaml's value`);
      const at = nthIndexOf(source.text, probe.needle, probe.occurrence);
      assert.ok(at >= 0, `${caseName}: needle ${JSON.stringify(probe.needle)} #${probe.occurrence} not in the decoded value`);
      const position = lines.positionAt(source.toFileOffset(at));
      assert.deepEqual(
        position,
        { line: probe.line, character: probe.character },
        `${caseName}: ${JSON.stringify(probe.needle)} #${probe.occurrence}`,
      );
    }
  });
}

/** Characters that must map to themselves: everything but folds and escapes. A fold maps to a
 * line break; an escape maps to its backslash. */
function assertVerbatimCharacters(text: string, decoded: string, offsets: readonly number[], where: string): void {
  for (let i = 0; i < decoded.length; i++) {
    const c = text[offsets[i]];
    if (c === decoded[i] || c === '\\' || c === '\n' || c === '\r') continue;
    assert.fail(`${where}: decoded ${JSON.stringify(decoded[i])} at ${i} maps to ${JSON.stringify(c)}`);
  }
}

test('every corpus detection: search characters map onto themselves in the file', () => {
  const root = corpusRoot();
  const files = [...filesUnder(path.join(root, 'security_content/detections')), ...filesUnder(path.join(root, 'isovalent/detections'))];
  assert.ok(files.length > 1400);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const file = parseYamlFile(f, text);
    const node = nodeAt(file.root, ['search']);
    const source = sourceTextOf(file, node);
    assert.ok(source, `${f}: no search`);
    const offsets = Array.from({ length: source.text.length }, (_, i) => source.toFileOffset(i));
    assertVerbatimCharacters(text, source.text, offsets, f);
  }
});

test('every scalar of every corpus file decodes exactly as yaml does (the coarse fallback is never used)', () => {
  const root = corpusRoot();
  let scalars = 0;
  for (const f of filesUnder(root)) {
    const file = parseYamlFile(f, readFileSync(f, 'utf8'));
    visit(file.doc, {
      Scalar(_key, node) {
        scalars++;
        if (!hasExactPositions(node, file.scalars)) assert.fail(`${f}: scalar at ${node.range?.[0]} (${node.type}) does not decode exactly`);
      },
    });
  }
  assert.ok(scalars > 100_000, `only ${scalars} scalars`);
});

// Random values, written by yaml's stringifier in each style, nested at random depths, must
// decode to the value and keep every verbatim character in place.
const STYLES = [Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
const valueChars = fc.constantFrom(...'ab |`$"\'\\\t\n#:-é'.split(''), '  ', '\n\n', ' \n ');

test('property: random values in every style decode with exact positions', () => {
  fc.assert(
    fc.property(
      fc.array(valueChars, { minLength: 1, maxLength: 40 }).map((cs) => cs.join('')),
      fc.constantFrom(...STYLES),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 10, max: 80 }),
      fc.boolean(),
      (value, style, depth, lineWidth, crlf) => {
        const scalar = new Scalar(value);
        scalar.type = style;
        let doc: unknown = { search: scalar };
        for (let d = 0; d < depth; d++) doc = { level: [doc] };
        let text = stringify(doc, { lineWidth, minContentWidth: 5 });
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const file = parseYamlFile('random.yml', text);
        if (file.hasSyntaxErrors) return; // a value yaml itself cannot round-trip
        visit(file.doc, {
          Scalar(_key, node) {
            if (typeof node.value !== 'string') return;
            assert.ok(hasExactPositions(node, file.scalars), `not exact: ${JSON.stringify(text)}`);
            const source = sourceTextOf(file, node);
            assert.ok(source);
            assert.equal(source.text, node.source);
            const offsets = Array.from({ length: source.text.length }, (_, i) => source.toFileOffset(i));
            assertVerbatimCharacters(text, source.text, offsets, JSON.stringify(text));
          },
        });
      },
    ),
    { numRuns: 2000 },
  );
});
