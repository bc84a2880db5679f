// Prerequisites of the VS Code integration tests and the demo: Debian's chromium, libkrb5-dev and
// ripgrep, then code-server (a real VS Code served to a browser) installed into
// <repo>/.cache/code-server/ as ../shared/docs/vscode-e2e-recipe.md describes. Idempotent: a
// marker file, written only once the installed code-server reports its version, proves the cache
// complete; anything else found there is wiped and installed again.
//
//   node --import tsx test/e2e/harness/prereqs.ts     installs what is missing, prints where
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
/** The repository root: this file is test/e2e/harness/prereqs.ts. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';

const MARKER = path.join(CACHE_DIR, `.complete-${CODE_SERVER_VERSION}`);
const LOCK = path.join(REPO_ROOT, '.cache', 'code-server.lock');
const CODE_SERVER_DIR = path.join(CACHE_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(CODE_SERVER_DIR, 'lib', 'vscode');
const ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');

/** Debian packages and how to tell each is there. Build tools are only added when missing. */
const APT_PACKAGES: ReadonlyArray<{ name: string; present: () => boolean }> = [
  { name: 'chromium', present: () => existsSync(CHROMIUM) },
  { name: 'libkrb5-dev', present: () => dpkgInstalled('libkrb5-dev') ?? existsSync('/usr/include/krb5.h') },
  { name: 'ripgrep', present: () => hasCommand('rg') },
  { name: 'build-essential', present: () => hasCommand('make') && hasCommand('g++') },
  { name: 'python3', present: () => hasCommand('python3') },
];

export interface Prereqs {
  /** code-server's `out/node/entry.js`: run it with `process.execPath`. */
  readonly codeServerEntry: string;
  /** The Chromium binary for playwright-core. */
  readonly chromium: string;
}

export class PrereqError extends Error {}

function log(message: string): void {
  console.log(`[prereqs] ${message}`);
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** true/false from dpkg; undefined where dpkg is not available. */
function dpkgInstalled(pkg: string): boolean | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  if (r.error) return undefined;
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** The environment for nested npm commands, without what an outer `npm run` put there (its
 * package and prefix would point the nested npm at the repository instead of the cache). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(key)) continue;
    env[key] = value;
  }
  // Native modules build against the running Node's own headers where it ships them (no download).
  const nodeDir = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodeDir;
  }
  return env;
}

/** Runs a command with its output on stderr; throws with `what` when it fails. */
function sh(what: string, command: string, args: readonly string[], options: SpawnSyncOptions & { allowFailure?: boolean } = {}): number {
  const started = Date.now();
  log(`${what}: ${command} ${args.join(' ')}${options.cwd ? `  (in ${path.relative(REPO_ROOT, String(options.cwd)) || '.'})` : ''}`);
  const r = spawnSync(command, args, { stdio: ['ignore', 2, 2], env: npmEnv(), ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.error) throw new PrereqError(`${what} failed: ${r.error.message}`);
  const code = r.status ?? 1;
  if (code !== 0 && !options.allowFailure) throw new PrereqError(`${what} failed (exit ${code}, ${seconds} s)`);
  log(`${what}: done in ${seconds} s${code !== 0 ? ` (exit ${code}, tolerated)` : ''}`);
  return code;
}

/** Installs the missing Debian packages as root; otherwise says which command to run. */
export function ensureSystemPackages(): void {
  const missing = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) {
    log(`system packages present: ${APT_PACKAGES.map((p) => p.name).join(', ')}`);
    return;
  }
  const needed = ['chromium', 'libkrb5-dev', 'ripgrep', ...missing.filter((m) => !['chromium', 'libkrb5-dev', 'ripgrep'].includes(m))];
  if (process.getuid?.() !== 0) {
    throw new PrereqError(
      `missing system packages: ${missing.join(', ')}. Install them with:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${needed.join(' ')}`,
    );
  }
  if (!hasCommand('apt-get')) {
    throw new PrereqError(`missing system packages: ${missing.join(', ')}, and there is no apt-get to install them with`);
  }
  log(`installing missing system packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get update', 'apt-get', ['update'], { env });
  sh('apt-get install', 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  const still = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (still.length) throw new PrereqError(`apt-get install finished but still missing: ${still.join(', ')}`);
}

/** The version line code-server prints (`4.100.3 <commit> with Code 1.100.3`), or what it printed
 * instead. `--config` keeps it from writing a default config file into the user's home. */
function codeServerVersion(): string {
  if (!existsSync(ENTRY)) return 'nothing (no entry.js)';
  const r = spawnSync(process.execPath, [ENTRY, '--config', path.join(CACHE_DIR, 'config.yaml'), '--version'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  return out.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `)) ?? (out || `exit ${r.status}`);
}

function isCacheComplete(): boolean {
  return existsSync(MARKER) && existsSync(ENTRY);
}

/** A lock so that two runs (say the demo and the tests) do not install into one folder at once. */
async function withLock<T>(body: () => T): Promise<T> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let said = false;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(readFileSync(LOCK, 'utf8').trim() || '0');
      let alive = false;
      try {
        if (holder > 0) process.kill(holder, 0);
        alive = holder > 0;
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new PrereqError(`timed out waiting for process ${holder} (holding ${LOCK})`);
      if (!said) log(`waiting for process ${holder}, which is installing code-server`);
      said = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return body();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function installCodeServer(): void {
  const started = Date.now();
  if (existsSync(CACHE_DIR)) {
    log(`wiping the incomplete cache ${path.relative(REPO_ROOT, CACHE_DIR)}`);
    rmSync(CACHE_DIR, { recursive: true, force: true });
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // Its own package.json, so that npm installs here and not into the repository above.
  writeFileSync(path.join(CACHE_DIR, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2) + '\n');

  // 1. The package itself; its postinstall would download ripgrep, hence --ignore-scripts.
  sh('install code-server', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: CACHE_DIR });

  // 2. VS Code's own dependencies, ripgrep from Debian, the native modules built locally.
  sh('install VS Code dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: VSCODE_DIR });
  const rgTarget = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  const rgSource = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/rg';
  mkdirSync(path.dirname(rgTarget), { recursive: true });
  copyFileSync(rgSource, rgTarget);
  chmodSync(rgTarget, 0o755);
  log(`copied ${rgSource} to ${path.relative(REPO_ROOT, rgTarget)}`);
  // node-pty's own post-install step fails on `npx node-gyp` while pty.node is built all the
  // same: the exit code is tolerated and the built modules are checked below instead.
  sh('build VS Code native modules', 'npm', ['rebuild', 'kerberos', 'node-pty', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid'], {
    cwd: VSCODE_DIR,
    allowFailure: true,
  });
  const nativeModules = [
    'kerberos/build/Release/kerberos.node',
    'node-pty/build/Release/pty.node',
    '@vscode/spdlog/build/Release/spdlog.node',
    'native-watchdog/build/Release/watchdog.node',
  ];
  const unbuilt = nativeModules.filter((m) => !existsSync(path.join(VSCODE_DIR, 'node_modules', m)));
  if (unbuilt.length) throw new PrereqError(`native modules not built: ${unbuilt.join(', ')}`);
  symlinkSync('node_modules', path.join(VSCODE_DIR, 'node_modules.asar'));

  // 3. code-server's own dependencies, and argon2 built with node-gyp (its installer downloads).
  sh('install code-server dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: CODE_SERVER_DIR });
  const argon2 = path.join(CODE_SERVER_DIR, 'node_modules', 'argon2');
  const nodeGypArgs = ['--yes', 'node-gyp@11', 'rebuild', '--module_name=argon2', '--module_path=lib/binding/napi-v3'];
  const nodeDir = npmEnv().npm_config_nodedir;
  if (nodeDir) nodeGypArgs.push(`--nodedir=${nodeDir}`);
  sh('build argon2', 'npx', nodeGypArgs, { cwd: argon2 });
  const argonBinding = path.join(argon2, 'lib', 'binding', 'napi-v3', 'argon2.node');
  mkdirSync(path.dirname(argonBinding), { recursive: true });
  copyFileSync(path.join(argon2, 'build', 'Release', 'argon2.node'), argonBinding);

  // 4. Proof: it runs and says its version. Only then is the cache marked complete.
  const version = codeServerVersion();
  if (!version.startsWith(`${CODE_SERVER_VERSION} `)) {
    throw new PrereqError(`code-server did not report version ${CODE_SERVER_VERSION}; it printed: ${version}`);
  }
  writeFileSync(MARKER, `${version}\n`);
  log(`code-server installed: ${version} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** Installs code-server into the cache unless the cache is complete; returns its entry point. */
export async function ensureCodeServer(): Promise<string> {
  if (isCacheComplete()) {
    log(`code-server ${CODE_SERVER_VERSION} cached in ${path.relative(REPO_ROOT, CACHE_DIR)}`);
    return ENTRY;
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CACHE_DIR)} (a minute or two, once)`);
  await withLock(() => {
    if (!isCacheComplete()) installCodeServer(); // another process may have finished meanwhile
  });
  return ENTRY;
}

/** REPO_ROOT comes from __dirname, which some loaders fake (tsx's ESM `tsImport` gives
 * `data:text`): refuse to install anywhere but under this repository. */
function checkRepoRoot(): void {
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name?: unknown }).name;
  } catch {
    name = undefined;
  }
  if (name !== 'spl-workbench') {
    throw new PrereqError(`prereqs.ts took ${REPO_ROOT} for the repository root (no spl-workbench package.json there); load it with require (tsx/cjs/api), not tsImport`);
  }
}

/** Everything the harness and the demo need. Throws PrereqError with the reason otherwise. */
export async function ensurePrereqs(): Promise<Prereqs> {
  checkRepoRoot();
  ensureSystemPackages();
  const codeServerEntry = await ensureCodeServer();
  return { codeServerEntry, chromium: CHROMIUM };
}

/** Where a code-server instance keeps its state (all of it, so nothing lands in the user's home). */
export interface CodeServerDirs {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server writes a default config file here when there is none. */
  readonly configFile: string;
}

/** The command line (after `process.execPath`) that serves `folder` on 127.0.0.1:port without
 * authentication, telemetry, update checks or workspace trust prompts. */
export function codeServerArgs(prereqs: Prereqs, dirs: CodeServerDirs, port: number, folder: string): string[] {
  return [
    prereqs.codeServerEntry,
    '--config', dirs.configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    folder,
  ];
}

/** `--install-extension` of a VSIX into the extensions folder of `dirs` (used by the demo). */
export function installExtension(prereqs: Prereqs, dirs: CodeServerDirs, vsix: string): void {
  mkdirSync(dirs.extensionsDir, { recursive: true });
  mkdirSync(dirs.userDataDir, { recursive: true });
  sh('install the extension into code-server', process.execPath, [
    prereqs.codeServerEntry,
    '--config', dirs.configFile,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    '--install-extension', vsix,
    '--force',
  ]);
}

if (require.main === module) {
  ensurePrereqs().then(
    (p) => log(`ready: code-server ${p.codeServerEntry}, chromium ${p.chromium}`),
    (e: unknown) => {
      console.error(`[prereqs] ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
