// Content that nothing uses: a data source no detection lists in `data_source`, an analytic
// story no detection lists in `analytic_story`. contentctl accepts both, so these are
// information, reported on the file's `name:` value. Cross-file by nature: only a whole
// repository can say that nothing refers to a file.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { DataSource, Story } from './model';
import type { ContentRepository } from './repository';
import { splitDataSources } from './validate';

/** Data sources and stories of `repo` that no detection names, keyed by path. Files whose YAML
 * does not parse or that have no name are left to the other rules. */
export function unreferencedDiagnostics(repo: ContentRepository): Map<string, Diagnostic[]> {
  const usedSources = new Set<string>();
  const usedStories = new Set<string>();
  for (const detection of repo.detections()) {
    for (const entry of detection.dataSources) for (const name of splitDataSources(entry.value)) usedSources.add(name);
    for (const story of detection.stories) usedStories.add(story.value);
  }
  const out = new Map<string, Diagnostic[]>();
  const report = (file: DataSource | Story, used: ReadonlySet<string>, what: string, key: string): void => {
    if (file.yaml.hasSyntaxErrors || !file.name || used.has(file.name.value)) return;
    const message = `No detection lists the ${what} "${file.name.value}" in ${key}.`;
    const code = file.kind === 'data-source' ? 'content-unreferenced-data-source' : 'content-unreferenced-story';
    out.set(file.path, [diagnostic(code, message, file.name.span)]);
  };
  for (const source of repo.dataSources()) report(source, usedSources, 'data source', 'data_source');
  for (const story of repo.stories()) report(story, usedStories, 'analytic story', 'analytic_story');
  return out;
}
