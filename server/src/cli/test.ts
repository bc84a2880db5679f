// `spl-workbench test [paths...] [--junit FILE] [--content-root DIR]`: every test of every
// detection under the paths, judged as `contentctl test` judges it (at least one row; each
// risk-object field present in every row; each threat-object field present in some row), on the
// attack data found through contentctl.yml's test_data_caches. One PASS/FAIL line per test with
// the reason, then `N passed, N failed`. Exit code 1 when a test fails, 2 on bad usage.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { macroTableOf } from '../core/analysis';
import type { Detection } from '../core/content/model';
import { lookupTablesOf } from '../core/engine';
import { runDetectionTest } from '../node/events/detectionTest';
import { displayPath, loadScopes } from './contentScope';
import { escapeForTerminal } from './resultTable';
import { locateEngineError } from './run';
import { parseCommandLine } from './usage';

export interface TestOutcome {
  readonly file: string;
  readonly detection: string;
  readonly test: string;
  readonly passed: boolean;
  readonly reasons: readonly string[];
  readonly summary: string;
  readonly seconds: number;
}

/** The reasons of a verdict, the search error located in the detection file. */
function reasonsOf(detection: Detection, file: string, run: Awaited<ReturnType<typeof runDetectionTest>>): string[] {
  // Missing files as the user sees paths.
  let reasons = run.verdict.reasons.map((r) => run.missing.reduce((t, m) => (m.path ? t.split(m.path).join(displayPath(m.path)) : t), r));
  const error = run.result.error;
  if (error && error.code !== 'engine-input') {
    const located = locateEngineError({ path: file, text: detection.text }, run.search, error);
    if (located.line !== undefined) {
      const where = `the search failed at ${located.path}:${located.line}:${located.column}:`;
      reasons = reasons.map((r) => (r.startsWith('the search failed:') ? r.replace('the search failed:', where) : r));
    }
  }
  return reasons;
}

const xmlEscape = (text: string): string =>
  text
    // Characters XML 1.0 cannot carry at all, lone surrogates included.
    // eslint-disable-next-line no-control-regex
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** In an attribute, tabs and line breaks are written as references (a parser would turn them
 * into spaces otherwise). */
const xmlAttr = (text: string): string => xmlEscape(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

/** JUnit XML as CI systems read it: one testsuite per content root, one testcase per test. */
export function junitXml(outcomes: readonly TestOutcome[], suites: ReadonlyMap<string, readonly TestOutcome[]>): string {
  const failures = outcomes.filter((o) => !o.passed).length;
  const total = outcomes.reduce((s, o) => s + o.seconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="spl-workbench test" tests="${outcomes.length}" failures="${failures}" errors="0" time="${total.toFixed(3)}">`,
  ];
  for (const [name, cases] of suites) {
    const f = cases.filter((o) => !o.passed).length;
    const t = cases.reduce((s, o) => s + o.seconds, 0);
    lines.push(`  <testsuite name="${xmlAttr(name)}" tests="${cases.length}" failures="${f}" errors="0" skipped="0" time="${t.toFixed(3)}">`);
    for (const o of cases) {
      const attrs = `name="${xmlAttr(o.test)}" classname="${xmlAttr(o.detection)}" file="${xmlAttr(o.file)}" time="${o.seconds.toFixed(3)}"`;
      if (o.passed) {
        lines.push(`    <testcase ${attrs}>`, `      <system-out>${xmlEscape(o.summary)}</system-out>`, '    </testcase>');
      } else {
        lines.push(`    <testcase ${attrs}>`, `      <failure message="${xmlAttr(o.summary)}" type="contentctl-test">${xmlEscape(o.reasons.join('\n'))}</failure>`, '    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

export async function runTest(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, { junit: { type: 'string' }, 'content-root': { type: 'string' } });
  const inputs = parsed.positionals.length ? parsed.positionals : ['.'];
  const scopes = loadScopes(inputs, parsed.values['content-root']);
  const outcomes: TestOutcome[] = [];
  const suites = new Map<string, TestOutcome[]>();
  for (const scope of scopes) {
    const { table } = macroTableOf(scope.repository);
    const lookups = lookupTablesOf(scope.repository);
    const root = scope.root ?? process.cwd();
    const suite = displayPath(root) || '.';
    for (const file of scope.files) {
      const detection = scope.repository.file(file);
      if (!detection || detection.kind !== 'detection') continue;
      const shown = displayPath(file);
      const name = detection.name?.value ?? path.basename(file);
      if (detection.tests.length === 0) {
        process.stdout.write(`SKIP  ${escapeForTerminal(name)} (${shown}): no tests\n`);
        continue;
      }
      for (let i = 0; i < detection.tests.length; i++) {
        const testName = detection.tests[i].name?.value ?? `test ${i + 1}`;
        const started = performance.now();
        const run = await runDetectionTest(detection, { contentRoot: root, macros: table, lookups, testIndex: i });
        const reasons = reasonsOf(detection, shown, run);
        const outcome: TestOutcome = {
          file: shown,
          detection: name,
          test: testName,
          passed: run.verdict.passed,
          reasons,
          summary: run.verdict.passed ? run.verdict.summary : reasons[0],
          seconds: (performance.now() - started) / 1000,
        };
        outcomes.push(outcome);
        const list = suites.get(suite) ?? [];
        list.push(outcome);
        suites.set(suite, list);
        const said = outcome.passed ? outcome.summary.replace(/^passed: /, '') : outcome.summary;
        const file = said.includes(`${shown}:`) ? '' : ` (${shown})`;
        const head = `${outcome.passed ? 'PASS' : 'FAIL'}  ${escapeForTerminal(name)} › ${escapeForTerminal(testName)}: ${escapeForTerminal(said)}${file}`;
        const more = outcome.passed ? [] : reasons.slice(1).map((r) => `        ${escapeForTerminal(r)}`);
        process.stdout.write([head, ...more].join('\n') + '\n');
      }
    }
  }
  const failed = outcomes.filter((o) => !o.passed).length;
  if (parsed.values.junit !== undefined) writeFileSync(parsed.values.junit, junitXml(outcomes, suites));
  process.stdout.write(`${outcomes.length - failed} passed, ${failed} failed\n`);
  if (outcomes.length === 0) {
    // Nothing judged is not a pass: a wrong path or a repository without tests must not look green.
    process.stderr.write('spl-workbench test: no detection tests found (detections list them under tests:)\n');
    return 1;
  }
  return failed ? 1 : 0;
}
