// The path a user takes: the packaged VSIX installed into code-server with --install-extension,
// then a plain workbench (no extension under development) opened on the samples: the installed
// extension must activate there. Read from the extension host's own log, since no test code runs
// inside that window.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { installExtension, type Prereqs } from './prereqs';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const EXTENSION_ID = 'spl-workbench.spl-workbench';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Builds a VSIX of the current build into `dir` with vsce (the bundles in dist/ as they are). */
export function packageVsix(dir: string): string {
  const out = path.join(dir, 'spl-workbench.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(out)) throw new Error(`vsce package failed:\n${run.stdout}\n${run.stderr}`);
  return out;
}

export interface VsixCheckContext {
  readonly prereqs: Prereqs;
  readonly browser: Browser;
  readonly tempDir: string;
  readonly workspace: string;
  readonly port: number;
  /** Starts code-server with the given folders (the harness's own starter). */
  readonly start: (dirs: { userDataDir: string; extensionsDir: string; configFile: string }) => ChildProcess;
  readonly waitForHttp: (url: string, child: ChildProcess) => Promise<void>;
}

/** Resolves with the activation line of the installed extension, or rejects with why not. */
export async function checkInstalledVsixActivates(context: VsixCheckContext, timeoutMs = 90_000): Promise<string> {
  const dir = path.join(context.tempDir, 'vsix');
  mkdirSync(dir, { recursive: true });
  const vsix = packageVsix(dir);
  const dirs = { userDataDir: path.join(dir, 'user-data'), extensionsDir: path.join(dir, 'extensions'), configFile: path.join(dir, 'code-server.yaml') };
  installExtension(context.prereqs, dirs, vsix);
  const installed = readdirSync(dirs.extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`--install-extension left no ${EXTENSION_ID} folder in ${dirs.extensionsDir}`);

  const server = context.start(dirs);
  try {
    const base = `http://127.0.0.1:${context.port}`;
    await context.waitForHttp(`${base}/healthz`, server);
    const page = await context.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${base}/?folder=${encodeURIComponent(context.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const file of filesUnder(path.join(dirs.userDataDir, 'logs'))) {
          if (!/exthost/i.test(file)) continue;
          const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes(`_doActivateExtension ${EXTENSION_ID}`));
          if (line) return line.trim();
        }
        if (Date.now() > deadline) throw new Error(`the installed extension did not activate within ${timeoutMs / 1000} s (no activation line in the extension host log)`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await page.close().catch(() => undefined);
    }
  } finally {
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
