// The sample repository's detections obey contentctl's rules (../shared/docs/detection-formats.md),
// checked here with plain code so the samples stay valid whatever state the validator is in, plus
// the stricter rule that risk, threat and message fields are output fields of the search.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { referenceEvents, repoRoot, samplesRoot } from './support';

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const readYaml = (file: string): Yaml => parse(readFileSync(file, 'utf8')) as Yaml;
const yamlFiles = (dir: string): string[] =>
  readdirSync(path.join(samplesRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(samplesRoot, dir, f));

const detections = yamlFiles('detections').map((file) => ({ file, d: readYaml(file) }));
const macros = new Map(yamlFiles('macros').map((f) => readYaml(f)).map((m) => [`${m.name}${m.arguments ? `(${(m.arguments as unknown[]).length})` : ''}`, m]));
const dataSources = new Map(yamlFiles('data_sources').map((f) => readYaml(f)).map((m) => [m.name as string, m]));
const stories = new Set(yamlFiles('stories').map((f) => readYaml(f).name as string));
const contentctl = readYaml(path.join(samplesRoot, 'contentctl.yml'));
const mitre = (JSON.parse(readFileSync(path.resolve(repoRoot, process.env.SPL_WORKBENCH_REFERENCE ?? '../shared/reference', 'mitre-attack-enterprise.json'), 'utf8')) as { techniques: Record<string, { deprecated: boolean }> }).techniques;

const THREAT_OBJECT_TYPES = new Set(
  'certificate_common_name certificate_organization certificate_serial certificate_unit command domain email_address email_subject file_hash file_name file_path http_user_agent ip_address process process_name parent_process parent_process_name process_hash registry_path registry_value_name registry_value_text service signature system tls_hash url'.split(' '),
);
const APP_MACROS = new Set(['drop_dm_object_name', 'get_asset', 'get_risk_severity', 'cim_corporate_web_domain_search', 'globedistance']);
const SEED = 'cisco_isovalent___shell_execution.yml';
const SEED_SHA256 = 'f5b4d95e07931c62603706359855fb3fac0935aad36d4e42b478e10b84e6aa5d';

/** Macro calls in a search: `name` or `name(args)`, as name(arity) keys. */
function macroCalls(search: string): string[] {
  return [...search.matchAll(/`([A-Za-z0-9_]+)(?:\(([^`]*)\))?`/g)].map((m) => (m[2] === undefined ? m[1]! : `${m[1]}(${m[2].split(',').length})`));
}

/** The fields the search outputs, for searches that end in stats / table (+ ctime and the filter
 * macro, which keep the fields): by-fields, aliases and bare aggregations; table's list. */
function outputFields(search: string): Set<string> {
  const stages = search.split(/\n?\s*\|\s*/);
  const last = [...stages].reverse().find((s) => /^(stats|table)\s/.test(s));
  assert.ok(last, 'the search ends in stats or table');
  if (last.startsWith('table')) return new Set(last.split(/[\s,]+/).slice(1));
  const [aggs, by = ''] = last.slice('stats'.length).split(/\sby\s/);
  const out = new Set(by.split(/[\s,]+/).filter(Boolean));
  for (const m of aggs!.matchAll(/\bas\s+([A-Za-z_][\w.]*)/g)) out.add(m[1]!);
  if (/(^|\s)count(\s|$)/.test(aggs!)) out.add('count');
  return out;
}

describe('sample detections', () => {
  it('include the seed, unchanged, and four more of our own', () => {
    const seed = path.join(samplesRoot, 'detections', 'endpoint', SEED);
    assert.equal(createHash('sha256').update(readFileSync(seed)).digest('hex'), SEED_SHA256, 'the seed detection must stay exactly as it is');
    assert.equal(detections.length, 5);
    assert.equal(new Set(detections.map(({ d }) => d.id)).size, detections.length, 'ids are unique');
  });

  for (const { file, d } of detections) {
    describe(path.basename(file), () => {
      const stem = path.basename(file, '.yml');
      const search = d.search as string;

      it('is named and identified as contentctl requires', () => {
        assert.ok((d.name as string).length <= 67);
        assert.equal(`${(d.name as string).replace(/[ \-./]/g, '_').toLowerCase()}.yml`, path.basename(file));
        // Any 8-4-4-4-12 hex form, as contentctl's UUID type takes it (the seed's id is no RFC 4122 variant).
        assert.match(d.id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
        assert.ok(Number.isInteger(d.version) && d.version >= 0);
        assert.ok((d.date as string) <= '2025-11-27');
        assert.ok(['production', 'experimental'].includes(d.status as string));
        assert.ok(['TTP', 'Anomaly'].includes(d.type as string));
      });

      it('ends with its filter macro and calls only known macros', () => {
        assert.match(search.trimEnd(), new RegExp(`\\|\\s*\`${stem}_filter\`$`));
        for (const call of macroCalls(search)) {
          const name = call.replace(/\(.*$/, '');
          if (name === `${stem}_filter` || APP_MACROS.has(name)) continue;
          assert.ok(macros.has(call), `macro ${call} is defined in samples/macros`);
        }
      });

      it('names existing data sources and stories, and uses their output fields', () => {
        for (const name of d.data_source as string[]) {
          const source = dataSources.get(name);
          assert.ok(source, `data source ${name}`);
          for (const field of source.output_fields as string[]) assert.ok(search.includes(field), `output field ${field} in the search`);
        }
        for (const story of d.tags.analytic_story as string[]) assert.ok(stories.has(story), `story ${story}`);
      });

      it('has valid ATT&CK ids, without a technique next to its own sub-technique', () => {
        const ids = d.tags.mitre_attack_id as string[];
        for (const id of ids) {
          assert.match(id, /^T\d{4}(\.\d{3})?$/);
          assert.ok(mitre[id] && !mitre[id].deprecated, `${id} is a current technique`);
        }
        for (const id of ids) assert.ok(!ids.includes(id.slice(0, 5)) || id.length === 5, `${id} next to ${id.slice(0, 5)}`);
      });

      it('has two drilldowns, one with %original_detection_search%', () => {
        const drilldowns = d.drilldown_searches as Yaml[];
        assert.ok(drilldowns.length >= 2);
        assert.ok(drilldowns.some((x) => (x.search as string).includes('%original_detection_search%')));
      });

      it('has a risk block whose fields and message tokens are output fields of the search', () => {
        const output = outputFields(search);
        const rba = d.rba as Yaml;
        assert.ok((rba.risk_objects as Yaml[]).length >= 1);
        for (const r of rba.risk_objects as Yaml[]) {
          assert.ok(['system', 'user', 'other'].includes(r.type as string));
          assert.ok(r.score >= 1 && r.score <= 100);
          assert.ok(output.has(r.field as string), `risk object ${r.field} is output`);
        }
        for (const t of rba.threat_objects as Yaml[]) {
          assert.ok(THREAT_OBJECT_TYPES.has(t.type as string), `threat object type ${t.type}`);
          assert.ok(output.has(t.field as string), `threat object ${t.field} is output`);
        }
        for (const [, token] of (rba.message as string).matchAll(/\$([^$\s]+)\$/g)) assert.ok(output.has(token!), `message token ${token} is output`);
      });

      it('tests against the attack_data URL that contentctl.yml maps to the sample data', () => {
        const data = (d.tests as Yaml[]).flatMap((t) => t.attack_data as Yaml[]);
        assert.ok(data.length >= 1);
        for (const a of data) {
          const cache = (contentctl.test_data_caches as Yaml[]).find((c) => (a.data as string).startsWith(c.base_url as string));
          assert.ok(cache, `a test_data_caches entry maps ${a.data}`);
          const local = path.join(samplesRoot, cache.base_directory as string, (a.data as string).slice((cache.base_url as string).length));
          assert.ok(existsSync(local), `${local} exists`);
          assert.equal(a.sourcetype, 'cisco:isovalent:processExec');
        }
      });

      it('keeps $ out of its search, where a drilldown would read it as a token', () => {
        if (path.basename(file) === SEED) return;
        assert.ok(!search.includes('$'));
      });
    });
  }
});

describe('samples/contentctl.yml', () => {
  it('maps the attack_data URL prefix to samples/data', () => {
    const caches = contentctl.test_data_caches as Yaml[];
    assert.deepEqual(
      caches.map((c) => [c.base_url, c.base_directory]),
      [['https://media.githubusercontent.com/media/splunk/attack_data/master/', 'data']],
    );
    assert.ok(contentctl.app.title && contentctl.app.appid && contentctl.app.version);
  });

  it('the reference events are readable (the shape tests depend on them)', () => {
    assert.equal(referenceEvents().length, 3);
  });
});
