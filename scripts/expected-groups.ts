// An independent cross-check for the search engine: reads the sample NDJSON with plain JS, applies
// the field mapping of ../shared/docs/spl-semantics.md section 8, and computes by hand what each
// sample detection in samples/detections/endpoint/ must return. It does not import the generator
// (scripts/generate-samples.ts) nor the engine, so it can catch mistakes in either.
//
//   node --import tsx scripts/expected-groups.ts [--data FILE] [--out FILE]
//
// Defaults: reads samples/data/datasets/cisco_isovalent/cisco_isovalent.log, writes
// samples/data/expected-groups.json, and prints the data's composition and the row counts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_DATA = 'samples/data/datasets/cisco_isovalent/cisco_isovalent.log';
export const DEFAULT_EXPECTED = 'samples/data/expected-groups.json';
export const ALLOWLIST_MACRO = 'samples/macros/cisco_isovalent_allowed_images.yml';

export const SHELLS = ['sh', 'ksh', 'zsh', 'bash', 'dash', 'rbash', 'fish', 'csh', 'tcsh', 'ion', 'eshell'] as const;

/** One event's fields as the Cisco Security Cloud add-on would present them (section 8). */
export type Fields = Record<string, string | number | undefined>;
type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const basename = (p: string | undefined): string | undefined => (p === undefined ? undefined : p.slice(p.lastIndexOf('/') + 1));
/** `binary + " " + arguments`; a process without arguments (Tetragon omits the key) is its binary
 * alone. That last part is an assumption; no sample detection's result depends on it. */
const commandLine = (p: Raw): string | undefined => {
  const binary = str(p.binary);
  const args = str(p.arguments);
  if (binary === undefined) return undefined;
  return args === undefined ? binary : `${binary} ${args}`;
};

/** Epoch seconds of a Tetragon time (nanosecond precision is cut to what a double holds). */
export function epochSeconds(iso: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) throw new Error(`unexpected time ${iso}`);
  return Date.parse(`${m[1]}Z`) / 1000 + (m[2] ? Number(`0.${m[2]}`) : 0);
}

export function fieldsOf(event: Raw): Fields {
  const pe = obj(event.process_exec);
  const proc = obj(pe.process);
  const parent = obj(pe.parent);
  const pod = obj(proc.pod);
  const container = obj(pod.container);
  const time = str(event.time);
  return {
    _time: time === undefined ? undefined : epochSeconds(time),
    node_name: str(event.node_name),
    cluster_name: str(event.cluster_name),
    process_name: basename(str(proc.binary)),
    process_exec: basename(str(proc.binary)),
    process: commandLine(proc),
    process_id: num(proc.pid),
    process_current_directory: str(proc.cwd),
    user_id: num(proc.uid),
    parent_process_name: basename(str(parent.binary)),
    parent_process: commandLine(parent),
    parent_process_id: num(parent.pid),
    pod_name: str(pod.name),
    pod_namespace: str(pod.namespace),
    pod_image_name: str(obj(container.image).name),
    container_id: str(container.id),
  };
}

// --- SPL building blocks, as spl-semantics.md describes them -------------------------------------

/** `search` comparison: whole value, case-insensitive, `*` = any run of characters. */
export function searchMatches(value: string | number | undefined, pattern: string): boolean {
  if (value === undefined) return false;
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'is');
  return re.test(String(value));
}

/** eval `like()`: case-sensitive, `%` any run, `_` one character. */
function like(value: string | number | undefined, pattern: string): boolean {
  if (value === undefined) return false;
  const re = new RegExp(`^${[...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return re.test(String(value));
}

const isNumeric = (v: unknown): boolean => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));

/** stats' row order: by-tuple ascending, numbers numerically, otherwise lexicographically. */
function compareValues(a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

type Row = Record<string, unknown>;
type Aggregate = (rows: readonly Fields[]) => unknown;

const count: Aggregate = (rows) => rows.length;
const values = (field: string): Aggregate => (rows) => [...new Set(rows.map((r) => r[field]).filter((v) => v !== undefined).map(String))].sort();
const dc = (field: string): Aggregate => (rows) => new Set(rows.map((r) => r[field]).filter((v) => v !== undefined).map(String)).size;
const min = (field: string): Aggregate => (rows) => Math.min(...rows.map((r) => Number(r[field])));
const max = (field: string): Aggregate => (rows) => Math.max(...rows.map((r) => Number(r[field])));

/** `stats <aggs> by <by>`: an event missing any by-field joins no group. */
function stats(rows: readonly Fields[], by: readonly string[], aggs: readonly (readonly [string, Aggregate])[]): Row[] {
  const groups = new Map<string, Fields[]>();
  for (const row of rows) {
    if (by.some((f) => row[f] === undefined)) continue;
    const key = JSON.stringify(by.map((f) => row[f]));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const out: Row[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const result: Row = {};
    for (const f of by) result[f] = first[f];
    for (const [name, agg] of aggs) result[name] = agg(group);
    out.push(result);
  }
  return out.sort((a, b) => {
    for (const f of by) {
      const c = compareValues(a[f], b[f]);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** `security_content_ctime(f)`: `convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(f)`, in UTC. */
function ctime(row: Row, field: string): void {
  const v = row[field];
  if (typeof v === 'number') row[field] = new Date(Math.floor(v) * 1000).toISOString().slice(0, 19);
}

// --- The sample detections ----------------------------------------------------------------------

export interface Expected {
  readonly file: string;
  readonly columns: readonly string[];
  readonly rowCount: number;
  readonly rows: readonly Row[];
}

/** The allowlist patterns of `cisco_isovalent_allowed_images`, read from its macro file. */
export function allowedImagePatterns(root: string): string[] {
  const text = readFileSync(path.join(root, ALLOWLIST_MACRO), 'utf8');
  const definition = /^definition:\s*(.*)$/m.exec(text)?.[1] ?? '';
  return [...definition.matchAll(/\\?"([^"\\]+)\\?"/g)].map((m) => m[1]!);
}

export function expectedResults(events: readonly Fields[], allowedImages: readonly string[]): Record<string, Expected> {
  const out: Record<string, Expected> = {};
  const add = (name: string, file: string, columns: readonly string[], rows: Row[]): void => {
    out[name] = { file: `samples/detections/endpoint/${file}`, columns, rowCount: rows.length, rows };
  };

  // Cisco Isovalent - Shell Execution (the seed):
  //   process_name IN (11 shells) | stats count by cluster_name parent_process_name process_name process_exec process_id node_name
  {
    const by = ['cluster_name', 'parent_process_name', 'process_name', 'process_exec', 'process_id', 'node_name'];
    const shells = events.filter((e) => SHELLS.some((s) => searchMatches(e.process_name, s)));
    add('Cisco Isovalent - Shell Execution', 'cisco_isovalent___shell_execution.yml', [...by, 'count'], stats(shells, by, [['count', count]]));
  }

  // Cisco Isovalent - Curl or Wget Without TLS Verification
  {
    const by = ['cluster_name', 'node_name', 'pod_namespace', 'pod_name', 'parent_process_name', 'process_name'];
    const rows = events
      .filter((e) => searchMatches(e.process_name, 'curl') || searchMatches(e.process_name, 'wget'))
      .map((e): Fields => {
        const p = typeof e.process === 'string' ? e.process : undefined;
        const flag =
          e.process_name === 'curl' && p !== undefined && /\s(--insecure|-[A-Za-z]*k[A-Za-z]*)(?!\S)/.test(p)
            ? 'curl_insecure'
            : e.process_name === 'wget' && p !== undefined && /\s--no-check-certificate(?!\S)/.test(p)
              ? 'wget_no_check_certificate'
              : undefined;
        const url = p === undefined ? undefined : /(https?:\/\/\S+)/.exec(p)?.[1];
        return { ...e, tls_bypass_flag: flag, dest_url: url };
      })
      .filter((e) => e.tls_bypass_flag !== undefined);
    const result = stats(rows, by, [
      ['count', count],
      ['firstTime', min('_time')],
      ['lastTime', max('_time')],
      ['process', values('process')],
      ['dest_url', values('dest_url')],
      ['tls_bypass_flag', values('tls_bypass_flag')],
    ]);
    result.forEach((r) => (ctime(r, 'firstTime'), ctime(r, 'lastTime')));
    add('Cisco Isovalent - Curl or Wget Without TLS Verification', 'cisco_isovalent___curl_or_wget_without_tls_verification.yml', [...by, 'count', 'firstTime', 'lastTime', 'process', 'dest_url', 'tls_bypass_flag'], result);
  }

  // Cisco Isovalent - Cron Job Created In Container (table: one row per event, newest first)
  {
    const columns = ['_time', 'cluster_name', 'node_name', 'pod_namespace', 'pod_name', 'parent_process_name', 'process_name', 'process', 'cron_change'];
    const rows = events
      .filter((e) => ['*crontab*', '*/etc/cron*', '*/var/spool/cron/*'].some((p) => searchMatches(e.process, p)))
      .map((e): Fields => {
        const change =
          e.process_name === 'crontab' && like(e.process, '% -l%')
            ? 'list_only'
            : e.process_name === 'crontab'
              ? 'crontab_install'
              : like(e.process, '%/etc/cron%') || like(e.process, '%/var/spool/cron/%')
                ? 'cron_file_write'
                : undefined;
        return { ...e, cron_change: change };
      })
      .filter((e) => e.cron_change !== undefined && e.cron_change !== 'list_only')
      .sort((a, b) => Number(b._time) - Number(a._time))
      .map((e) => Object.fromEntries(columns.filter((c) => e[c] !== undefined).map((c) => [c, e[c]])));
    add('Cisco Isovalent - Cron Job Created In Container', 'cisco_isovalent___cron_job_created_in_container.yml', columns, rows);
  }

  // Cisco Isovalent - Host Namespace Entry With Nsenter
  //   ... | bin _time span=1h | stats ... by _time ... | `..._filter` (drops kubectl debug node pods)
  {
    const by = ['_time', 'cluster_name', 'node_name', 'pod_namespace', 'pod_name', 'pod_image_name', 'parent_process_name', 'process_name'];
    const rows = events
      .filter((e) => searchMatches(e.process_name, 'nsenter'))
      .map((e): Fields => ({
        ...e,
        targets_pid_1: typeof e.process === 'string' && /(--target|-t)[= ]1(?!\S)/.test(e.process) ? 'true' : 'false',
        _time: Math.floor(Number(e._time) / 3600) * 3600,
      }));
    const result = stats(rows, by, [
      ['count', count],
      ['process', values('process')],
      ['targets_pid_1', values('targets_pid_1')],
    ]).filter((r) => !(searchMatches(r.pod_namespace as string, 'kube-system') && searchMatches(r.pod_name as string, 'node-debugger-*')));
    add('Cisco Isovalent - Host Namespace Entry With Nsenter', 'cisco_isovalent___host_namespace_entry_with_nsenter.yml', [...by, 'count', 'process', 'targets_pid_1'], result);
  }

  // Cisco Isovalent - Workload Image Outside Allowed Registries
  //   pod_image_name=* NOT `cisco_isovalent_allowed_images` | stats ... by cluster_name node_name pod_namespace pod_name pod_image_name
  {
    const by = ['cluster_name', 'node_name', 'pod_namespace', 'pod_name', 'pod_image_name'];
    const rows = events.filter((e) => e.pod_image_name !== undefined && !allowedImages.some((p) => searchMatches(e.pod_image_name, p)));
    const result = stats(rows, by, [
      ['count', count],
      ['process_name_count', dc('process_name')],
      ['process_name', values('process_name')],
      ['firstTime', min('_time')],
      ['lastTime', max('_time')],
    ]);
    result.forEach((r) => (ctime(r, 'firstTime'), ctime(r, 'lastTime')));
    add('Cisco Isovalent - Workload Image Outside Allowed Registries', 'cisco_isovalent___workload_image_outside_allowed_registries.yml', [...by, 'count', 'process_name_count', 'process_name', 'firstTime', 'lastTime'], result);
  }
  return out;
}

// --- Composition of a data file, for samples/data/README.md --------------------------------------

export interface Composition {
  events: number;
  withClusterName: number;
  withoutClusterName: number;
  /** Events whose process has no `arguments` key (Tetragon omits empty arguments). */
  withoutArguments: number;
  /** Lines that repeat an earlier line byte for byte. */
  duplicateLines: number;
  firstTime: string;
  lastTime: string;
  clusters: Record<string, number>;
  nodes: number;
  namespaces: number;
  pods: number;
  shells: Record<string, { events: number; withClusterName: number; paths: string[] }>;
  images: { allowed: string[]; notAllowed: string[] };
}

export function composition(lines: readonly string[], allowedImages: readonly string[]): Composition {
  const events = lines.map((l) => JSON.parse(l) as Raw);
  const fields = events.map(fieldsOf);
  const shells: Composition['shells'] = {};
  for (const s of SHELLS) shells[s] = { events: 0, withClusterName: 0, paths: [] };
  const clusters: Record<string, number> = {};
  const images = new Set<string>();
  events.forEach((e, i) => {
    const f = fields[i]!;
    const cluster = f.cluster_name ?? '(none)';
    clusters[cluster] = (clusters[cluster] ?? 0) + 1;
    if (f.pod_image_name !== undefined) images.add(String(f.pod_image_name));
    const shell = SHELLS.find((s) => s === f.process_name);
    if (shell) {
      const entry = shells[shell]!;
      entry.events += 1;
      if (f.cluster_name !== undefined) entry.withClusterName += 1;
      const binary = String(obj(obj(e.process_exec).process).binary);
      if (!entry.paths.includes(binary)) entry.paths.push(binary);
    }
  });
  for (const s of Object.values(shells)) s.paths.sort();
  const times = events.map((e) => String(e.time)).sort();
  const isAllowed = (image: string): boolean => allowedImages.some((p) => searchMatches(image, p));
  return {
    events: events.length,
    withClusterName: fields.filter((f) => f.cluster_name !== undefined).length,
    withoutClusterName: fields.filter((f) => f.cluster_name === undefined).length,
    withoutArguments: events.filter((e) => !('arguments' in obj(obj(e.process_exec).process))).length,
    duplicateLines: lines.length - new Set(lines).size,
    firstTime: times[0] ?? '',
    lastTime: times[times.length - 1] ?? '',
    clusters,
    nodes: new Set(fields.map((f) => f.node_name)).size,
    // Open-source events have no cluster_name: their node stands for their (one-node) cluster.
    namespaces: new Set(fields.map((f) => `${f.cluster_name ?? f.node_name}/${f.pod_namespace}`)).size,
    pods: new Set(fields.map((f) => `${f.node_name}/${f.pod_namespace}/${f.pod_name}`)).size,
    shells,
    images: { allowed: [...images].filter(isAllowed).sort(), notAllowed: [...images].filter((i) => !isAllowed(i)).sort() },
  };
}

export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/** The content of samples/data/expected-groups.json for a data file. */
export function expectedFile(root: string, dataFile = DEFAULT_DATA): string {
  const lines = readLines(path.resolve(root, dataFile));
  const fields = lines.map((l) => fieldsOf(JSON.parse(l) as Raw));
  const doc = {
    description:
      'What each sample detection must return on the sample data, computed by scripts/expected-groups.ts with plain JS (not the engine). Regenerate: node --import tsx scripts/expected-groups.ts',
    data: dataFile,
    assumptions: [
      'Fields as in spl-semantics.md section 8; process = binary + " " + arguments, or the binary alone when Tetragon left arguments out (no result below depends on that case).',
      'process_id and _time are numbers here; Splunk would show them as strings.',
      'firstTime/lastTime are security_content_ctime output in UTC (%Y-%m-%dT%H:%M:%S).',
      'stats rows are sorted by their by-fields ascending; table rows are in event order, newest first.',
      'Filter macros that no file defines expand to `search *`.',
    ],
    detections: expectedResults(fields, allowedImagePatterns(root)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const argv = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const data = option('--data') ?? DEFAULT_DATA;
  const out = option('--out') ?? DEFAULT_EXPECTED;
  const text = expectedFile(root, data);
  writeFileSync(path.resolve(root, out), text);
  const doc = JSON.parse(text) as { detections: Record<string, Expected> };
  console.log(JSON.stringify(composition(readLines(path.resolve(root, data)), allowedImagePatterns(root)), null, 2));
  for (const [name, e] of Object.entries(doc.detections)) console.log(`${String(e.rowCount).padStart(3)} rows  ${name}`);
  console.log(`wrote ${out}`);
}

if (require.main === module) main();
