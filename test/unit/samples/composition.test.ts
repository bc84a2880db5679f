// What samples/data/README.md says about the data is true: totals, shells, the plan of a cycle and
// the rows each sample detection returns, recomputed from the events with plain JS
// (scripts/expected-groups.ts), and samples/data/expected-groups.json is up to date.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_EXPECTED,
  SHELLS,
  allowedImagePatterns,
  composition,
  expectedFile,
  expectedResults,
  fieldsOf,
  type Expected,
} from '../../../scripts/expected-groups';
import { DEFAULT_OUT, SHELL_PATHS, cycleComposition, generateEvents } from '../../../scripts/generate-samples';
import { dataReadme, markdownTable, nonEmptyLines, repoRoot, unquote } from './support';

const readme = readFileSync(dataReadme, 'utf8');
const lines = nonEmptyLines(readFileSync(path.join(repoRoot, DEFAULT_OUT), 'utf8'));
const allowed = allowedImagePatterns(repoRoot);
const facts = composition(lines, allowed);
const expected = (JSON.parse(readFileSync(path.join(repoRoot, DEFAULT_EXPECTED), 'utf8')) as { detections: Record<string, Expected> }).detections;
const seedRows = expected['Cisco Isovalent - Shell Execution']!.rows;

const rowCounts = (generated: readonly string[]): Record<string, number> =>
  Object.fromEntries(Object.entries(expectedResults(generated.map((l) => fieldsOf(JSON.parse(l))), allowed)).map(([name, e]) => [name, e.rowCount]));

describe('samples/data/README.md', () => {
  it('states the totals of the default data', () => {
    const stated = Object.fromEntries(markdownTable(readme, ['quantity', 'value']).map(([k, v]) => [k!, Number(v)]));
    assert.deepEqual(stated, {
      events: facts.events,
      'events with `cluster_name`': facts.withClusterName,
      'events without `cluster_name`': facts.withoutClusterName,
      'events whose process has no `arguments`': facts.withoutArguments,
      'exact duplicate lines': facts.duplicateLines,
      'clusters with `cluster_name`': Object.keys(facts.clusters).filter((c) => c !== '(none)').length,
      nodes: facts.nodes,
      namespaces: facts.namespaces,
      pods: facts.pods,
    });
    assert.match(readme, new RegExp(`Isovalent Enterprise events \\(${facts.withClusterName}\\)`));
    assert.match(readme, new RegExp(`Open-source Tetragon events \\(${facts.withoutClusterName}\\)`));
    assert.match(readme, new RegExp(`; ${facts.withoutArguments} events\\s`));
    assert.ok(facts.withoutClusterName > 0 && facts.withClusterName > 0);
  });

  it('states how often each shell runs, by which full path, and its rows in the seed detection', () => {
    const table = markdownTable(readme, ['shell', 'path(s)', 'events', 'with `cluster_name`', 'rows']);
    assert.deepEqual(
      table.map((r) => unquote(r[0]!)),
      [...SHELLS],
    );
    let events = 0;
    let withCluster = 0;
    for (const [shell, paths, n, withName, rows] of table) {
      const name = unquote(shell!);
      const fact = facts.shells[name]!;
      assert.deepEqual(paths!.split(',').map(unquote).sort(), fact.paths, `${name} paths`);
      assert.deepEqual(fact.paths, [...SHELL_PATHS[name]!].sort(), `${name}: the generator's declared paths`);
      assert.equal(Number(n), fact.events, `${name} events`);
      assert.equal(Number(withName), fact.withClusterName, `${name} events with cluster_name`);
      assert.equal(Number(rows), seedRows.filter((r) => r.process_name === name).length, `${name} rows`);
      events += fact.events;
      withCluster += fact.withClusterName;
    }
    assert.match(readme, new RegExp(`${events} shell events, ${withCluster} with \`cluster_name\``));
  });

  it('runs each of the 11 shells by its full path, with and without cluster_name', () => {
    for (const shell of SHELLS) {
      const fact = facts.shells[shell]!;
      assert.ok(fact.withClusterName > 0, `${shell} with cluster_name`);
      for (const p of fact.paths) assert.ok(p.startsWith('/') && p.endsWith(`/${shell}`), p);
    }
    assert.ok(Object.values(facts.shells).some((s) => s.events > s.withClusterName), 'some shells lack cluster_name');
    assert.ok(seedRows.some((r) => Number(r.count) > 1), 'some seed groups count more than 1');
  });

  it("lists the plan of a cycle as the generator's bookkeeping counts it, for any seed", () => {
    const table = markdownTable(readme, ['scenario', 'where (cluster / namespace / pod)', 'what', 'events']);
    const stated = Object.fromEntries(table.map((r) => [unquote(r[0]!), Number(r[3])]));
    assert.deepEqual(stated, cycleComposition());
    assert.deepEqual(cycleComposition({ seed: 99 }), cycleComposition());
    assert.equal(
      Object.values(stated).reduce((a, b) => a + b, 0),
      facts.events,
    );
  });

  it('states the rows each sample detection returns, as expected-groups.json has them', () => {
    const stated = Object.fromEntries(markdownTable(readme, ['detection', 'rows']).map(([d, n]) => [d!, Number(n)]));
    assert.deepEqual(stated, Object.fromEntries(Object.entries(expected).map(([name, e]) => [name, e.rowCount])));
    for (const [name, e] of Object.entries(expected)) assert.ok(e.rowCount > 0, `${name} returns at least one row`);
  });

  it('the row counts do not depend on the seed', () => {
    const reference = rowCounts(lines);
    for (const seed of [2, 99, 'another seed']) assert.deepEqual(rowCounts([...generateEvents({ seed })]), reference, `seed ${seed}`);
  });

  it('images both on and off the allowlist occur, and the allowlist detection has a row for each pod off it', () => {
    assert.ok(facts.images.allowed.length > 0 && facts.images.notAllowed.length > 0);
    const flagged = new Set(expected['Cisco Isovalent - Workload Image Outside Allowed Registries']!.rows.map((r) => r.pod_image_name));
    assert.deepEqual([...flagged].sort(), facts.images.notAllowed);
  });
});

describe('samples/data/expected-groups.json', () => {
  it('is what scripts/expected-groups.ts computes from the data', () => {
    const onDisk = readFileSync(path.join(repoRoot, DEFAULT_EXPECTED), 'utf8');
    assert.ok(onDisk === expectedFile(repoRoot), 'regenerate with: node --import tsx scripts/expected-groups.ts');
  });

  it('the seed detection drops the shells without cluster_name', () => {
    const shellEvents = Object.values(facts.shells).reduce((n, s) => n + s.withClusterName, 0);
    const counted = seedRows.reduce((n, r) => n + Number(r.count), 0);
    assert.equal(counted, shellEvents);
    assert.ok(seedRows.every((r) => typeof r.cluster_name === 'string'));
  });
});
