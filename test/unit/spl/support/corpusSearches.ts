// The SPL texts of the shared corpus: detection searches, drilldown searches and macro
// definitions, read through the content model (which also reads the few files whose quoted
// values PyYAML accepts and the YAML spec does not).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseContentFile } from '../../../../server/src/core/content';
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
  /** Files (relative to the corpus root) the content model could not read. */
  readonly unparsableYaml: readonly string[];
}

export function loadCorpusSearches(): CorpusSearches {
  const root = corpusRoot();
  const texts: CorpusText[] = [];
  const unparsableYaml: string[] = [];
  const read = (file: string) => {
    const parsed = parseContentFile(file, readFileSync(file, 'utf8'));
    if (parsed.diagnostics.some((d) => d.severity === 'error')) unparsableYaml.push(path.relative(root, file));
    return parsed;
  };
  for (const dir of ['security_content/detections', 'isovalent/detections']) {
    for (const file of filesUnder(path.join(root, dir))) {
      const parsed = read(file);
      if (parsed.kind !== 'detection') continue;
      const relative = path.relative(root, file);
      if (parsed.search) texts.push({ file: relative, where: 'search', text: parsed.search.text, macroDefinition: false });
      parsed.drilldowns.forEach((d, i) => {
        if (d.search) texts.push({ file: relative, where: `drilldown_searches[${i}].search`, text: d.search.text, macroDefinition: false });
      });
    }
  }
  for (const repo of ['security_content', 'isovalent']) {
    for (const file of filesUnder(path.join(root, repo, 'macros'))) {
      const parsed = read(file);
      if (parsed.kind === 'macro' && parsed.macro) {
        texts.push({ file: path.relative(root, file), where: 'definition', text: parsed.macro.definition.text, macroDefinition: true });
      }
    }
  }
  return { texts, unparsableYaml };
}
