// Completion in a detection's YAML outside its SPL: the keys its generation allows at the
// cursor, and the values of the keys that take one of a known list (type, status, risk and
// threat object types, security domain, asset type, data sources, stories, the fields the search
// outputs for `field:`). The cursor's key path is read from the lines above it by indentation,
// so a file that is being typed (and may not parse) still has one.
import type { ContentRepository, Detection } from '../../content';
import { DETECTION_SHAPES, RISK_OBJECT_TYPES, THREAT_OBJECT_TYPES, type Shape } from '../../content/detectionSchema';
import type { KeyPath } from '../../content/yamlFile';
import { NO_COMPLETIONS_AT, sortKey, type CompletionItem, type Completions } from './items';

export interface YamlCompletionInput {
  readonly detection: Detection;
  /** The file's text (the detection's, as the editor holds it). */
  readonly text: string;
  readonly offset: number;
  readonly repository: ContentRepository;
  /** The fields of the search's results (for `field:` of risk and threat objects). */
  readonly outputFields: readonly string[];
}

/** What each type means, for the completion detail. */
const DETECTION_TYPE_DETAILS: Readonly<Record<string, string>> = {
  TTP: 'Tactics, techniques and procedures: a finding worth an alert on its own.',
  Anomaly: 'Unusual behaviour: adds risk to its objects, no alert on its own.',
  Hunting: 'A search for threat hunting, not scheduled for alerts.',
  Correlation: 'Combines the results (risk events) of other detections.',
};

const STATUSES: Readonly<Record<string, string>> = {
  production: 'Ready to ship and enabled in content packs.',
  experimental: 'Shipped, but still being tuned.',
  deprecated: 'Kept for reference; no longer maintained.',
};

/** contentctl's security domains. */
const SECURITY_DOMAINS = ['endpoint', 'network', 'threat', 'identity', 'access', 'audit'];

/** Asset types used by two or more detections of security_content, most used first. */
const ASSET_TYPES = [
  'Endpoint', 'O365 Tenant', 'AWS Account', 'Web Server', 'Kubernetes', 'AWS Instance', 'Azure Active Directory',
  'Network', 'Okta Tenant', 'Windows', 'Azure Tenant', 'Infrastructure', 'GSuite', 'Azure AKS Kubernetes cluster',
  'S3 Bucket', 'Google Cloud Platform tenant', 'GCP GKE Kubernetes cluster', 'AWS EKS Kubernetes cluster',
  'VPN Appliance', 'GCP Account', 'Cloud Compute Instance', 'Account', 'Identity', 'Cloud Instance',
  'Web Application', 'GitHub', 'GCP Storage Bucket', 'EC2 Snapshot', 'AWS Federated Account',
];

interface LineContext {
  /** Keys and sequence positions from the top of the document to the cursor's mapping. */
  readonly parent: KeyPath;
  /** The key whose value the cursor is in; undefined when the cursor is where a key goes. For
   * a sequence item, `parent` ends with the item (0). */
  readonly key?: string;
  /** The cursor is just after a `- ` marker: `parent` is the item (`- ¦`). */
  readonly listItem: boolean;
  /** Start of the text being typed. */
  readonly wordStart: number;
  /** Keys already present in the mapping at `parent` (not offered again). */
  readonly siblings: readonly string[];
}

interface Line {
  /** Indent of the line's first character (a `- ` marker or a key). */
  readonly indent: number;
  /** Indent of the content after `- ` markers. */
  readonly contentIndent: number;
  readonly dashes: number;
  readonly key?: string;
  readonly blank: boolean;
}

function readLine(line: string): Line {
  const indent = line.length - line.trimStart().length;
  let rest = line.slice(indent);
  let dashes = 0;
  let contentIndent = indent;
  for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
    dashes++;
    contentIndent += m[0].length;
    rest = rest.slice(m[0].length);
  }
  const key = /^([A-Za-z_][\w-]*)\s*:(\s|$)/.exec(rest)?.[1];
  return { indent, contentIndent, dashes, key, blank: rest.trim() === '' || rest.startsWith('#') };
}

/** Where the line before `end` is: the key path of a sequence item at indent `column`
 * (ending with the item, as 0) or of the mapping whose keys sit at `column`, with the keys seen
 * above at that level. Read upwards by indentation: a less-indented key is a parent, a `- `
 * marker an item; deeper lines (block scalars, nested values) are skipped. */
function pathAt(lines: readonly string[], end: number, column: number, item: boolean): { path: (string | number)[]; siblings: string[] } {
  const siblings: string[] = [];
  for (let n = end - 1; n >= 0; n--) {
    const line = readLine(lines[n]);
    if (line.blank) continue;
    if (item) {
      // Sibling items, and anything deeper, belong to the same sequence.
      if (line.indent > column || (line.indent === column && line.dashes > 0)) continue;
      if (!line.key) return { path: [], siblings };
      const owner = line.dashes > 0 ? pathAt(lines, n, line.indent, true).path : pathAt(lines, n, line.indent, false).path;
      return { path: [...owner, line.key, 0], siblings };
    }
    if (line.contentIndent > column) continue;
    if (line.dashes > 0 && line.contentIndent === column) {
      // `- field: x` above `  type: ¦`: the first key of the same item.
      if (line.key) siblings.push(line.key);
      return { path: pathAt(lines, n, line.indent, true).path, siblings };
    }
    if (line.contentIndent === column) {
      if (line.key) siblings.push(line.key);
      continue;
    }
    if (!line.key) return { path: [], siblings };
    const owner = line.dashes > 0 ? pathAt(lines, n, line.indent, true).path : pathAt(lines, n, line.indent, false).path;
    return { path: [...owner, line.key], siblings };
  }
  return { path: [], siblings };
}

/** Keys of the mapping at `column` written below the cursor line (until the mapping ends). */
function siblingsBelow(text: string, from: number, column: number): string[] {
  const keys: string[] = [];
  const lineEnd = text.indexOf('\n', from);
  if (lineEnd < 0) return keys;
  for (const raw of text.slice(lineEnd + 1).split(/\r?\n/)) {
    const line = readLine(raw);
    if (line.blank) continue;
    if (line.indent < column) break;
    if (line.indent === column && line.dashes === 0 && line.key) keys.push(line.key);
  }
  return keys;
}

function lineContext(text: string, offset: number): LineContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = text.slice(0, lineStart).split(/\r?\n/);
  lines.pop();
  const here = readLine(before);
  const content = before.slice(here.contentIndent);
  const keyValue = /^([A-Za-z_][\w-]*)\s*:\s*/.exec(content);
  const inItem = here.dashes > 0;
  const { path, siblings } = inItem ? pathAt(lines, lines.length, here.indent, true) : pathAt(lines, lines.length, here.contentIndent, false);
  if (keyValue) {
    // `key: ¦` (or `- key: ¦`, the first key of an item): the value of `key`.
    const valueText = content.slice(keyValue[0].length);
    if (/^[|>]/.test(valueText) || valueText.includes('#')) return undefined;
    return { parent: path, key: keyValue[1], listItem: false, wordStart: offset - valueText.length, siblings: inItem ? [] : siblings };
  }
  if (inItem) {
    // `- ¦`: a scalar item of the list, or the first key of a mapping item.
    return { parent: path, listItem: true, wordStart: offset - content.length, siblings: [] };
  }
  if (!/^[A-Za-z_][\w-]*$|^$/.test(content)) return undefined;
  return { parent: path, listItem: false, wordStart: offset - content.length, siblings: [...siblings, ...siblingsBelow(text, offset, here.contentIndent)] };
}

function shapeAt(root: Shape, path: KeyPath): Shape | undefined {
  let shape: Shape | undefined = root;
  for (const step of path) {
    if (!shape) return undefined;
    if (typeof step === 'number') shape = shape.kind === 'list' ? shape.item : undefined;
    else shape = shape.kind === 'map' ? shape.keys[step] : undefined;
  }
  return shape;
}

function values(names: readonly string[], details: Readonly<Record<string, string>> = {}, kind: CompletionItem['kind'] = 'value'): CompletionItem[] {
  return names.map((name, i) => ({ label: name, kind, detail: details[name], insertText: name, snippet: false, sortText: sortKey(i) }));
}

function keyItems(shape: Shape | undefined, siblings: readonly string[]): CompletionItem[] {
  if (shape?.kind !== 'map') return [];
  const required = new Set(shape.required ?? []);
  return Object.entries(shape.keys)
    .filter(([key]) => !siblings.includes(key))
    .map(([key, inner], i): CompletionItem => ({
      label: key,
      kind: 'property',
      detail: required.has(key) ? 'required' : 'optional',
      insertText: inner.kind === 'scalar' || inner.kind === 'any' ? `${key}: ` : `${key}:\n  - `,
      snippet: false,
      sortText: sortKey(i),
    }));
}

/** The last key of `path` (and the one before it), ignoring sequence positions. */
function keysOf(path: KeyPath): string[] {
  return path.filter((s): s is string => typeof s === 'string');
}

function valueItems(path: KeyPath, key: string, input: YamlCompletionInput): CompletionItem[] {
  const keys = keysOf(path);
  const parentKey = keys[keys.length - 1];
  const names = (files: readonly { name?: { value: string } }[]): string[] => [...new Set(files.flatMap((f) => (f.name ? [f.name.value] : [])))].sort();
  switch (key) {
    case 'type':
      if (parentKey === 'risk_objects' || parentKey === 'entities') return values(RISK_OBJECT_TYPES);
      if (parentKey === 'threat_objects') return values(THREAT_OBJECT_TYPES);
      return path.length === 0 ? values(Object.keys(DETECTION_TYPE_DETAILS), DETECTION_TYPE_DETAILS) : [];
    case 'status':
      return path.length === 0 ? values(Object.keys(STATUSES), STATUSES) : [];
    case 'field':
      if (parentKey === 'risk_objects' || parentKey === 'threat_objects' || parentKey === 'entities') {
        return values(input.outputFields, {}, 'field').map((i) => ({ ...i, detail: 'a field of the search results' }));
      }
      return [];
    case 'security_domain':
      return values(SECURITY_DOMAINS);
    case 'asset_type':
      return values(ASSET_TYPES);
    case 'data_source':
      return values(names(input.repository.dataSources()));
    case 'analytic_story':
      return values(names(input.repository.stories()));
    default:
      return [];
  }
}

/** Completions at `input.offset` of a detection's YAML (outside its SPL). */
export function completeDetectionYaml(input: YamlCompletionInput): Completions {
  const offset = Math.max(0, Math.min(input.offset, input.text.length));
  const context = lineContext(input.text, offset);
  if (!context) return NO_COMPLETIONS_AT(offset);
  const replace = { start: context.wordStart, end: offset };
  const shape = DETECTION_SHAPES[input.detection.generation];
  if (context.key !== undefined) return { items: valueItems(context.parent, context.key, input), replace };
  if (context.listItem) {
    // A list of scalars takes values (`data_source`, `analytic_story`); a list of mappings, keys.
    const item = shapeAt(shape, context.parent);
    if (item?.kind === 'map') return { items: keyItems(item, []), replace };
    const owner = context.parent.slice(0, -1);
    const key = owner[owner.length - 1];
    return { items: typeof key === 'string' ? valueItems(owner.slice(0, -1), key, input) : [], replace };
  }
  return { items: keyItems(shapeAt(shape, context.parent), context.siblings), replace };
}
