// Bundles the four entry points with esbuild: the extension (client), the language server,
// the CLI and the webview script; plus the test entry points that run inside VS Code.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  define: { __SPL_WORKBENCH_VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  // Errors and warnings only; `npm start` should show the preview, not bundle sizes.
  logLevel: watch ? 'info' : 'warning',
  absWorkingDir: root,
};

const nodeTargets = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeTargets, entryPoints: { 'client/extension': 'client/src/extension.ts' } },
  { ...nodeTargets, entryPoints: { 'server/server': 'server/src/lsp/main.ts' } },
  {
    ...nodeTargets,
    entryPoints: { 'cli/spl-workbench': 'server/src/cli/main.ts' },
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { 'webview/main': 'client/webview/main.ts' },
  },
  // The webview's style sheet (the panel's CSP allows style sheets from dist/webview only).
  { ...common, entryPoints: { 'webview/main': 'client/webview/main.css' } },
];

if (!production) {
  // The integration suite (mocha inside the extension host) and its launchers.
  builds.push({
    ...nodeTargets,
    entryPoints: {
      'test/suite/index': 'test/e2e/suite/index.ts',
      'test/run-electron': 'test/e2e/run-electron.ts',
    },
    external: ['vscode', 'mocha', '@vscode/test-electron'],
  });
}

const outdir = path.join(root, 'dist');
if (!watch) rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, outdir })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes; Ctrl+C to stop');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build({ ...b, outdir })));
  chmodSync(path.join(outdir, 'cli/spl-workbench.js'), 0o755);
  console.error(`built ${builds.length} bundles into dist/ in ${Date.now() - started} ms`);
}
