// Runs a benchmark the way the product runs: bundled by esbuild into one file (as the CLI and
// the language server are), not through a TypeScript loader, whose per-call overhead would be
// measured instead. Usage: node scripts/bench/run.mjs <name> [args...] runs scripts/bench/<name>.ts.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/bench/run.mjs <name> [args...]');
  process.exit(2);
}
const outfile = path.join(root, 'dist/bench', `${name}.js`);
await esbuild.build({
  entryPoints: [path.join(root, 'scripts/bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native modules stay in node_modules (DuckDB ships a prebuilt .node binding).
  external: ['@duckdb/*'],
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
