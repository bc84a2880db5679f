// `npm run bench:parse`: the whole shared corpus loaded, parsed, expanded and validated, timed
// warm (after one warm-up pass), plus per-search parse+expand+analysis times.
// Targets (issue 3): whole corpus under 250 ms; per-search p99 under 2 ms.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeSearch, checkRepository, initialFieldsOf, macroTableOf } from '../../server/src/core/analysis';
import { loadRepositorySync } from '../../server/src/node/loadRepository';

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
  readonly checkMs: number;
  readonly perSearch: number[];
  readonly diagnostics: number;
}

function pass(): PassResult {
  let files = 0;
  let splBytes = 0;
  let searches = 0;
  let loadMs = 0;
  let checkMs = 0;
  let diagnostics = 0;
  const perSearch: number[] = [];
  for (const root of roots) {
    const t0 = performance.now();
    const { repository } = loadRepositorySync(root);
    const t1 = performance.now();
    const result = checkRepository(repository, { today });
    const t2 = performance.now();
    loadMs += t1 - t0;
    checkMs += t2 - t1;
    files += repository.paths().length;
    for (const d of result.values()) diagnostics += d.length;
    const { table } = macroTableOf(repository);
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
  return { files, splBytes, searches, loadMs, checkMs, perSearch, diagnostics };
}

pass(); // warm-up: JIT, lazy module state
const warm = pass();
const sorted = [...warm.perSearch].sort((a, b) => a - b);
const total = warm.loadMs + warm.checkMs;
const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;
console.log(`corpus: ${corpus}`);
console.log(`files:                 ${warm.files}`);
console.log(`detection searches:    ${warm.searches}`);
console.log(`bytes of SPL:          ${warm.splBytes}`);
console.log(`diagnostics:           ${warm.diagnostics}`);
console.log(`read files:            ${fmt(warm.loadMs)}`);
console.log(`parse YAML + model + expand + parse SPL + validate: ${fmt(warm.checkMs)}`);
console.log(`whole corpus (warm):   ${fmt(total)}   target < 250 ms: ${total < 250 ? 'met' : 'NOT met'}`);
console.log(`per search (parse + expand + parse expanded + field flow):`);
console.log(`  median ${fmt(percentile(sorted, 50))}   p99 ${fmt(percentile(sorted, 99))}   max ${fmt(sorted[sorted.length - 1])}   target p99 < 2 ms: ${percentile(sorted, 99) < 2 ? 'met' : 'NOT met'}`);
console.log(`peak RSS: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
