// `npm run demo`: the extension in a real VS Code (code-server) in the browser, on samples/.
// Installs the prerequisites when missing (test/e2e/harness/prereqs.ts), packages the extension
// (`npm run package` makes dist/spl-workbench.vsix), installs that VSIX into a demo extensions
// folder under .cache/demo/, and serves code-server on 127.0.0.1 until Ctrl+C.
//   PORT=9000 npm run demo      (default 8080, or the first free port when that one is taken)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Loaded with tsx's require, not its tsImport: prereqs.ts finds the repository by __dirname.
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const demoDir = path.join(root, '.cache', 'demo');
const samples = path.join(root, 'samples');
const vsix = path.join(root, 'dist', 'spl-workbench.vsix');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function log(message) {
  console.log(`[demo] ${message}`);
}

/** Resolves with `port` when 127.0.0.1:port can be bound, else with a free port the OS picks. */
function pickPort(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () => {
      if (port === 0) reject(new Error('no free port'));
      else pickPort(0).then(resolve, reject);
    });
    server.listen(port, '127.0.0.1', () => {
      const chosen = server.address().port;
      server.close(() => resolve(chosen));
    });
  });
}

function answers(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const { codeServerArgs, ensurePrereqs, installExtension } = tsxRequire('../test/e2e/harness/prereqs.ts', import.meta.url);

let prereqs;
try {
  prereqs = await ensurePrereqs();
} catch (err) {
  console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

log('packaging the extension (npm run package)');
const packaged = spawnSync(npm, ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
if (packaged.status !== 0) {
  console.error('[demo] npm run package failed');
  process.exit(1);
}

const dirs = {
  extensionsDir: path.join(demoDir, 'extensions'),
  userDataDir: path.join(demoDir, 'user-data'),
  configFile: path.join(demoDir, 'code-server.yaml'),
};
// A first start without prompts that do not concern the demo; later edits of the file are kept.
const settings = path.join(dirs.userDataDir, 'User', 'settings.json');
if (!existsSync(settings)) {
  mkdirSync(path.dirname(settings), { recursive: true });
  const defaults = {
    'workbench.startupEditor': 'none',
    'git.openRepositoryInParentFolders': 'never',
    'extensions.ignoreRecommendations': true,
  };
  writeFileSync(settings, JSON.stringify(defaults, null, 2) + '\n');
}
try {
  installExtension(prereqs, dirs, vsix);
} catch (err) {
  console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const requested = Number(process.env.PORT || 8080);
const port = await pickPort(Number.isInteger(requested) && requested > 0 ? requested : 8080);
if (port !== requested) log(`port ${requested} is taken; using ${port}`);

const child = spawn(process.execPath, codeServerArgs(prereqs, dirs, port, samples), {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});

let stopping = false;
let exitCode = 0;
function killGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
}
function stop(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  log(`${signal}: stopping code-server`);
  killGroup('SIGTERM'); // its process group: server, extension host, language server
  setTimeout(() => {
    killGroup('SIGKILL');
    process.exit(exitCode);
  }, 3000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
child.on('exit', (code, signal) => {
  if (!stopping) console.error(`[demo] code-server exited (code ${code}, signal ${signal})`);
  killGroup('SIGKILL'); // whatever it started and left behind
  process.exit(stopping ? exitCode : 1);
});

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 60_000;
while (!(await answers(`${base}/healthz`))) {
  if (Date.now() > deadline) {
    console.error(`[demo] code-server did not answer on ${base} within 60 s`);
    stop('timeout', 1);
    break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
if (!stopping) {
  const folder = encodeURIComponent(samples).replace(/%2F/g, '/');
  log('SPL Workbench is served by code-server. Open:');
  console.log(`\n    ${base}/?folder=${folder}\n`);
  log('Ctrl+C to stop.');
}
