// Every detection search of the shared corpus expands: no unknown macro or wrong arity beyond the
// ones recorded in corpus-expected-unresolved.json, no cycle, and a sound source map on every
// expanded character. The macro YAML is read here with the `yaml` package directly: the
// content model proper lives elsewhere and is not what this test is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { expandMacros, type Expansion } from '../../../server/src/core/macros/expand';
import type { MacroDefinition } from '../../../server/src/core/macros/macroDefinition';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText, type SourceText } from '../../../server/src/core/text/sourceText';
import { corpusRoot, filesUnder } from '../../support/corpus';
import { expansionProblems } from './expansionInvariant';

interface Unresolved {
  /** Detection file, relative to the corpus root. */
  readonly detection: string;
  readonly code: string;
  readonly macro: string;
  readonly reason: string;
}

const expectedUnresolvedFile = path.resolve(__dirname, '../../fixtures/macros/corpus-expected-unresolved.json');

/** Files the `yaml` package rejects but PyYAML (contentctl) reads: multi-line quoted scalars
 * whose continuation lines start in column 0. */
const leniencyNeeded: string[] = [];

/** The YAML file as plain data; on an error, retried with those continuation lines indented. */
function readYaml(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text);
  if (!doc.errors.length) return doc.toJS();
  leniencyNeeded.push(file);
  const indented = text.replace(/\n(?![A-Za-z_][\w-]*:|- |#|\n|$)/g, '\n ');
  const retried = parseDocument(indented);
  if (retried.errors.length) throw new Error(`${file}: ${retried.errors[0].message}`);
  return retried.toJS();
}

function loadMacros(dir: string): MacroDefinition[] {
  return filesUnder(dir).flatMap((file) => {
    const doc = readYaml(file) as { name?: unknown; definition?: unknown; arguments?: unknown; description?: unknown };
    if (typeof doc?.name !== 'string' || typeof doc.definition !== 'string') return [];
    const args = Array.isArray(doc.arguments) ? doc.arguments.map(String) : [];
    return [{
      name: doc.name,
      args,
      definition: verbatimSourceText(file, doc.definition),
      origin: 'repository-yaml' as const,
      ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    }];
  });
}

interface Search {
  readonly detection: string;
  readonly root: SourceText;
  readonly table: MacroTable;
}

function loadSearches(): { searches: Search[]; macroCount: number } {
  const corpus = corpusRoot();
  const upstreamMacros = loadMacros(path.join(corpus, 'security_content/macros'));
  const upstream = new MacroTable(upstreamMacros);
  const isovalentMacros = loadMacros(path.join(corpus, 'isovalent/macros'));
  // Isovalent's macros first, security_content's for the rest.
  const isovalent = new MacroTable(isovalentMacros, { fallback: upstream });
  const searches: Search[] = [];
  for (const [folder, table] of [['security_content', upstream], ['isovalent', isovalent]] as const) {
    const dir = path.join(corpus, folder, 'detections');
    if (!existsSync(dir)) continue;
    for (const file of filesUnder(dir)) {
      const doc = readYaml(file) as { search?: unknown };
      if (typeof doc?.search !== 'string') continue;
      searches.push({ detection: path.relative(corpus, file), root: verbatimSourceText(file, doc.search), table });
    }
  }
  return { searches, macroCount: upstreamMacros.length + isovalentMacros.length };
}

const { searches, macroCount } = loadSearches();

test('the corpus has macros and detections', () => {
  assert.ok(macroCount > 150, `only ${macroCount} macros`);
  assert.ok(searches.length > 1000, `only ${searches.length} searches`);
});

test('every corpus search expands: unresolved macros are only the recorded ones, no cycles, sound source maps', () => {
  const timed = (): { expansions: Expansion[]; ms: number } => {
    const started = performance.now();
    const expansions = searches.map((s) => expandMacros(s.root, s.table));
    return { expansions, ms: performance.now() - started };
  };
  const cold = timed();
  const { expansions, ms: warm } = timed();

  const unresolved: Omit<Unresolved, 'reason'>[] = [];
  const problems: string[] = [];
  let characters = 0;
  let calls = 0;
  expansions.forEach((expansion, i) => {
    const { detection, root } = searches[i];
    characters += expansion.text.length;
    calls += expansion.calls.length;
    for (const d of expansion.diagnostics) {
      if (d.code === 'macro-unknown' || d.code === 'macro-arity') {
        const macro = /`([^`]+)`/.exec(d.message.replace(/^In .*?: /, ''))?.[1] ?? '?';
        unresolved.push({ detection, code: d.code, macro });
      } else if (d.severity === 'error') {
        problems.push(`${detection}: ${d.code} ${d.message}`);
      }
    }
    for (const p of expansionProblems(root, expansion, 3)) problems.push(`${detection}: ${p}`);
  });
  console.log(
    `corpus: ${macroCount} macros, ${searches.length} searches, ${calls} outermost calls, ` +
      `${characters} expanded characters, ${unresolved.length} unresolved; ` +
      `expansion took ${cold.ms.toFixed(1)} ms cold, ${warm.toFixed(1)} ms warm` +
      ` (YAML read leniently: ${leniencyNeeded.map((f) => path.basename(f)).join(', ') || 'none'})`,
  );

  assert.deepEqual(problems, []);
  // Generous, so a slow CI machine passes; a quadratic slip would not.
  assert.ok(warm < 500, `expanding the corpus took ${warm.toFixed(0)} ms`);
  const expected = JSON.parse(readFileSync(expectedUnresolvedFile, 'utf8')) as Unresolved[];
  assert.deepEqual(
    unresolved,
    expected.map(({ detection, code, macro }) => ({ detection, code, macro })),
    'unresolved macros differ from corpus-expected-unresolved.json',
  );
});
