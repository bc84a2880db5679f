// The content model: kinds from paths, the three detection generations normalised into one
// shape (with spans that point at what they say), the repository, and the node loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { contentKindOf, parseContentFile } from '../../../server/src/core/content/contentFile';
import type { Detection, Located } from '../../../server/src/core/content/model';
import { quickName } from '../../../server/src/core/content/quickName';
import { ContentRepository } from '../../../server/src/core/content/repository';
import { findContentRoot, loadRepository, loadRepositorySync } from '../../../server/src/node/loadRepository';
import { corpusRoot, repoRoot } from '../../support/corpus';

const fixtures = path.join(repoRoot, 'test/fixtures/content');

const loadedCorpus = new Map<string, ContentRepository>();
/** A corpus folder, loaded once for this file's tests. */
function corpusRepository(name: 'security_content' | 'isovalent'): ContentRepository {
  let repo = loadedCorpus.get(name);
  if (!repo) loadedCorpus.set(name, (repo = loadRepositorySync(path.join(corpusRoot(), name)).repository));
  return repo;
}
const DETECTION = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

function detectionOf(caseName: string): Detection {
  const text = readFileSync(path.join(fixtures, caseName, DETECTION), 'utf8');
  const file = parseContentFile(DETECTION, text);
  assert.equal(file.kind, 'detection');
  return file as Detection;
}

/** A located value must be written at its span (`written` as it appears, quotes included). */
function assertAt(text: string, located: Located<string> | undefined, value: string, written = value): void {
  assert.ok(located, `missing ${value}`);
  assert.equal(located.value, value);
  assert.equal(text.slice(located.span.start, located.span.end), written);
}

test('the kind of a file comes from the nearest known folder', () => {
  const cases: [string, string][] = [
    ['detections/endpoint/a.yml', 'detection'],
    ['/abs/macros/repo/detections/a.yml', 'detection'],
    ['C:\\repo\\macros\\m.yml', 'macro'],
    ['data_sources/d.yml', 'data-source'],
    ['stories/deprecated/s.yml', 'story'],
    ['lookups/l.yml', 'lookup'],
    ['lookups/l.csv', 'lookup-table'],
    ['deployments/d.yml', 'deployment'],
    ['schedules/s.yaml', 'deployment'],
    ['app/default/macros.conf', 'macros-conf'],
    ['versions/x.v1.yml', 'other'],
    ['detections/x.spl', 'other'],
    ['contentctl.yml', 'other'],
    ['macros/notes.csv', 'other'],
  ];
  for (const [p, kind] of cases) assert.equal(contentKindOf(p).kind, kind, p);
});

test('parseContentFile never throws, whatever the text', () => {
  const paths = ['detections/a.yml', 'macros/m.yml', 'data_sources/d.yml', 'stories/s.yml', 'lookups/l.yml', 'schedules/s.yml'];
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.string({ unit: fc.constantFrom(...'a: -\n\t"\'[]{}|>#&*!%@`\\ 1'.split('')) }), (p, text) => {
      const file = parseContentFile(p, text);
      assert.equal(file.path, p);
      for (const d of file.diagnostics) assert.ok(d.span.start <= d.span.end && d.span.end <= text.length, `span in range: ${JSON.stringify(text)}`);
    }),
    { numRuns: 1000 },
  );
});

test('v5: rba normalised into the risk block, with spans', () => {
  const d = detectionOf('v5-valid');
  assert.equal(d.generation, 'v5');
  assertAt(d.text, d.name, 'Cisco Isovalent - Shell Execution');
  assertAt(d.text, d.date, '2025-11-18', "'2025-11-18'");
  assert.equal(d.version?.value, 1);
  assert.deepEqual(d.risk?.riskObjects.map((r) => [r.field.value, r.type.value, r.score?.value]), [['node_name', 'system', 49]]);
  assert.deepEqual(d.risk?.threatObjects.map((r) => [r.field.value, r.type.value]), [['process_name', 'process_name']]);
  assertAt(d.text, d.risk?.riskObjects[0].field, 'node_name');
  assert.match(d.risk?.message?.value ?? '', /^The shell \[\$process_name\$\]/);
  assertAt(d.text, d.stories[0], 'Cisco Isovalent Suspicious Activity');
  assertAt(d.text, d.mitreIds[0], 'T1543');
  assertAt(d.text, d.dataSources[0], 'Cisco Isovalent Process Exec');
  assert.equal(d.drilldowns.length, 2);
  assert.ok(d.drilldowns[0].search?.text.startsWith('%original_detection_search%'));
  assert.equal(d.tests[0].attackData[0].sourcetype?.value, 'cisco:isovalent:processExec');
  assert.ok(d.search?.text.includes('`cisco_isovalent___shell_execution_filter`'));
  const keys = d.keySpans(['rba', 'risk_objects', 0, 'score']);
  assert.ok(keys);
  assert.equal(d.text.slice(keys.key.start, keys.key.end), 'score');
  assert.equal(d.text.slice(keys.value.start, keys.value.end), '49');
});

test('legacy: observables mapped to risk and threat objects the way contentctl 4 did', () => {
  const d = detectionOf('legacy-valid');
  assert.equal(d.generation, 'legacy');
  assert.deepEqual(d.risk?.riskObjects.map((r) => [r.field.value, r.type.value, r.score?.value]), [['node_name', 'system', 49]]);
  assert.deepEqual(d.risk?.threatObjects.map((r) => [r.field.value, r.type.value]), [['process_name', 'process']]);
  assert.deepEqual(d.risk?.riskObjects[0].path, ['tags', 'observable', 0]);
  // The declared type's span: `Hostname`.
  assert.equal(d.text.slice(d.risk!.riskObjects[0].type.span.start, d.risk!.riskObjects[0].type.span.end), 'Hostname');

  const quirks = parseContentFile(
    'detections/q.yml',
    [
      'name: Q',
      'tags:',
      '  message: m',
      '  risk_score: 10',
      '  observable:',
      '  - {name: u, type: User, role: [Victim]}',
      '  - {name: un, type: User Name, role: [Victim]}',
      '  - {name: f, type: File Hash, role: [Attacker]}',
      '  - {name: o, type: Other, role: [Other]}',
      '',
    ].join('\n'),
  ) as Detection;
  assert.deepEqual(
    quirks.risk?.riskObjects.map((r) => [r.field.value, r.type.value]),
    [
      ['u', 'user'],
      ['un', 'other'], // contentctl 4's own TODO: "User Name" should be a user
      ['o', 'other'],
    ],
  );
  assert.deepEqual(quirks.risk?.threatObjects.map((r) => [r.field.value, r.type.value]), [['f', 'file_name']]);
});

test('ESCU 6: creation_date, top-level tags, intermediate_findings entities and threat_objects', () => {
  const d = detectionOf('escu6-valid');
  assert.equal(d.generation, 'escu6');
  assertAt(d.text, d.date, '2025-11-18', "'2025-11-18'");
  assertAt(d.text, d.modificationDate, '2025-11-20', "'2025-11-20'");
  assert.deepEqual(d.risk?.riskObjects.map((r) => [r.field.value, r.type.value, r.score?.value]), [['node_name', 'system', 49]]);
  assert.deepEqual(d.risk?.riskObjects[0].path, ['intermediate_findings', 'entities', 0]);
  assert.deepEqual(d.risk?.threatObjects.map((r) => r.field.value), ['process_name']);
  assert.equal(d.risk?.messages.length, 1);
  assertAt(d.text, d.stories[0], 'Cisco Isovalent Suspicious Activity');
  assert.equal(d.tests[0].testType?.value, 'unit');
  assert.deepEqual(d.tagsPath, []);
});

test('the corpus: every generation is recognised', () => {
  const repository = corpusRepository('isovalent');
  const byGeneration = new Map<string, number>();
  for (const d of repository.detections()) byGeneration.set(d.generation, (byGeneration.get(d.generation) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byGeneration), { escu6: 2, v5: 6 });
  const legacy = corpusRepository('security_content');
  assert.ok(legacy.detections().every((d) => d.generation === 'legacy'));
});

test('deployments and schedules: the schedule that applies to a detection type', () => {
  const legacy = corpusRepository('security_content');
  const ttp = legacy.deploymentFor('TTP');
  assert.equal(ttp?.cronSchedule?.value, '0 * * * *');
  assert.equal(ttp?.earliestTime?.value, '-70m@m');
  assert.equal(ttp?.latestTime?.value, '-10m@m');
  const escu6 = corpusRepository('isovalent');
  const anomaly = escu6.deploymentFor('Anomaly');
  assert.equal(anomaly?.appliesTo, 'EventBasedDetection');
  assert.equal(anomaly?.schedule, true);
  assert.equal(anomaly?.latestTime?.value, '-10m@m');
});

test('macros, data sources, lookups: what the repository hands to the rest of the core', () => {
  const repo = loadRepositorySync(path.join(repoRoot, 'samples')).repository;
  const macro = repo.macros().find((m) => m.name === 'security_content_ctime');
  assert.deepEqual(macro?.args, ['field']);
  assert.equal(macro?.origin, 'repository-yaml');
  assert.equal(macro?.definition.text, 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)');
  const file = repo.macroFiles().find((m) => m.name?.value === 'security_content_ctime');
  assert.ok(file);
  // The definition maps into the YAML file: its first character is inside the quotes.
  assert.equal(file.text[macro!.definition.toFileOffset(0)], 'c');
  assert.equal(file.text.slice(macro!.nameSpan!.start, macro!.nameSpan!.end), 'security_content_ctime');
  const ds = repo.dataSource('Cisco Isovalent Process Exec');
  assert.deepEqual(ds?.outputFields.map((f) => f.value), ['process_name', 'node_name']);
  assert.equal(ds?.sourcetype?.value, 'cisco:isovalent:processExec');
  assert.ok(ds?.exampleLog?.text.startsWith('{"process_exec"'));

  const corpus = corpusRepository('security_content');
  const lookup = corpus.lookup('3cx_ioc_domains');
  assert.equal(lookup?.filename?.value, '3cx_ioc_domains.csv');
  assert.ok(corpus.lookupTable('3cx_ioc_domains.csv')?.text.length);
});

test('repository: relative and absolute paths name one file; update and remove re-index', () => {
  const root = '/repo';
  const seed = readFileSync(path.join(fixtures, 'v5-valid', DETECTION), 'utf8');
  const repo = new ContentRepository([{ path: `${root}/${DETECTION}`, text: seed }], { root });
  assert.ok(repo.file(DETECTION));
  assert.ok(repo.detection('Cisco Isovalent - Shell Execution'));
  repo.update(DETECTION, seed.replace('name: Cisco Isovalent - Shell Execution', 'name: Renamed'));
  assert.equal(repo.detections().length, 1);
  assert.equal(repo.detection('Cisco Isovalent - Shell Execution'), undefined);
  assert.ok(repo.detection('Renamed'));
  repo.update('macros/m.yml', 'name: m\ndefinition: search *\ndescription: d\n');
  assert.deepEqual(repo.macros().map((m) => m.name), ['m']);
  assert.ok(repo.remove(`${root}/macros/m.yml`));
  assert.deepEqual(repo.macros(), []);
  assert.equal(repo.remove('macros/m.yml'), false);
});

test('quickName reads only name lines that leave no doubt', () => {
  const cases: [string, string | undefined][] = [
    ['name: Plain Name\nid: 1\n', 'Plain Name'],
    ["id: 1\nname: 'Quoted: x'\n", 'Quoted: x'],
    ['name: "Double"  # comment\n', 'Double'],
    ['name: Trailing # comment\r\n', 'Trailing'],
    ["name: 'it''s'\n", undefined],
    ['name: "esc\\"aped"\n', undefined],
    ['name: Folded\n  on two lines\n', undefined],
    ['name: 3CX Supply Chain Attack\n', undefined],
    ['name: true\n', undefined],
    ['name: |\n  block\n', undefined],
    ['name: &anchor x\n', undefined],
    ['name:\n', undefined],
    ['tags:\n  name: nested\n', undefined],
  ];
  for (const [text, expected] of cases) assert.equal(quickName(text), expected, JSON.stringify(text));
});

test('quickName agrees with the parsed name on every corpus and fixture file', () => {
  for (const repo of [corpusRepository('security_content'), corpusRepository('isovalent')]) {
    for (const file of repo.files()) {
      const quick = quickName(file.text);
      if (quick === undefined || !('name' in file)) continue;
      assert.equal(quick, file.name?.value, file.path);
    }
  }
});

test('node loader: macros.conf anywhere, lookup CSVs, skips node_modules and dot-folders, unreadable files become diagnostics', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spl-content-'));
  try {
    const write = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('macros/m.yml', 'name: m\ndefinition: search *\ndescription: d\n');
    write('app/default/macros.conf', '[m2]\ndefinition = search *\n');
    write('lookups/l.yml', 'name: l\nfilename: l.csv\ndescription: d\n');
    write('lookups/l.csv', 'a,b\n1,2\n');
    write('node_modules/pkg/macros/x.yml', 'name: x\n');
    write('.git/macros/y.yml', 'name: y\n');
    write('README.md', '# not content\n');
    symlinkSync(path.join(dir, 'does-not-exist'), path.join(dir, 'macros/broken.yml'));
    const sync = loadRepositorySync(dir);
    const loaded = await loadRepository(dir);
    for (const { repository, unreadable } of [sync, loaded]) {
      assert.deepEqual(repository.macros().map((m) => m.name), ['m']);
      assert.equal(repository.macrosConfFiles().length, 1);
      assert.equal(repository.lookupTable('l.csv')?.text, 'a,b\n1,2\n');
      assert.deepEqual([...unreadable.keys()], [path.join(dir, 'macros/broken.yml')]);
      assert.equal(unreadable.get(path.join(dir, 'macros/broken.yml'))?.[0].code, 'content-unreadable');
    }
    assert.equal(findContentRoot(path.join(dir, 'lookups/l.yml')), dir);
    assert.equal(findContentRoot(path.join(repoRoot, 'samples/detections/endpoint/cisco_isovalent___shell_execution.yml')), path.join(repoRoot, 'samples'));
    assert.equal(findContentRoot(path.join(repoRoot, 'samples')), path.join(repoRoot, 'samples'));
    assert.equal(findContentRoot(path.parse(dir).root), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
