// The VS Code integration harness: runs the suite (dist/test/suite/index.js) inside a real VS Code
// on this machine, where @vscode/test-electron cannot download one. It starts code-server on a
// copy of samples/, opens the workbench in headless Chromium with the repository as the extension
// under development, and reads the results the suite writes to the file named by
// SPL_WORKBENCH_E2E_RESULTS (the extension host exits 0 whatever happens, so nothing else is
// trusted). See ../shared/docs/vscode-e2e-recipe.md.
//
//   node --import tsx test/e2e/harness/run.ts      (after `npm run build`; `npm test` does both)
//
// The last line of stdout is always `e2e: N passed, N failed`; the exit code is 0 only when
// every test passed. Artifacts go to test-artifacts/: workbench.png, preview.png and
// preview-<section>.png (results, charts, risk, funnel, expanded), code-server.log,
// browser-console.log. After the suite the harness also reads the preview's DOM through the
// webview's frame (the row count and the risk messages) and counts that as one more check.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { E2eResults } from '../suite/index';
import { codeServerArgs, ensurePrereqs, PrereqError, REPO_ROOT, type Prereqs } from './prereqs';
import { checkInstalledVsixActivates } from './vsixInstall';

/** Must match RESULTS_ENV in test/e2e/suite/index.ts (not imported: that file needs `vscode`). */
const RESULTS_ENV = 'SPL_WORKBENCH_E2E_RESULTS';
const TIMEOUT_MS = Number(process.env.SPL_WORKBENCH_E2E_TIMEOUT_MS) || 5 * 60_000; // the whole run, once prerequisites are in place
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
/** The sections of the preview panel saved one screenshot each (test-artifacts/preview-<name>.png). */
const PREVIEW_SECTIONS: readonly { readonly name: string; readonly selector: string }[] = [
  { name: 'results', selector: '.results-section' },
  { name: 'charts', selector: '.charts' },
  { name: 'risk', selector: 'section.risk' },
  { name: 'funnel', selector: '.funnel-section' },
  { name: 'drilldown', selector: 'section.drilldown' },
  { name: 'expanded', selector: '.expanded-section' },
];
const ARTIFACT_FILES = ['workbench.png', 'preview.png', ...PREVIEW_SECTIONS.map((s) => `preview-${s.name}.png`), 'code-server.log', 'browser-console.log'];
/** Rows and the start of each risk message of the seed, as the suite's last test leaves the panel. */
const SEED_ROWS = 34;
const SEED_RISK_MESSAGE = 'The shell [';
const SUITE = path.join(REPO_ROOT, 'dist', 'test', 'suite', 'index.js');
const BUILT = [path.join(REPO_ROOT, 'dist', 'client', 'extension.js'), path.join(REPO_ROOT, 'dist', 'server', 'server.js'), SUITE];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A failure of the harness itself (as opposed to a failing test). */
class HarnessError extends Error {}

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

const startedAt = Date.now();
const elapsed = (): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

// ---- what is running, so that every exit path can stop it ------------------------------------

let codeServer: ChildProcess | undefined;
let browser: Browser | undefined;
let tempDir: string | undefined;
const codeServerLog: string[] = [];
const consoleLog: string[] = [];
const consoleErrors: string[] = [];

function killCodeServer(signal: NodeJS.Signals): void {
  const pid = codeServer?.pid;
  if (!pid || codeServer?.exitCode !== null || codeServer?.signalCode !== null) return;
  try {
    process.kill(-pid, signal); // its process group: the server, extension host and language server
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

let cleanedUp: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleanedUp ??= (async () => {
    if (browser) {
      const closing = browser.close().catch(() => undefined);
      await Promise.race([closing, new Promise((r) => setTimeout(r, 10_000))]);
    }
    if (codeServer && codeServer.exitCode === null && codeServer.signalCode === null) {
      const exited = new Promise<void>((resolve) => codeServer?.once('exit', () => resolve()));
      killCodeServer('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
      if (!stopped) killCodeServer('SIGKILL');
    }
    // Even when the server itself is gone, nothing of its group may stay behind.
    if (codeServer?.pid) {
      try {
        process.kill(-codeServer.pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
    }
    if (codeServer) saveArtifacts();
    if (tempDir && !process.env.SPL_WORKBENCH_E2E_KEEP) rmSync(tempDir, { recursive: true, force: true });
    else if (tempDir) log(`kept ${tempDir} (SPL_WORKBENCH_E2E_KEEP is set)`);
  })();
  return cleanedUp;
}

function saveArtifacts(): void {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'code-server.log'), codeServerLog.join('\n') + '\n');
    writeFileSync(path.join(ARTIFACTS, 'browser-console.log'), consoleLog.join('\n') + '\n');
  } catch (err) {
    log(`could not save the logs: ${String(err)}`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping code-server and chromium`);
    void cleanup().finally(() => {
      console.log(`interrupted by ${signal}`);
      console.log('e2e: 0 passed, 1 failed');
      process.exit(130);
    });
  });
}
// A last resort if the process ends some other way: nothing of code-server's group left running.
process.on('exit', () => {
  if (!codeServer?.pid) return;
  try {
    process.kill(-codeServer.pid, 'SIGKILL');
  } catch {
    // the group is empty
  }
});

/** VS Code forwards log lines as `'%c INFO', '<css>', format, ...args`: format both parts. */
function formatConsole(values: unknown[]): string {
  const [first, css, ...rest] = values;
  const text = typeof first === 'string' && /^%c[^%]*$/.test(first) && rest.length > 0 ? `${format(first, css).trim()} ${format(...rest)}` : format(...values);
  return text.replace(/\s+$/, '');
}

// ---- steps ----------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

interface CodeServerDirs {
  readonly configFile: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

function startCodeServer(prereqs: Prereqs, port: number, workspace: string, resultsFile: string, dir: string, dirsOverride?: CodeServerDirs): ChildProcess {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // From an outer VS Code (its terminal), these would turn code-server into a client of it.
    if (/^(VSCODE_|ELECTRON_)/.test(key)) continue;
    env[key] = value;
  }
  env[RESULTS_ENV] = resultsFile;
  // VS Code leaves IPC sockets in the temp folder: keep them in ours, which is deleted.
  env.TMPDIR = path.join(dir, 'tmp');
  mkdirSync(env.TMPDIR, { recursive: true });
  const args = codeServerArgs(
    prereqs,
    dirsOverride ?? {
      configFile: path.join(dir, 'code-server.yaml'), // not the user's ~/.config/code-server
      userDataDir: path.join(dir, 'user-data'),
      extensionsDir: path.join(dir, 'extensions'),
    },
    port,
    workspace,
  );
  const child = spawn(process.execPath, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) codeServerLog.push(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('exit', (code, signal) => codeServerLog.push(`[e2e] code-server exited (code ${code}, signal ${signal})`));
  return child;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new HarnessError('code-server exited before it answered HTTP');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new HarnessError(`code-server did not answer ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function readResults(file: string): E2eResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as E2eResults;
  } catch {
    return undefined; // the suite writes whole files; a bad one is treated as none
  }
}

/** Waits for `done: true` in the results file, the deadline, or the workbench dying. */
async function waitForResults(file: string, page: Page, child: ChildProcess, deadline: number): Promise<E2eResults | undefined> {
  let crashed = false;
  page.on('crash', () => (crashed = true));
  let lastCount = -1;
  for (;;) {
    const results = readResults(file);
    if (results && results.tests.length !== lastCount) {
      for (const t of results.tests.slice(Math.max(lastCount, 0))) log(`  ... ${t.state}: ${t.title}`);
      lastCount = results.tests.length;
    }
    if (results?.done) return results;
    if (crashed) throw new HarnessError('the workbench page crashed');
    if (child.exitCode !== null || child.signalCode !== null) throw new HarnessError('code-server exited while the suite ran');
    if (Date.now() > deadline) return results;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function printResults(results: E2eResults): void {
  log('results:');
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
}

function printDiagnostics(): void {
  if (consoleErrors.length) {
    log(`browser console errors (last ${Math.min(consoleErrors.length, 40)} of ${consoleErrors.length}):`);
    for (const line of consoleErrors.slice(-40)) console.log(`  ${line}`);
  }
  log(`code-server log (last ${Math.min(codeServerLog.length, 60)} of ${codeServerLog.length} lines):`);
  for (const line of codeServerLog.slice(-60)) console.log(`  ${line}`);
  log(`full logs: ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}/code-server.log, browser-console.log`);
}

async function main(): Promise<{ passed: number; failed: number }> {
  const missing = BUILT.filter((f) => !existsSync(f));
  if (missing.length) {
    throw new HarnessError(`not built: ${missing.map((f) => path.relative(REPO_ROOT, f)).join(', ')}; run \`npm run build\` first`);
  }
  const prereqs = await ensurePrereqs();
  // No artifact of an earlier run may pass for this one's.
  for (const name of ARTIFACT_FILES) rmSync(path.join(ARTIFACTS, name), { force: true });
  const deadline = Date.now() + TIMEOUT_MS;

  tempDir = mkdtempSync(path.join(os.tmpdir(), 'spl-workbench-e2e-'));
  const workspace = path.join(tempDir, 'samples');
  cpSync(path.join(REPO_ROOT, 'samples'), workspace, { recursive: true });
  const resultsFile = path.join(tempDir, 'results.json');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;

  log(`starting code-server on ${base} with workspace ${workspace}`);
  codeServer = startCodeServer(prereqs, port, workspace, resultsFile, tempDir);
  await waitForHttp(`${base}/healthz`, codeServer);
  log(`code-server answers (${elapsed()})`);

  browser = await chromium.launch({
    executablePath: prereqs.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false, // the handlers above close it
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (msg) => {
    // VS Code logs with `%c` and `%s` placeholders: format them as the devtools console would.
    const kind = msg.type();
    const index = consoleLog.push(`[${kind}] ${msg.text()}`) - 1;
    const errorIndex = kind === 'error' ? consoleErrors.push(consoleLog[index]) - 1 : -1;
    void Promise.all(msg.args().map((a) => a.jsonValue()))
      .then((values: unknown[]) => {
        if (values.length === 0) return;
        const line = `[${kind}] ${formatConsole(values)}`;
        consoleLog[index] = line;
        if (errorIndex >= 0) consoleErrors[errorIndex] = line;
      })
      .catch(() => undefined); // the page went away: keep the raw text
  });
  page.on('pageerror', (err) => {
    const line = `[pageerror] ${err.stack ?? err.message}`;
    consoleLog.push(line);
    consoleErrors.push(line);
  });

  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(SUITE)],
    ['skipWelcome', 'true'],
  ];
  const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log('opening the workbench in chromium');
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const results = await waitForResults(resultsFile, page, codeServer, deadline);
  log(`window title: ${await page.title().catch(() => '?')}`);
  // The suite holds the extension host open until this screenshot is taken and acknowledged.
  await screenshot(page);
  const previewFrame = await findPreviewFrame(page);
  // Read while the extension host is still up (before the ack). The check selects the first row,
  // so the drilldown screenshot shows its events.
  const domCheck = await checkPreviewDom(previewFrame).then(
    (line) => ({ ok: true, line }),
    (err: unknown) => ({ ok: false, line: err instanceof Error ? err.message : String(err) }),
  );
  await previewScreenshot(page, previewFrame);
  writeFileSync(`${resultsFile}.ack`, 'screenshot taken\n');

  if (!results) {
    throw new HarnessError(`no results after ${TIMEOUT_MS / 1000} s: the extension host never ran the suite (${RESULTS_ENV} file missing)`);
  }
  printResults(results);
  let passed = results.tests.filter((t) => t.state === 'passed').length;
  let failed = results.tests.filter((t) => t.state === 'failed').length;

  // The preview's DOM read through Playwright frames, not through the webview's own reports.
  if (domCheck.ok) {
    console.log(`  ✓ preview DOM: ${domCheck.line}`);
    passed += 1;
  } else {
    console.log(`  ✗ preview DOM: ${domCheck.line}`);
    failed += 1;
  }

  // The path a user takes: the packaged VSIX installed with --install-extension activates in a
  // plain workbench (no extension under development).
  try {
    const vsixPort = await freePort();
    const line = await checkInstalledVsixActivates({
      prereqs,
      browser,
      tempDir,
      workspace,
      port: vsixPort,
      start: (dirs) => startCodeServer(prereqs, vsixPort, workspace, resultsFile, tempDir!, dirs),
      waitForHttp,
    });
    console.log(`  ✓ vsix: the packaged extension installs with --install-extension and activates (${line.slice(0, 160)})`);
    passed += 1;
  } catch (err) {
    console.log(`  ✗ vsix: ${err instanceof Error ? err.message : String(err)}`);
    failed += 1;
  }
  if (!results.done) {
    log(`the suite did not finish within ${TIMEOUT_MS / 1000} s (partial results above)`);
    failed += 1;
  } else if (passed + failed === 0) {
    log('the suite ran no test');
    failed += 1;
  }
  return { passed, failed };
}

async function screenshot(page: Page): Promise<void> {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'workbench.png');
    await page.screenshot({ path: file, timeout: 15_000 });
    log(`screenshot: ${path.relative(process.cwd(), file) || file}`);
  } catch (err) {
    log(`no screenshot: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The webview's inner frame that holds the rendered preview (results or a located error), if
 * the panel is open. */
async function findPreviewFrame(page: Page): Promise<Frame | undefined> {
  const live = page.frames().filter((f) => !f.isDetached());
  const frames = await Promise.all(live.map(async (f) => ((await f.$('.results-section, .error').catch(() => null)) ? f : undefined)));
  return frames.find((f) => f !== undefined);
}

/** The preview panel as the suite left it (test-artifacts/preview.png), when it is open, and one
 * screenshot per section (preview-<section>.png), each scrolled into view inside the frame. */
async function previewScreenshot(page: Page, preview: Frame | undefined): Promise<void> {
  if (!preview) {
    log('no preview screenshot: no frame holds the preview');
    return;
  }
  try {
    const file = path.join(ARTIFACTS, 'preview.png');
    // The whole workbench: the suite maximizes the panel's editor group before it ends.
    await page.screenshot({ path: file, timeout: 15_000 });
    log(`screenshot: ${path.relative(process.cwd(), file) || file}`);
  } catch (err) {
    log(`no preview screenshot: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const { name, selector } of PREVIEW_SECTIONS) {
    const file = path.join(ARTIFACTS, `preview-${name}.png`);
    try {
      const locator = preview.locator(selector).first();
      await locator.scrollIntoViewIfNeeded({ timeout: 10_000 });
      try {
        await locator.screenshot({ path: file, timeout: 10_000 });
      } catch {
        // The section scrolled into view; the workbench shows it.
        await page.screenshot({ path: file, timeout: 15_000 });
      }
      log(`screenshot: ${path.relative(process.cwd(), file) || file}`);
    } catch (err) {
      log(`no preview-${name} screenshot: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  await preview.locator('.results-section').first().scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
}

/** Reads the preview's DOM through the frame: the row-count text of the results table, the risk
 * message cells and the run controls; then clicks the first row and counts the events its
 * drilldown lists (the row's count). Resolves to a line describing what held; rejects with what
 * did not. */
async function checkPreviewDom(preview: Frame | undefined): Promise<string> {
  if (!preview) throw new Error('no frame of the page holds the preview (.results-section)');
  const countText = ((await preview.locator('.results-section .row-count').first().textContent({ timeout: 10_000 })) ?? '').trim();
  if (countText !== `${SEED_ROWS} rows`) throw new Error(`the results table's row count reads "${countText}", expected "${SEED_ROWS} rows"`);
  const messages = (await preview.locator('.risk-message').allTextContents()).map((m) => m.trim());
  const matching = messages.filter((m) => m.startsWith(SEED_RISK_MESSAGE));
  if (matching.length === 0) throw new Error(`no risk message cell reads "${SEED_RISK_MESSAGE}..." (${messages.length} cells: ${JSON.stringify(messages.slice(0, 3))})`);
  const windowChoice = await preview.locator('.run-controls select.window-select').inputValue({ timeout: 5_000 });
  const data = ((await preview.locator('.run-controls .data-choice').textContent({ timeout: 5_000 })) ?? '').trim();
  if (windowChoice !== 'all' || data !== "Data: the tests' attack data") throw new Error(`the run controls read window "${windowChoice}", "${data}"`);
  const controls = await checkRunControls(preview);
  const headers = (await preview.locator('table.results thead th').allTextContents()).map((h) => h.trim());
  const countColumn = headers.indexOf('count');
  if (countColumn < 0) throw new Error(`no count column among ${JSON.stringify(headers)}`);
  // A row formed by several events (the first such row in view).
  const rows = preview.locator('table.results tbody tr:not(.spacer)');
  const counts = (await rows.evaluateAll((trs, column) => trs.map((tr) => (tr as HTMLTableRowElement).cells[column]?.textContent ?? ''), countColumn)).map(Number);
  const pick = counts.findIndex((c) => c > 1);
  if (pick < 0) throw new Error(`no row in view has a count above 1 (${JSON.stringify(counts)})`);
  const first = rows.nth(pick);
  const count = counts[pick];
  await first.click({ timeout: 5_000 });
  const drilled = preview.locator('section.drilldown table.events tbody tr');
  await drilled.first().waitFor({ timeout: 5_000 });
  const events = await drilled.count();
  if (!(count > 0) || events !== count) throw new Error(`the first row has count ${count} but its drilldown lists ${events} events`);
  return `the results table reads "${countText}", ${matching.length} of ${messages.length} risk message cells read "${SEED_RISK_MESSAGE}...", the controls read "${data}" (${controls}), and row ${pick + 1} (count ${count}) drills down to ${events} events`;
}

/** Uses the run controls as a person does: a bad "now" is refused in place; the scheduled window
 * at a typed "now" long after the data holds no row; back to all events, the seed's rows. */
async function checkRunControls(preview: Frame): Promise<string> {
  const fact = (term: string) => preview.locator(`.facts dt:text-is("${term}") + dd`).first();
  const now = preview.locator('.run-controls input.now-input');
  await now.fill('not a time');
  await now.press('Enter');
  const invalid = await now.getAttribute('aria-invalid', { timeout: 5_000 });
  if (invalid !== 'true') throw new Error('a "now" that is not a time is not marked invalid');
  await now.fill('2030-01-01T00:00:00Z');
  await preview.locator('.run-controls select.window-select').selectOption('schedule');
  await preview.locator('.facts dt:text-is("Window") + dd:has-text("2030-01-01T00:00:00Z")').first().waitFor({ timeout: 20_000 });
  const scheduledRows = ((await fact('Rows').textContent()) ?? '').trim();
  if (scheduledRows !== '0') throw new Error(`the scheduled window at 2030-01-01 shows ${scheduledRows} rows, expected 0`);
  await preview.locator('.run-controls input.now-input').fill('');
  await preview.locator('.run-controls select.window-select').selectOption('all');
  await preview.locator('.facts dt:text-is("Window") + dd:text-is("all events")').first().waitFor({ timeout: 20_000 });
  await preview.locator(`.results-section .row-count:text-is("${SEED_ROWS} rows")`).first().waitFor({ timeout: 20_000 });
  return `a bad now is refused, the scheduled window at 2030-01-01 has 0 rows, all events ${SEED_ROWS}`;
}

async function harness(): Promise<void> {
  let passed = 0;
  let failed = 0;
  let reason: string | undefined;
  try {
    ({ passed, failed } = await main());
  } catch (err) {
    reason = err instanceof HarnessError || err instanceof PrereqError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    passed = 0;
    failed = 1;
  }
  if (failed > 0 && codeServer) printDiagnostics();
  await cleanup();
  if (reason) console.log(`e2e harness failed: ${reason}`);
  log(`finished in ${elapsed()}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

void harness();
