// `npm run bench:parse`: the whole shared corpus loaded, parsed, expanded and validated, timed
// warm (after one warm-up pass), plus per-search parse+expand+analysis times.
// Targets (issue 3): whole corpus under 250 ms; per-search p99 under 2 ms.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeDetectionSpl, analyzeSearch, initialFieldsOf, macroTableOf } from '../../server/src/core/analysis';
import { validateRepository } from '../../server/src/core/content';
import { loadRepositorySync } from '../../server/src/node/loadRepository';

// Both scripts/bench/ and its bundle in dist/bench/ sit two levels below the repository root.
const corpus = path.resolve(__dirname, '../..', process.env.SPL_WORKBENCH_CORPUS ?? '../shared/corpus');
const roots = ['security_content', 'isovalent'].map((r) => path.join(corpus, r));
const today = new Date().toISOString().slice(0, 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface PassResult {
  readonly files: number;
  readonly splBytes: number;
  readonly searches: number;
  readonly loadMs: number;
  readonly yamlMs: number;
  readonly validateMs: number;
  readonly splMs: number;
  readonly perSearch: number[];
  readonly diagnostics: number;
}

function pass(): PassResult {
  let files = 0;
  let splBytes = 0;
  let searches = 0;
  let loadMs = 0;
  let yamlMs = 0;
  let validateMs = 0;
  let splMs = 0;
  let diagnostics = 0;
  const perSearch: number[] = [];
  for (const root of roots) {
    // The same work as checkRepository, phase by phase.
    const t0 = performance.now();
    const { repository } = loadRepositorySync(root);
    const t1 = performance.now();
    repository.files(); // YAML parse and content model of every file (otherwise lazy)
    const { table } = macroTableOf(repository);
    const t2 = performance.now();
    const result = validateRepository(repository, { today });
    const t3 = performance.now();
    for (const detection of repository.detections()) diagnostics += analyzeDetectionSpl(detection, repository, table).diagnostics.length;
    const t4 = performance.now();
    loadMs += t1 - t0;
    yamlMs += t2 - t1;
    validateMs += t3 - t2;
    splMs += t4 - t3;
    files += repository.paths().length;
    for (const d of result.values()) diagnostics += d.length;
    for (const detection of repository.detections()) {
      if (!detection.search) continue;
      searches++;
      splBytes += Buffer.byteLength(detection.search.text);
      const initialFields = initialFieldsOf(detection, repository);
      const s = performance.now();
      analyzeSearch(detection.search, table, { initialFields });
      perSearch.push(performance.now() - s);
    }
  }
  return { files, splBytes, searches, loadMs, yamlMs, validateMs, splMs, perSearch, diagnostics };
}

pass(); // warm-up: JIT, lazy module state
const warm = pass();
const sorted = [...warm.perSearch].sort((a, b) => a - b);
const total = warm.loadMs + warm.yamlMs + warm.validateMs + warm.splMs;
const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;
console.log(`corpus: ${corpus}`);
console.log(`files:                 ${warm.files}`);
console.log(`detection searches:    ${warm.searches}`);
console.log(`bytes of SPL:          ${warm.splBytes}`);
console.log(`diagnostics:           ${warm.diagnostics}`);
console.log(`read files:            ${fmt(warm.loadMs)}`);
console.log(`YAML + content model:  ${fmt(warm.yamlMs)}`);
console.log(`contentctl rules:      ${fmt(warm.validateMs)}`);
console.log(`SPL (expand, parse written and expanded, field flow, risk check; search and drilldowns): ${fmt(warm.splMs)}`);
console.log(`whole corpus (warm):   ${fmt(total)}   target < 250 ms: ${total < 250 ? 'met' : 'NOT met'}`);
console.log(`per search (parse + expand + parse expanded + field flow):`);
console.log(`  median ${fmt(percentile(sorted, 50))}   p99 ${fmt(percentile(sorted, 99))}   max ${fmt(sorted[sorted.length - 1])}   target p99 < 2 ms: ${percentile(sorted, 99) < 2 ? 'met' : 'NOT met'}`);
console.log(`peak RSS: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
