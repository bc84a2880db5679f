// From a path and its text to a typed content file. The kind comes from the folder the file is
// in (the nearest known one, so `detections/endpoint/x.yml` and `/abs/repo/detections/x.yml`
// both are detections). Never throws.
import type { ContentFile, ContentKind } from './model';
import { baseName, folderSegments, normalizePath } from './paths';
import { readDetection } from './readDetection';
import { readDataSource, readDeployment, readLookup, readMacroFile, readStory } from './readSupportingFiles';
import { parseYamlFile } from './yamlFile';

const FOLDER_KINDS: ReadonlyMap<string, ContentKind> = new Map([
  ['detections', 'detection'],
  ['macros', 'macro'],
  ['data_sources', 'data-source'],
  ['stories', 'story'],
  ['lookups', 'lookup'],
  ['deployments', 'deployment'],
  ['schedules', 'deployment'],
]);

/** The kind of content file at `path`, and the folder that decided it. */
export function contentKindOf(path: string): { kind: ContentKind; folder?: string } {
  const base = baseName(path).toLowerCase();
  if (base === 'macros.conf') return { kind: 'macros-conf' };
  const folders = folderSegments(path);
  let folder: string | undefined;
  for (let i = folders.length - 1; i >= 0 && !folder; i--) {
    if (FOLDER_KINDS.has(folders[i])) folder = folders[i];
  }
  if (!folder) return { kind: 'other' };
  if (base.endsWith('.csv')) return folder === 'lookups' ? { kind: 'lookup-table', folder } : { kind: 'other' };
  if (!base.endsWith('.yml') && !base.endsWith('.yaml')) return { kind: 'other' };
  return { kind: FOLDER_KINDS.get(folder) ?? 'other', folder };
}

/** `path` is kept exactly as given (it may be a URI); only the kind is taken from its folders. */
export function parseContentFile(path: string, text: string): ContentFile {
  const p = path;
  const { kind, folder } = contentKindOf(normalizePath(path));
  switch (kind) {
    case 'macros-conf':
    case 'lookup-table':
    case 'other':
      return { kind, path: p, text, diagnostics: [] };
  }
  const yaml = parseYamlFile(p, text);
  switch (kind) {
    case 'detection':
      return readDetection(yaml);
    case 'macro':
      return readMacroFile(yaml);
    case 'data-source':
      return readDataSource(yaml);
    case 'story':
      return readStory(yaml);
    case 'lookup':
      return readLookup(yaml);
    case 'deployment':
      return readDeployment(yaml, folder === 'schedules');
  }
}
