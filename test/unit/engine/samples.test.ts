// The sample detections end to end, through the content model: load samples/, expand each
// detection's search with the repository's macros, read its test's attack data through
// contentctl.yml's test_data_caches, run, judge, render risk. The rows must equal
// samples/data/expected-groups.json, computed independently with plain JS. (A multivalue field
// with one value is a single value in the engine, as in Splunk; the expectation writes
// values() results as lists, so one-element lists are compared as their element.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { macroTableOf } from '../../../server/src/core/analysis';
import { lookupTablesOf, runSearch, scheduledWindow, toDetectionFileSpan } from '../../../server/src/core/engine';
import { runDetectionTest } from '../../../server/src/node/events/detectionTest';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { eventsOf, FIXED_NOW, samplesRoot } from './support';

interface Expected {
  readonly file: string;
  readonly columns: string[];
  readonly rowCount: number;
  readonly rows: Record<string, unknown>[];
}

const expected = (JSON.parse(readFileSync(path.join(samplesRoot, 'data/expected-groups.json'), 'utf8')) as { detections: Record<string, Expected> }).detections;
const { repository } = loadRepositorySync(samplesRoot);
const { table: macros } = macroTableOf(repository);

const normalize = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]));

async function run(name: string) {
  const detection = repository.detection(name);
  assert.ok(detection, name);
  return { detection, ...(await runDetectionTest(detection, { contentRoot: samplesRoot, macros, lookups: lookupTablesOf(repository), now: FIXED_NOW })) };
}

describe('sample detections on the sample data', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: ${want.rowCount} rows as computed by scripts/expected-groups.ts`, async () => {
      const { result, verdict, inputs, missing } = await run(name);
      assert.equal(result.error, undefined, result.error?.message);
      assert.deepEqual(missing, []);
      assert.deepEqual(inputs.map((i) => path.relative(samplesRoot, i.path)), ['data/datasets/cisco_isovalent/cisco_isovalent.log']);
      assert.deepEqual(inputs[0].metadata, { sourcetype: 'cisco:isovalent:processExec', source: 'not_applicable' });
      assert.deepEqual(result.columns, want.columns);
      assert.equal(result.rows.length, want.rowCount);
      assert.deepEqual(result.rows.map((r) => ({ ...r })), want.rows.map(normalize));
      assert.equal(result.input.events, 400);
      assert.equal(result.input.bad_line_count, 0);
      assert.ok(verdict.passed, verdict.summary);
    });
  }

  it('the seed: 34 rows, 5 open-source events dropped for lack of cluster_name, risk events rendered', async () => {
    const { result, risk, verdict } = await run('Cisco Isovalent - Shell Execution');
    assert.equal(verdict.summary, 'passed: 34 rows');
    assert.deepEqual(result.dropped, [{ stage: 1, command: 'stats', by_field: 'cluster_name', rows: 5 }]);
    assert.deepEqual(result.stages.map((s) => [s.command, s.rows_in, s.rows_out]), [['search', 400, 48], ['stats', 48, 34], ['search', 34, 34]]);
    assert.ok(risk);
    assert.equal(risk.events.length, 34);
    assert.equal(risk.severity, 'medium');
    assert.deepEqual(risk.warnings, []);
    const first = risk.events[0];
    assert.equal(first.risk_message, 'The shell [bash] was executed on container pod namespace [ip-10-20-40-92.us-east-2.compute.internal]');
    assert.deepEqual(
      { field: first.risk_object_field, value: first.risk_object, type: first.risk_object_type, score: first.risk_score, threats: first.threat_objects },
      { field: 'node_name', value: 'ip-10-20-40-92.us-east-2.compute.internal', type: 'system', score: 49, threats: [{ field: 'process_name', type: 'process_name', value: 'bash' }] },
    );
  });

  it('two risk objects per row, messages filled from the fields stats kept', async () => {
    const { risk } = await run('Cisco Isovalent - Host Namespace Entry With Nsenter');
    assert.ok(risk);
    // Two risk objects (pod_name 48, node_name 64) per row: 3 rows, 6 events, severity high.
    assert.equal(risk.events.length, 6);
    assert.equal(risk.severity, 'high');
    assert.match(risk.events[0].risk_message, /^nsenter in pod netshoot-\S+ \(namespace dev\) entered the namespaces of node ip-10-20-17-201\.us-east-2\.compute\.internal in cluster isovalent-prod-use2$/);
  });

  it('errors point into the detection file through the macro source map', async () => {
    const detection = repository.detection('Cisco Isovalent - Shell Execution')!;
    const { search } = await run(detection.name!.value);
    assert.ok(search);
    // The expanded `sourcetype=...` comes from the macro call at the start of the search.
    const span = toDetectionFileSpan(search, { start: 0, end: 10 });
    assert.equal(detection.text.slice(span.start, span.end), '`cisco_isovalent_process_exec`');
  });

  it("keeps the events of the deployment's scheduled window (-70m@m to -10m@m)", async () => {
    const detection = repository.detection('Cisco Isovalent - Shell Execution')!;
    const deployment = repository.deploymentFor(detection.type!.value);
    assert.ok(deployment);
    // A run at 07:15:30 covers 06:05:00 to 07:05:00.
    const window = scheduledWindow(deployment, Date.UTC(2025, 10, 18, 7, 15, 30) / 1000);
    assert.ok(typeof window !== 'string', String(window));
    assert.deepEqual([new Date(window.earliest * 1000).toISOString(), new Date(window.latest * 1000).toISOString()], ['2025-11-18T06:05:00.000Z', '2025-11-18T07:05:00.000Z']);
    const events = eventsOf(readFileSync(path.join(samplesRoot, 'data/datasets/cisco_isovalent/cisco_isovalent.log'), 'utf8'), { sourcetype: 'cisco:isovalent:processExec' });
    const all = await runSearch('sourcetype=cisco:isovalent:processExec | stats count min(_time) as first max(_time) as last', events);
    const inWindow = await runSearch('sourcetype=cisco:isovalent:processExec | stats count min(_time) as first max(_time) as last', events, { window });
    assert.equal(all.rows[0].count, 400);
    const row = inWindow.rows[0];
    assert.ok((row.count as number) > 0 && (row.count as number) < 400);
    assert.ok((row.first as number) >= window.earliest && (row.last as number) < window.latest);
  });
});
