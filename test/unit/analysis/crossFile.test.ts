// The cross-file rules on small in-memory repositories: data sources and stories no detection
// lists (information, on their name), and that checkRepository reports them together with each
// file's own diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRepository, crossFileDiagnostics, macroTableOf } from '../../../server/src/core/analysis';
import { ContentRepository } from '../../../server/src/core/content';

const TODAY = '2026-06-30';

function detection(name: string, dataSource: string, story: string): string {
  return [
    `name: ${name}`,
    'id: 11111111-1111-4111-8111-111111111111',
    'version: 1',
    "date: '2025-11-18'",
    'author: tests',
    'status: experimental',
    'type: Hunting',
    'description: A detection.',
    'data_source:',
    `- ${dataSource}`,
    "search: 'index=main | stats count by host | `uses_sources_filter`'",
    'how_to_implement: Nothing.',
    'known_false_positives: None.',
    'references: []',
    'tags:',
    '  analytic_story:',
    `  - ${story}`,
    '  asset_type: Endpoint',
    '  mitre_attack_id:',
    '  - T1543',
    '  product:',
    '  - Splunk Enterprise',
    '  security_domain: endpoint',
    'tests: []',
    '',
  ].join('\n');
}

function repository(): ContentRepository {
  return new ContentRepository([
    { path: 'detections/uses_sources.yml', text: detection('Uses Sources', 'Source A AND Source C', 'Story One') },
    { path: 'macros/uses_sources_filter.yml', text: 'name: uses_sources_filter\ndefinition: search *\n' },
    { path: 'data_sources/source_a.yml', text: 'name: Source A\nsource: a\nsourcetype: a\n' },
    { path: 'data_sources/source_b.yml', text: 'name: Source B\nsource: b\nsourcetype: b\n' },
    { path: 'data_sources/source_c.yml', text: 'name: Source C\nsource: c\nsourcetype: c\n' },
    { path: 'stories/story_one.yml', text: 'name: Story One\nid: 22222222-2222-4222-8222-222222222222\n' },
    { path: 'stories/story_two.yml', text: 'name: Story Two\nid: 33333333-3333-4333-8333-333333333333\n' },
    { path: 'stories/broken.yml', text: 'name: [Broken\n' },
  ]);
}

test('data sources and stories no detection lists are information on their name; "A AND B" lists both', () => {
  const repo = repository();
  const found = [...crossFileDiagnostics(repo, macroTableOf(repo).table)].flatMap(([file, ds]) =>
    ds.map((d) => ({ file, code: d.code, severity: d.severity, span: d.span, message: d.message })),
  );
  assert.deepEqual(found, [
    {
      file: 'data_sources/source_b.yml',
      code: 'content-unreferenced-data-source',
      severity: 'information',
      span: { start: 6, end: 14 },
      message: 'No detection lists the data source "Source B" in data_source.',
    },
    {
      file: 'stories/story_two.yml',
      code: 'content-unreferenced-story',
      severity: 'information',
      span: { start: 6, end: 15 },
      message: 'No detection lists the analytic story "Story Two" in analytic_story.',
    },
  ]);
});

test('checkRepository reports every file, with the cross-file diagnostics after its own', () => {
  const result = checkRepository(repository(), { today: TODAY });
  assert.deepEqual([...result.keys()].sort(), repository().paths().sort());
  assert.deepEqual(result.get('detections/uses_sources.yml'), []);
  assert.deepEqual(result.get('data_sources/source_b.yml')?.map((d) => d.code), ['content-unreferenced-data-source']);
  // A story that does not parse gets its YAML error, not a guess about its name.
  assert.deepEqual(result.get('stories/broken.yml')?.map((d) => d.code), ['yaml-syntax']);
});

test('duplicate ids across files are reported on each of them', () => {
  const repo = repository();
  repo.update('stories/story_two.yml', 'name: Story Two\nid: 22222222-2222-4222-8222-222222222222\n');
  const cross = crossFileDiagnostics(repo, macroTableOf(repo).table);
  assert.deepEqual(cross.get('stories/story_one.yml')?.map((d) => [d.code, d.message]), [
    ['content-duplicate', 'Another file has the same id: story_two.yml.'],
  ]);
  assert.deepEqual(cross.get('stories/story_two.yml')?.map((d) => [d.code, d.message]), [
    ['content-duplicate', 'Another file has the same id: story_one.yml.'],
    ['content-unreferenced-story', 'No detection lists the analytic story "Story Two" in analytic_story.'],
  ]);
});
