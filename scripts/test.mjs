// `npm test`: everything, in order: type check, lint, build, unit and protocol tests (node's
// test runner), then the integration suite inside a real VS Code (code-server). Prints one
// closing line `N passed, N failed` summing every stage.
//   --only unit   stop after the node tests
//   --only e2e    only build and run the VS Code suite
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;

let passed = 0;
let failed = 0;
const failedSteps = [];

/** Runs a command, streaming its output; resolves with exit code and the captured stdout. */
function run(title, command, args, options = {}) {
  console.log(`\n=== ${title} ===`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

async function step(title, command, args, count) {
  const { code, out } = await run(title, command, args);
  if (count) {
    const counted = count(out);
    passed += counted.passed;
    failed += counted.failed;
    if (code !== 0 && counted.failed === 0) {
      failed += 1; // the runner itself failed (crash, missing results): never a silent pass
      failedSteps.push(`${title} (exit ${code}, no failing test reported)`);
    } else if (code !== 0) failedSteps.push(title);
  } else if (code === 0) passed += 1;
  else {
    failed += 1;
    failedSteps.push(title);
  }
  return code;
}

function findTests(dir) {
  const full = path.join(root, dir);
  let entries;
  try {
    entries = readdirSync(full);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return findTests(rel);
    return name.endsWith('.test.ts') ? [rel] : [];
  });
}

/** node's spec reporter ends with `ℹ pass N` / `ℹ fail N`. */
function countNodeTests(out) {
  const pick = (word) => [...out.matchAll(new RegExp(`^ℹ ${word} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { passed: pick('pass'), failed: pick('fail') };
}

/** The integration harness closes with `e2e: N passed, N failed`. */
function countClosingLine(out) {
  const m = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

if (only !== 'e2e') {
  await step('type check: server', npx, ['tsc', '--noEmit', '-p', 'server']);
  await step('type check: client', npx, ['tsc', '--noEmit', '-p', 'client']);
  await step('type check: test', npx, ['tsc', '--noEmit', '-p', 'test']);
  await step('type check: scripts', npx, ['tsc', '--noEmit', '-p', 'scripts']);
  await step('lint (eslint)', npx, ['eslint', '.']);
}
const buildCode = await step('build (esbuild)', process.execPath, ['scripts/build.mjs']);

if (only !== 'e2e') {
  const files = [...findTests('test/unit'), ...findTests('test/protocol')];
  await step(
    `unit and protocol tests (${files.length} files)`,
    process.execPath,
    ['--conditions=import', '--import', 'tsx', '--test', '--test-reporter=spec', ...files],
    countNodeTests,
  );
}

if (only !== 'unit') {
  if (buildCode !== 0) {
    failed += 1;
    failedSteps.push('VS Code integration suite (not run: the build failed)');
  } else {
    await step('VS Code integration suite (code-server)', process.execPath, ['--import', 'tsx', 'test/e2e/harness/run.ts'], countClosingLine);
  }
}

console.log('');
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
