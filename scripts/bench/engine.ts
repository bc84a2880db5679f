// `npm run bench:engine [-- --events N] [--runs N] [--gb] [--keep]`: the local engine against
// other tools on one generated file, in one run. 200,000 Tetragon process_exec events (the sample
// generator, seeded) go to a temporary file; then, with the page cache warm (cat runs first) and
// the tools interleaved, each runs `--runs` times (default 3) and the median wall-clock time of
// the whole process (start-up included) is reported:
//   - our CLI: `spl-workbench run <seed detection> --data FILE --format ndjson` (bundled);
//   - jq: the seed detection's semantics over the raw JSON (field mapping, the IN list of 11
//     shells matched case-insensitively, events missing a by-field dropped, grouped counts);
//   - DuckDB (`@duckdb/node-api`, in a child node process): the same with read_json;
//   - cat FILE > /dev/null: reading the file and nothing else.
// The three engines must return the same groups and counts. Our peak RSS is measured in the child
// (process.resourceUsage().maxRSS through a preloaded probe); `--gb` also generates a ~1 GiB file
// and measures it there, the file size the memory goal is about.
// Goals (the issue): >= 3x faster than jq, no slower than DuckDB, within 3x of cat, peak RSS under
// 200 MB on a 1 GB file. Nothing is installed at run time: jq comes from Debian (apt-get install
// -y jq), DuckDB from the dev dependencies (npm ci).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SEED, generateEvents, writeLines } from '../generate-samples';

// Both scripts/bench/ and its bundle in dist/bench/ sit two levels below the repository root.
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli/spl-workbench.js');
const SEED_DETECTION = 'samples/detections/endpoint/cisco_isovalent___shell_execution.yml';
/** The seed detection's `process_name IN (...)` list; checked against the file below. */
const SHELLS = ['sh', 'ksh', 'zsh', 'bash', 'dash', 'rbash', 'fish', 'csh', 'tcsh', 'ion', 'eshell'];
const BY_FIELDS = ['cluster_name', 'parent_process_name', 'process_name', 'process_exec', 'process_id', 'node_name'];
const GIB = 1024 ** 3;

// -------------------------------------------------------------------------------------------
// The other engines' programs. Field mapping as in fieldDefinitions.default.json for
// cisco:isovalent:processExec: process_name and process_exec = basename of
// process_exec.process.binary (after the last / or \), parent_process_name = basename of
// process_exec.parent.binary, process_id = process_exec.process.pid, cluster_name and node_name
// top-level; JSON null is absent. `stats ... by` drops an event missing any by-field.

const JQ_PROGRAM = `
def base: if type == "string" then (split("/") | last | split("\\\\") | last) else null end;
def shells: ${JSON.stringify(SHELLS)};
reduce (inputs
  | (.process_exec.process.binary | base) as $p
  | select($p != null and (($p | ascii_downcase) as $l | shells | index([$l]) != null))
  | [.cluster_name, (.process_exec.parent.binary | base), $p, $p, .process_exec.process.pid, .node_name]
  | select(all(.[]; . != null))
  | tojson) as $k ({}; .[$k] += 1)
| to_entries[] | (.key | fromjson) + [.value]
`;

function duckdbSql(file: string): string {
  const quoted = file.replace(/'/g, "''");
  // Only the columns the query reads, typed (what a DuckDB user tuning the query would write; the
  // auto-detected schema of these events is a deep struct and slower to build).
  const columns = `{cluster_name: 'VARCHAR', node_name: 'VARCHAR', process_exec: 'STRUCT("process" STRUCT("binary" VARCHAR, pid BIGINT), parent STRUCT("binary" VARCHAR))'}`;
  return `
WITH e AS (
  SELECT cluster_name, node_name,
         regexp_extract(process_exec.process.binary, '[^/\\\\]*$') AS process_name,
         regexp_extract(process_exec.parent.binary, '[^/\\\\]*$') AS parent_process_name,
         process_exec.process.pid AS process_id
  FROM read_json('${quoted}', format = 'newline_delimited', columns = ${columns})
)
SELECT cluster_name, parent_process_name, process_name, process_name AS process_exec, process_id, node_name, count(*) AS count
FROM e
WHERE lower(process_name) IN (${SHELLS.map((s) => `'${s}'`).join(', ')})
  AND cluster_name IS NOT NULL AND parent_process_name IS NOT NULL AND process_name IS NOT NULL
  AND process_id IS NOT NULL AND node_name IS NOT NULL
GROUP BY ALL`;
}

/** The DuckDB child: a node process that runs the query and prints one JSON array per group.
 * It is written next to the data (not run from dist/, which a concurrent build may delete) and
 * loads @duckdb/node-api from the repository's node_modules by absolute path. */
const DUCKDB_CHILD = `const { DuckDBInstance } = require(process.env.SPL_WORKBENCH_DUCKDB);
const sql = require('fs').readFileSync(process.argv[2], 'utf8');
(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const lines = reader.getRows().map((row) => JSON.stringify(row.map((v) => (typeof v === 'bigint' ? Number(v) : v))));
  process.stdout.write(lines.join('\\n') + '\\n');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

// -------------------------------------------------------------------------------------------
// Running and timing

interface Options {
  events: number;
  runs: number;
  gb: boolean;
  keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { events: 200_000, runs: 3, gb: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--gb') o.gb = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--events' || a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer`);
      if (a === '--events') o.events = n;
      else o.runs = n;
    } else throw new Error(`unknown option ${a}; usage: npm run bench:engine [-- --events N] [--runs N] [--gb] [--keep]`);
  }
  return o;
}

async function writeEvents(file: string, events: number): Promise<void> {
  await writeLines(file, generateEvents({ events, seed: DEFAULT_SEED }));
}

interface Measured {
  readonly seconds: number;
  readonly stdout: string;
}

function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${run.status}:\n${run.stderr}`);
  return { seconds, stdout: run.stdout };
}

function timedToNull(command: string, args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`${command} exited with ${run.status}`);
  return (performance.now() - started) / 1000;
}

/** Groups as `v1\tv2...\tv6` → count, values as strings (process_id is a number in some tools). */
type Groups = Map<string, number>;

function groupsOfArrays(stdout: string): Groups {
  const groups: Groups = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const values = JSON.parse(line) as unknown[];
    groups.set(values.slice(0, 6).map(String).join('\t'), Number(values[6]));
  }
  return groups;
}

function groupsOfRows(stdout: string): Groups {
  const groups: Groups = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    groups.set(BY_FIELDS.map((f) => String(row[f])).join('\t'), Number(row.count));
  }
  return groups;
}

/** Differences between two results (at most `limit`), empty when equal. */
function compareGroups(a: Groups, b: Groups, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, n] of a) if (b.get(k) !== n) out.push(`${k.replace(/\t/g, ' | ')}: ${n} vs ${b.get(k) ?? 'absent'}`);
  for (const [k, n] of b) if (!a.has(k)) out.push(`${k.replace(/\t/g, ' | ')}: absent vs ${n}`);
  return out.slice(0, limit);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (s: number): string => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
/** maxRSS is in KiB; the goal is in MB. */
const rss = (kib: number): string => `${((kib * 1024) / 1e6).toFixed(0)} MB`;
const ratio = (x: number): string => `${x < 10 ? x.toFixed(2) : x.toFixed(1)}×`;

function checkPrerequisites(): { jq: string } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  if (jq.error || jq.status !== 0) {
    console.error('jq is not installed. Install it from Debian first (the benchmark installs nothing):\n  apt-get install -y jq');
    process.exit(1);
  }
  const search = readFileSync(path.join(root, SEED_DETECTION), 'utf8');
  const list = /process_name IN \(([^)]*)\)/.exec(search)?.[1];
  const written = list ? [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]) : [];
  if (written.join(',') !== SHELLS.join(',')) throw new Error(`the seed detection's shell list changed (${written.join(', ')}): update SHELLS, the jq program and the SQL here`);
  return { jq: jq.stdout.trim() };
}

/** Where @duckdb/node-api is, and its version; exits with what to do when it is not installed. */
function duckdbModule(): { entry: string; version: string } {
  try {
    const entry = require.resolve('@duckdb/node-api', { paths: [root] });
    const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules/@duckdb/node-api/package.json'), 'utf8')) as { version: string };
    return { entry, version: pkg.version };
  } catch {
    console.error('@duckdb/node-api is missing: it is a dev dependency, run npm ci');
    process.exit(1);
  }
}

interface OurRun extends Measured {
  readonly maxRssKb: number;
}

function runOurs(ourCli: string, file: string, probe: string, rssFile: string): OurRun {
  const m = timed(process.execPath, ['-r', probe, ourCli, 'run', SEED_DETECTION, '--data', file, '--format', 'ndjson'], { ...process.env, SPL_WORKBENCH_RSS_FILE: rssFile });
  return { ...m, maxRssKb: Number(readFileSync(rssFile, 'utf8')) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { jq } = checkPrerequisites();
  const duckdb = duckdbModule();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spl-workbench-bench-'));
  try {
    const file = path.join(dir, 'events.ndjson');
    const jqFile = path.join(dir, 'seed.jq');
    const sqlFile = path.join(dir, 'seed.sql');
    const duckdbChild = path.join(dir, 'duckdb-child.cjs');
    const probe = path.join(dir, 'rss-probe.cjs');
    const rssFile = path.join(dir, 'maxrss.txt');
    // The CLI bundle is self-contained: a copy keeps measuring this build if dist/ is rebuilt.
    const ourCli = path.join(dir, 'spl-workbench.js');
    copyFileSync(cli, ourCli);
    writeFileSync(jqFile, JQ_PROGRAM);
    writeFileSync(sqlFile, duckdbSql(file));
    writeFileSync(duckdbChild, DUCKDB_CHILD);
    writeFileSync(probe, "process.on('exit', () => { require('fs').writeFileSync(process.env.SPL_WORKBENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n");

    const g0 = performance.now();
    await writeEvents(file, options.events);
    const size = statSync(file).size;
    console.log(`bench:engine: the seed detection (Cisco Isovalent - Shell Execution) on generated Tetragon process_exec events`);
    console.log(`data: ${file}: ${options.events.toLocaleString('en-US')} events (seed ${DEFAULT_SEED}), ${mb(size)}, generated in ${secs((performance.now() - g0) / 1000)}`);
    console.log(`node ${process.version}, ${os.cpus().length} CPUs; ${options.runs} runs of each, interleaved, page cache warm; wall clock of the whole process (start-up included), median`);
    console.log('');

    timedToNull('cat', [file]); // warm the page cache
    const times = { cat: [] as number[], ours: [] as number[], jq: [] as number[], duckdb: [] as number[] };
    let ours: OurRun | undefined;
    let jqOut = '';
    let duckOut = '';
    let maxRssKb = 0;
    for (let r = 0; r < options.runs; r++) {
      times.cat.push(timedToNull('cat', [file]));
      ours = runOurs(ourCli, file, probe, rssFile);
      times.ours.push(ours.seconds);
      maxRssKb = Math.max(maxRssKb, ours.maxRssKb);
      const j = timed('jq', ['-n', '-c', '-f', jqFile, file]);
      times.jq.push(j.seconds);
      jqOut = j.stdout;
      const d = timed(process.execPath, [duckdbChild, sqlFile], { ...process.env, SPL_WORKBENCH_DUCKDB: duckdb.entry });
      times.duckdb.push(d.seconds);
      duckOut = d.stdout;
      process.stderr.write(`  run ${r + 1}/${options.runs}: cat ${secs(times.cat[r])}, spl-workbench ${secs(ours.seconds)}, jq ${secs(j.seconds)}, DuckDB ${secs(d.seconds)}\n`);
    }

    // The same answer from all three.
    const ourGroups = groupsOfRows(ours?.stdout ?? '');
    const jqGroups = groupsOfArrays(jqOut);
    const duckGroups = groupsOfArrays(duckOut);
    const diffJq = compareGroups(ourGroups, jqGroups);
    const diffDuck = compareGroups(ourGroups, duckGroups);
    const events = [...ourGroups.values()].reduce((a, b) => a + b, 0);

    const med = { cat: median(times.cat), ours: median(times.ours), jq: median(times.jq), duckdb: median(times.duckdb) };
    const rows: [string, number[]][] = [
      ['cat FILE > /dev/null', times.cat],
      ['spl-workbench run (bundled CLI)', times.ours],
      [`${jq} (Debian)`, times.jq],
      [`DuckDB (@duckdb/node-api ${duckdb.version}) read_json`, times.duckdb],
    ];
    const width = Math.max(...rows.map(([n]) => n.length));
    console.log(`${'tool'.padEnd(width)}  ${'median'.padStart(8)}  runs`);
    for (const [name, list] of rows) console.log(`${name.padEnd(width)}  ${secs(median(list)).padStart(8)}  ${list.map(secs).join(', ')}`);
    console.log('');
    console.log(`throughput, spl-workbench: ${Math.round(options.events / med.ours).toLocaleString('en-US')} events/s, ${mb(size / med.ours)}/s`);
    console.log(`peak RSS, spl-workbench: ${rss(maxRssKb)} on ${mb(size)}`);
    const same = diffJq.length === 0 && diffDuck.length === 0;
    if (same) console.log(`same result: ${ourGroups.size.toLocaleString('en-US')} groups (${events.toLocaleString('en-US')} events) with identical counts from spl-workbench, jq and DuckDB`);
    else {
      console.log(`DIFFERENT RESULTS: spl-workbench ${ourGroups.size} groups, jq ${jqGroups.size}, DuckDB ${duckGroups.size}`);
      for (const d of diffJq) console.log(`  spl-workbench vs jq: ${d}`);
      for (const d of diffDuck) console.log(`  spl-workbench vs DuckDB: ${d}`);
    }

    let gbFigure: { rssKb: number; size: number; seconds: number } | undefined;
    if (options.gb) {
      const big = path.join(dir, 'events-1gib.ndjson');
      const perEvent = size / options.events;
      const n = Math.ceil(GIB / perEvent);
      await writeEvents(big, n);
      timedToNull('cat', [big]);
      const run = runOurs(ourCli, big, probe, rssFile);
      gbFigure = { rssKb: run.maxRssKb, size: statSync(big).size, seconds: run.seconds };
      console.log(`1 GiB file: ${n.toLocaleString('en-US')} events, ${mb(gbFigure.size)}: spl-workbench ${secs(run.seconds)}, peak RSS ${rss(run.maxRssKb)}`);
      rmSync(big, { force: true });
    }

    console.log('');
    const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    const goals: [string, string, string][] = [
      ['>= 3x faster than jq', `${ratio(med.jq / med.ours)} faster`, verdict(med.jq / med.ours >= 3)],
      [
        'no slower than DuckDB',
        med.ours <= med.duckdb ? `${ratio(med.duckdb / med.ours)} faster` : `${ratio(med.ours / med.duckdb)} slower (${secs(med.ours)} vs ${secs(med.duckdb)})`,
        verdict(med.ours <= med.duckdb),
      ],
      ['within 3x of cat', `${ratio(med.ours / med.cat)} the time of cat`, verdict(med.ours <= 3 * med.cat)],
      gbFigure
        ? ['peak RSS < 200 MB on a 1 GB file', `${rss(gbFigure.rssKb)} on ${mb(gbFigure.size)}`, verdict(gbFigure.rssKb * 1024 < 200e6)]
        : ['peak RSS < 200 MB on a 1 GB file', `not measured (run with --gb); ${rss(maxRssKb)} on ${mb(size)}`, maxRssKb * 1024 < 200e6 ? 'met on the smaller file' : 'NOT met'],
      ['same groups and counts in all three', same ? `${ourGroups.size} groups` : 'different', verdict(same)],
    ];
    const gw = Math.max(...goals.map((g) => g[0].length));
    const fw = Math.max(...goals.map((g) => g[1].length));
    console.log('goals:');
    for (const [goal, figure, v] of goals) console.log(`  ${goal.padEnd(gw)}  ${figure.padEnd(fw)}  ${v}`);
    if (!same) process.exitCode = 1;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
