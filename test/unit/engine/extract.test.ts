// Field extraction from JSON events and the field-definitions file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultFieldDefinitions, FieldExtractor, flattenJson, jsonFieldValues, parseFieldDefinitions, mergeFieldDefinitions } from '../../../server/src/core/engine';
import { fieldNeeds } from '../../../server/src/core/engine/fieldsUsed';
import { parseSpl } from '../../../server/src/core/spl';

const event = {
  process_exec: {
    process: { binary: '/bin/sh', arguments: '-c "id"', pid: 7, pod: { name: 'p' } },
    parent: { binary: 'C:\\Windows\\cmd.exe' },
    ancestors: [{ binary: '/usr/bin/containerd-shim' }, { binary: '/sbin/init' }],
  },
  node_labels: { 'kubernetes.io/hostname': 'n1' },
  time: '2025-11-18T06:00:02.5Z',
  empty: null,
  nested: [[1, 2], [3]],
};

test('JSON leaves by dotted path, arrays as {} multivalue, keys with dots', () => {
  assert.deepEqual(jsonFieldValues(event, 'process_exec.process.binary'), ['/bin/sh']);
  assert.deepEqual(jsonFieldValues(event, 'process_exec.ancestors{}.binary'), ['/usr/bin/containerd-shim', '/sbin/init']);
  assert.deepEqual(jsonFieldValues(event, 'node_labels.kubernetes.io/hostname'), ['n1']);
  assert.deepEqual(jsonFieldValues(event, 'nested{}{}'), [1, 2, 3]);
  assert.deepEqual(jsonFieldValues(event, 'process_exec.process'), [], 'an object is not a leaf');
  assert.deepEqual(jsonFieldValues(event, 'empty'), [], 'null is absent');
  const flat = flattenJson(event);
  assert.deepEqual([...flat.keys()], [
    'process_exec.process.binary', 'process_exec.process.arguments', 'process_exec.process.pid', 'process_exec.process.pod.name',
    'process_exec.parent.binary', 'process_exec.ancestors{}.binary', 'node_labels.kubernetes.io/hostname', 'time', 'nested{}{}',
  ]);
});

test('the shipped definitions give the Cisco Isovalent fields', () => {
  const extractor = new FieldExtractor(defaultFieldDefinitions());
  const row = extractor.extractAll({ raw: JSON.stringify(event), metadata: { sourcetype: 'cisco:isovalent:processExec', source: 's', host: 'h', index: 'i' } });
  assert.equal(row.process_name, 'sh');
  assert.equal(row.process_exec, 'sh');
  assert.equal(row.process, '/bin/sh -c "id"');
  assert.equal(row.parent_process_name, 'cmd.exe', 'basename understands backslashes');
  assert.equal(row.parent_process, 'C:\\Windows\\cmd.exe', 'no arguments: the binary alone');
  assert.equal(row.process_id, 7);
  assert.equal(row.pod_name, 'p');
  assert.equal(row._time, Date.UTC(2025, 10, 18, 6, 0, 2) / 1000 + 0.5);
  assert.deepEqual([row.sourcetype, row.source, row.host, row.index], ['cisco:isovalent:processExec', 's', 'h', 'i']);
  assert.equal(row.cluster_name, undefined);
});

test('definitions are validated, merged, and fall back', () => {
  const { definitions, problems } = parseFieldDefinitions({
    sourcetypes: {
      st: {
        a: { alias: ['missing', 'x.y'] },
        b: { basename: 'nope', fallback: { alias: 'x.y' } },
        c: { concat: ['x.y', 'x.z'], separator: '|' },
        t: { time: 'when', format: '%d/%m/%Y' },
        bad1: { alias: 'x', basename: 'y' },
        bad2: { concat: [] },
        bad3: 'x.y',
        bad4: { alias: 'x', colour: 'red' },
      },
    },
  });
  assert.deepEqual(problems.map((p) => p.path), ['sourcetypes.st.bad1', 'sourcetypes.st.bad2.concat', 'sourcetypes.st.bad3', 'sourcetypes.st.bad4.colour']);
  const row = new FieldExtractor(definitions).extractAll({ raw: '{"x":{"y":"v/w","z":"2"},"when":"18/11/2025"}', metadata: { sourcetype: 'st' } });
  assert.deepEqual([row.a, row.b, row.c, row.t, row.bad4], ['v/w', 'v/w', 'v/w|2', Date.UTC(2025, 10, 18) / 1000, undefined], 'bad4 reads x, an object: no value');
  const merged = mergeFieldDefinitions(defaultFieldDefinitions(), definitions);
  assert.ok(merged.bySourcetype.has('st') && merged.bySourcetype.has('cisco:isovalent:processExec'));
  assert.deepEqual(parseFieldDefinitions([]).problems.map((p) => p.message), ['expected an object with a "sourcetypes" object']);
});

test('only the fields the pipeline reads are extracted, unless a stage needs all', () => {
  const needs = (text: string) => fieldNeeds(parseSpl(text).pipeline);
  assert.deepEqual(needs('sourcetype=x process_name IN (sh, bash) | stats count by node_name process_id'), { filter: ['_time', 'sourcetype', 'process_name'], rest: ['node_name', 'process_id'] });
  assert.deepEqual(needs('error | table a b'), { filter: ['_time', '_raw'], rest: ['a', 'b'] });
  assert.equal(needs('x=1 | table a*').rest, 'all');
  assert.equal(needs('x=1 | eval y=1').rest, 'all', 'raw events reach the output');
  assert.deepEqual(needs('x=1 | rename "P.*" as * | stats count by dest').rest, 'all');
  assert.deepEqual(needs('x=1 | stats count by a | rename "P.*" as *').rest, ['a']);
  assert.deepEqual(needs('x=1 | rex field=msg "(?<u>\\w+)" | stats count by u').rest, ['msg', 'u']);
});
