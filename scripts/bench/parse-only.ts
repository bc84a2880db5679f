// Parse-only timing over the corpus, warm: all texts (detection searches, drilldown searches,
// macro definitions), and the detection searches alone. Prints the total per pass and the
// per-text median and p99.
//   node scripts/bench/run.mjs parse-only [passes]
// (bundled first, as the server and CLI are: a TypeScript loader would add its own overhead).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseSpl } from '../../server/src/core/spl';
import { corpusRoot, filesUnder } from '../../test/support/corpus';

interface Sample {
  readonly text: string;
  readonly macroDefinition: boolean;
  /** The `search` of a detection (not a drilldown, not a macro). */
  readonly detectionSearch: boolean;
}

function samples(): Sample[] {
  const root = corpusRoot();
  const out: Sample[] = [];
  const read = (file: string): Record<string, unknown> | undefined => {
    try {
      const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
      return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  for (const dir of ['security_content/detections', 'isovalent/detections']) {
    for (const file of filesUnder(path.join(root, dir))) {
      const doc = read(file);
      if (typeof doc?.search === 'string') out.push({ text: doc.search, macroDefinition: false, detectionSearch: true });
      for (const d of Array.isArray(doc?.drilldown_searches) ? doc.drilldown_searches : []) {
        if (typeof d?.search === 'string') out.push({ text: d.search, macroDefinition: false, detectionSearch: false });
      }
    }
  }
  for (const repo of ['security_content', 'isovalent']) {
    for (const file of filesUnder(path.join(root, repo, 'macros'))) {
      const doc = read(file);
      if (typeof doc?.definition === 'string') out.push({ text: doc.definition, macroDefinition: true, detectionSearch: false });
    }
  }
  return out;
}

function measure(title: string, texts: readonly Sample[], passes: number): void {
  const bytes = texts.reduce((n, s) => n + s.text.length, 0);
  for (let warm = 0; warm < 3; warm++) for (const s of texts) parseSpl(s.text, { macroDefinition: s.macroDefinition });
  const totals: number[] = [];
  const each: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const start = performance.now();
    for (const s of texts) {
      const t = performance.now();
      parseSpl(s.text, { macroDefinition: s.macroDefinition });
      if (pass === passes - 1) each.push(performance.now() - t);
    }
    totals.push(performance.now() - start);
  }
  each.sort((a, b) => a - b);
  const at = (q: number): number => each[Math.min(each.length - 1, Math.floor(q * each.length))];
  console.log(`${title}: ${texts.length} texts, ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`  total per pass (ms): ${totals.map((t) => t.toFixed(1)).join(', ')}`);
  console.log(`  per text (ms): median ${at(0.5).toFixed(3)}, p99 ${at(0.99).toFixed(3)}, max ${each[each.length - 1].toFixed(3)}`);
}

const all = samples();
const passes = Number(process.argv[2] ?? 5);
measure('all corpus texts', all, passes);
measure('detection searches only', all.filter((s) => s.detectionSearch), passes);
