// Expansion cases as data: each folder of test/fixtures/macros holds the macros (macros.json
// and/or macros.conf), the search (search.spl) and what it must become (expected.json).
// UPDATE_FIXTURES=1 rewrites expected.json from today's behaviour (review the diff!); the
// `origins` spot checks keep their `at`/`nth` and get their answers refreshed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expandMacros, type Expansion, type MacroCallSite } from '../../../server/src/core/macros/expand';
import type { MacroDefinition } from '../../../server/src/core/macros/macroDefinition';
import { macroKey } from '../../../server/src/core/macros/macroDefinition';
import { parseMacrosConf } from '../../../server/src/core/macros/macrosConf';
import { MacroTable } from '../../../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';
import { expansionProblems } from './expansionInvariant';

const fixturesDir = path.resolve(__dirname, '../../fixtures/macros');
const updating = process.env.UPDATE_FIXTURES === '1';

interface JsonMacro {
  name: string;
  args?: string[];
  definition: string;
  iseval?: boolean;
  /** Defaults to `macros/<name>.yml`. */
  file?: string;
}

interface OriginCheck {
  /** The expanded text's `nth` occurrence (default 0) of this string. */
  at: string;
  nth?: number;
  source?: string;
  offset?: number;
  chain?: string[];
  verbatim?: boolean;
}

interface CallSummary {
  call: string;
  in: string;
  span: [number, number];
  expandsTo: string;
  children?: CallSummary[];
}

interface Expected {
  expanded: string;
  diagnostics: unknown[];
  calls: CallSummary[];
  origins?: OriginCheck[];
}

function loadMacros(dir: string): MacroDefinition[] {
  const macros: MacroDefinition[] = [];
  const jsonFile = path.join(dir, 'macros.json');
  if (existsSync(jsonFile)) {
    for (const m of JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonMacro[]) {
      macros.push({
        name: m.name,
        args: m.args ?? [],
        definition: verbatimSourceText(m.file ?? `macros/${m.name}.yml`, m.definition),
        origin: 'repository-yaml',
        ...(m.iseval ? { iseval: true } : {}),
      });
    }
  }
  const confFile = path.join(dir, 'macros.conf');
  if (existsSync(confFile)) {
    const conf = parseMacrosConf(verbatimSourceText('macros.conf', readFileSync(confFile, 'utf8')));
    assert.deepEqual(conf.diagnostics, [], 'the fixture macros.conf parses cleanly');
    macros.push(...conf.macros);
  }
  return macros;
}

function summarize(call: MacroCallSite, text: string): CallSummary {
  return {
    call: macroKey(call.name, call.arity),
    in: call.source.file,
    span: [call.span.start, call.span.end],
    expandsTo: text.slice(call.expandedSpan.start, call.expandedSpan.end),
    ...(call.children.length ? { children: call.children.map((c) => summarize(c, text)) } : {}),
  };
}

function answerOrigin(expansion: Expansion, check: OriginCheck): OriginCheck {
  let index = -1;
  for (let k = 0; k <= (check.nth ?? 0); k++) {
    index = expansion.text.indexOf(check.at, index + 1);
    if (index < 0) throw new Error(`origins: ${JSON.stringify(check.at)} #${check.nth ?? 0} is not in the expanded text`);
  }
  const o = expansion.map.origin(index);
  return {
    at: check.at,
    ...(check.nth ? { nth: check.nth } : {}),
    source: o.source.file,
    offset: o.offset,
    chain: o.chain.map((c) => macroKey(c.name, c.arity)),
    verbatim: o.verbatim,
  };
}

const cases = readdirSync(fixturesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('the macro fixtures folder has cases', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases in ${fixturesDir}`);
});

for (const name of cases) {
  test(`fixture ${name}`, () => {
    const dir = path.join(fixturesDir, name);
    const root = verbatimSourceText('search.spl', readFileSync(path.join(dir, 'search.spl'), 'utf8').replace(/\r?\n$/, ''));
    const expansion = expandMacros(root, new MacroTable(loadMacros(dir)));
    assert.deepEqual(expansionProblems(root, expansion), []);

    const expectedFile = path.join(dir, 'expected.json');
    const previous = existsSync(expectedFile) ? (JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected) : undefined;
    const actual: Expected = {
      expanded: expansion.text,
      diagnostics: expansion.diagnostics.map((d) => ({
        code: d.code,
        start: d.span.start,
        end: d.span.end,
        message: d.message,
        ...(d.related ? { related: d.related.map((r) => ({ file: r.file, start: r.span.start, end: r.span.end, message: r.message })) } : {}),
      })),
      calls: expansion.calls.map((c) => summarize(c, expansion.text)),
      ...(previous?.origins ? { origins: previous.origins.map((check) => answerOrigin(expansion, check)) } : {}),
    };
    if (updating || !previous) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      if (!updating) assert.fail(`wrote ${expectedFile}; review it and run again`);
      return;
    }
    assert.deepEqual(actual, previous);
  });
}
