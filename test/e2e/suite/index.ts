// The integration suite's entry point: VS Code's extension host loads this file (bundled as
// dist/test/suite/index.js) and awaits `run()`, whichever launcher started it (the code-server
// harness here, @vscode/test-electron on a desktop).
//
// The extension host exits with code 0 even when `run()` rejects, so when the launcher names a
// file in SPL_WORKBENCH_E2E_RESULTS the results are written there as JSON, after each test
// (`done: false`) and once at the end (`done: true`). Without that variable `run()` just rejects
// on failures, as @vscode/test-electron expects.
//
// VS Code shuts the extension host down as soon as `run()` settles, and with it everything the
// extension shows. So that a launcher can take a screenshot of the workbench as the tests left it,
// `run()` then waits (at most ACK_TIMEOUT_MS) for a file `<results file>.ack` to appear.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** The environment variable naming the results file (test/e2e/harness/run.ts sets it). */
export const RESULTS_ENV = 'SPL_WORKBENCH_E2E_RESULTS';

export interface E2eTestResult {
  /** Mocha's full title: suite and test. */
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  /** Message and stack of a failure. */
  readonly error?: string;
}

export interface E2eResults {
  /** false while the suite is still running: a file left like that means the host died. */
  readonly done: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly tests: readonly E2eTestResult[];
}

const ACK_TIMEOUT_MS = 15_000;

/** The test files. They are bundled into this file, so they are imported here by name, after
 * mocha has put its `suite`/`test` globals in place. */
async function loadTestFiles(): Promise<void> {
  await import('./activation.test.js');
  await import('./commands.test.js');
  await import('./testExplorer.test.js');
  await import('./languageFeatures.test.js');
  // Last: it leaves the preview panel open for the harness's screenshot (preview.png).
  await import('./preview.test.js');
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack && err.stack.includes(err.message) ? err.stack : `${err.message}\n${err.stack ?? ''}`;
  return String(err);
}

async function waitForAck(file: string): Promise<void> {
  const deadline = Date.now() + ACK_TIMEOUT_MS;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

export async function run(): Promise<void> {
  const resultsFile = process.env[RESULTS_ENV];
  const tests: E2eTestResult[] = [];
  const write = (done: boolean): void => {
    if (!resultsFile) return;
    const results: E2eResults = {
      done,
      passed: tests.filter((t) => t.state === 'passed').length,
      failed: tests.filter((t) => t.state === 'failed').length,
      pending: tests.filter((t) => t.state === 'pending').length,
      tests,
    };
    // Written whole and renamed into place, so a reader never sees half a file.
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    const partial = `${resultsFile}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(results, null, 2) + '\n');
    renameSync(partial, resultsFile);
  };

  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'spl-workbench-e2e', mocha);
  try {
    await loadTestFiles();
  } catch (err) {
    tests.push({ title: 'loading the test files', state: 'failed', error: errorText(err) });
    write(true);
    throw err;
  }
  write(false);

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('pass', (test: Mocha.Test) => {
      tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      write(false);
    });
    runner.on('fail', (test: Mocha.Test, err: unknown) => {
      tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: errorText(err) });
      write(false);
    });
    runner.on('pending', (test: Mocha.Test) => {
      tests.push({ title: test.fullTitle(), state: 'pending' });
      write(false);
    });
  });
  write(true);
  if (resultsFile) await waitForAck(`${resultsFile}.ack`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  if (tests.length === 0) throw new Error('the integration suite ran no test');
}
