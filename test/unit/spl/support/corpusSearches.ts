// The SPL texts of the shared corpus: detection searches, drilldown searches and macro
// definitions, read with the yaml package.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { corpusRoot, filesUnder } from '../../../support/corpus';

export interface CorpusText {
  /** Path relative to the corpus root. */
  readonly file: string;
  /** `search`, `drilldown_searches[0].search`, `definition`. */
  readonly where: string;
  readonly text: string;
  readonly macroDefinition: boolean;
}

export interface CorpusSearches {
  readonly texts: readonly CorpusText[];
  /** Files (relative to the corpus root) the yaml package could not read. */
  readonly unparsableYaml: readonly string[];
}

export function loadCorpusSearches(): CorpusSearches {
  const root = corpusRoot();
  const texts: CorpusText[] = [];
  const unparsableYaml: string[] = [];
  const read = (file: string): Record<string, unknown> | undefined => {
    try {
      const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
      return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : undefined;
    } catch {
      unparsableYaml.push(path.relative(root, file));
      return undefined;
    }
  };
  for (const dir of ['security_content/detections', 'isovalent/detections']) {
    for (const file of filesUnder(path.join(root, dir))) {
      const doc = read(file);
      const relative = path.relative(root, file);
      if (typeof doc?.search === 'string') texts.push({ file: relative, where: 'search', text: doc.search, macroDefinition: false });
      const drilldowns = Array.isArray(doc?.drilldown_searches) ? (doc.drilldown_searches as unknown[]) : [];
      drilldowns.forEach((d, i) => {
        const search = (d as { search?: unknown } | null)?.search;
        if (typeof search === 'string') texts.push({ file: relative, where: `drilldown_searches[${i}].search`, text: search, macroDefinition: false });
      });
    }
  }
  for (const repo of ['security_content', 'isovalent']) {
    for (const file of filesUnder(path.join(root, repo, 'macros'))) {
      const doc = read(file);
      if (typeof doc?.definition === 'string') {
        texts.push({ file: path.relative(root, file), where: 'definition', text: doc.definition, macroDefinition: true });
      }
    }
  }
  return { texts, unparsableYaml };
}
