// `npm run test:electron`: the same integration suite in a desktop VS Code that
// @vscode/test-electron downloads (so this needs internet; here the code-server harness,
// test/e2e/harness/run.ts, runs the suite instead). Bundled to dist/test/run-electron.js.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

// Two levels up from dist/test/ (the bundle) and from test/e2e/ (the source) alike.
const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const extensionTestsPath = path.join(root, 'dist', 'test', 'suite', 'index.js');
  // The tests may edit files: they get a copy of the samples.
  const temp = mkdtempSync(path.join(os.tmpdir(), 'spl-workbench-electron-'));
  const workspace = path.join(temp, 'samples');
  cpSync(path.join(root, 'samples'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions stay out; the one under development loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(temp, 'user-data')}`,
      ],
    });
    console.log('electron: integration suite passed');
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`electron: integration suite failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
