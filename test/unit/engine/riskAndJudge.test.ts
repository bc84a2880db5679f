// Risk rendering and contentctl's test verdict on hand-made results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RiskBlock } from '../../../server/src/core/content/model';
import { judgeTest, renderRisk, severityOf, type Row } from '../../../server/src/core/engine';
import { verbatimSourceText } from '../../../server/src/core/text/sourceText';

const at = <T>(value: T) => ({ value, span: { start: 0, end: 0 } });

function riskBlock(messages: string[], riskObjects: [string, string, number][], threatObjects: [string, string][]): RiskBlock {
  return {
    message: messages[0] === undefined ? undefined : at(messages[0]),
    messages: messages.map((m) => verbatimSourceText('d.yml', m)),
    riskObjects: riskObjects.map(([field, type, score], i) => ({ field: at(field), type: at(type), score: at(score), path: ['rba', 'risk_objects', i] })),
    threatObjects: threatObjects.map(([field, type], i) => ({ field: at(field), type: at(type), path: ['rba', 'threat_objects', i] })),
  };
}

const row = (fields: Record<string, string | number | string[]>): Row => Object.assign(Object.create(null) as Row, fields);

test('severity follows the highest score', () => {
  assert.deepEqual([0, 20, 21, 40, 41, 60, 61, 80, 81, 100].map(severityOf), ['informational', 'informational', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
});

test('messages fill tokens from each row; missing and multivalue tokens warn', () => {
  const risk = riskBlock(['$user$ ran $process_name$ on $dest$'], [['dest', 'system', 30], ['user', 'user', 70]], [['process_name', 'process_name']]);
  const rows = [row({ user: 'ann', process_name: 'sh', dest: 'h1' }), row({ user: 'bob', process_name: ['sh', 'bash'] }), row({ process_name: 'id', dest: ['h2', 'h3'] })];
  const r = renderRisk(risk, rows);
  assert.deepEqual(r.messages, [['ann ran sh on h1'], ['bob ran sh, bash on '], [' ran id on h2, h3']]);
  assert.equal(r.severity, 'high');
  assert.deepEqual(r.warnings.map((w) => w.message), [
    'The message token $dest$ has no value in 1 of 3 rows (row 2): it renders empty.',
    'The message token $user$ has no value in 1 of 3 rows (row 3): it renders empty.',
    'The message token $process_name$ is multivalue in 1 of 3 rows (row 2): its values are joined with ", ".',
    'The message token $dest$ is multivalue in 1 of 3 rows (row 3): its values are joined with ", ".',
    'The risk object field dest is null in 1 of 3 rows: those rows make no risk event for it.',
    'The risk object field user is null in 1 of 3 rows: those rows make no risk event for it.',
  ]);
  // One event per risk object value: row 1 (dest, user), row 2 (user), row 3 (dest h2, dest h3).
  assert.deepEqual(r.events.map((e) => [e.row, e.risk_object_field, e.risk_object, e.risk_score]), [
    [0, 'dest', 'h1', 30], [0, 'user', 'ann', 70], [1, 'user', 'bob', 70], [2, 'dest', 'h2', 30], [2, 'dest', 'h3', 30],
  ]);
  assert.deepEqual(r.events[2].threat_objects, [{ field: 'process_name', type: 'process_name', value: 'sh' }, { field: 'process_name', type: 'process_name', value: 'bash' }]);
});

test('ESCU 6 entities each render their own message', () => {
  const risk = riskBlock(['host $dest$ at risk', 'user $user$ at risk'], [['dest', 'system', 10], ['user', 'user', 20]], []);
  const r = renderRisk(risk, [row({ dest: 'h1', user: 'ann' })]);
  assert.deepEqual(r.events.map((e) => e.risk_message), ['host h1 at risk', 'user ann at risk']);
  assert.equal(r.severity, 'informational');
});

test("contentctl's verdict and its reasons", () => {
  const risk = riskBlock(['m'], [['node_name', 'system', 49]], [['process_name', 'process_name']]);
  const rows = [row({ node_name: 'n1' }), row({ process_name: 'sh' }), row({ node_name: 'n2' }), row({})];
  assert.deepEqual(judgeTest(risk, { rows: [] }), { passed: false, reasons: ['no rows'], summary: 'no rows' });
  assert.equal(judgeTest(risk, { rows }).summary, 'risk object field node_name is null in 2 of 4 rows');
  assert.deepEqual(judgeTest(risk, { rows: [row({ node_name: 'n1' })] }).reasons, ['threat object field process_name is null in every row']);
  assert.deepEqual(judgeTest(risk, { rows: [row({ node_name: 'n1', process_name: 'sh' }), row({ node_name: 'n2' })] }), { passed: true, reasons: [], summary: 'passed: 2 rows' });
  assert.equal(judgeTest(undefined, { rows: [row({ x: 1 })] }).passed, true, 'Hunting detections only need rows');
  assert.equal(
    judgeTest(risk, { rows: [] }, [{ url: 'https://media.githubusercontent.com/media/splunk/attack_data/master/x.log', path: '/data/x.log' }]).summary,
    'missing data file /data/x.log (for https://media.githubusercontent.com/media/splunk/attack_data/master/x.log)',
  );
  // runDetectionTest stands in an engine-input error for the missing files: one reason, not two.
  assert.deepEqual(
    judgeTest(risk, { rows: [], error: { code: 'engine-input', message: 'missing data file /data/x.log' } }, [{ url: 'https://example.invalid/x.log', path: '/data/x.log' }]).reasons,
    ['missing data file /data/x.log (for https://example.invalid/x.log)'],
  );
  assert.deepEqual(
    judgeTest(risk, { rows: [], error: { code: 'engine-unsupported-command', message: 'The command transaction is not run by the local engine.' } }, [{ url: 'https://example.invalid/x.log' }]).reasons,
    ['missing data file: no test_data_caches entry maps https://example.invalid/x.log', 'the search failed: The command transaction is not run by the local engine.'],
  );
  assert.equal(judgeTest(risk, { rows: [], error: { code: 'engine-unsupported-command', message: 'The command transaction is not run by the local engine.' } }).summary, 'the search failed: The command transaction is not run by the local engine.');
});
