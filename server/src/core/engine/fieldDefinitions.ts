// Search-time field definitions per sourcetype: what an add-on's props.conf adds to the fields
// Splunk extracts from JSON (FIELDALIAS- and simple EVAL- stanzas). They are data, in one
// user-editable JSON file (fieldDefinitions.default.json describes the vocabulary); the engine
// takes the parsed value. Rules read JSON leaves only (never other definitions), so the order of
// definitions does not matter and a field costs what its rule reads.
import defaultDefinitionsJson from './fieldDefinitions.default.json';

export type FieldRule =
  | { readonly kind: 'alias'; readonly paths: readonly string[]; readonly fallback?: FieldRule }
  | { readonly kind: 'basename'; readonly paths: readonly string[]; readonly fallback?: FieldRule }
  | { readonly kind: 'concat'; readonly paths: readonly string[]; readonly separator: string; readonly fallback?: FieldRule }
  | { readonly kind: 'time'; readonly paths: readonly string[]; readonly format?: string; readonly fallback?: FieldRule };

export interface FieldDefinitions {
  /** sourcetype -> field name -> rule. The `*` entry applies to every sourcetype. */
  readonly bySourcetype: ReadonlyMap<string, ReadonlyMap<string, FieldRule>>;
}

export interface FieldDefinitionsProblem {
  /** Where in the document: `sourcetypes.cisco:isovalent:processExec.process`. */
  readonly path: string;
  readonly message: string;
}

export const EMPTY_FIELD_DEFINITIONS: FieldDefinitions = { bySourcetype: new Map() };

const RULE_KEYS = ['alias', 'basename', 'concat', 'time'] as const;
const OTHER_KEYS = new Set(['separator', 'format', 'fallback', 'description']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function pathsOf(v: unknown): string[] | undefined {
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string' && p !== '')) return v as string[];
  return undefined;
}

function parseRule(value: unknown, where: string, problems: FieldDefinitionsProblem[]): FieldRule | undefined {
  if (!isObject(value)) {
    problems.push({ path: where, message: 'a field definition is an object such as {"alias": "a.b"}' });
    return undefined;
  }
  const kinds = RULE_KEYS.filter((k) => k in value);
  if (kinds.length !== 1) {
    problems.push({ path: where, message: `a field definition has exactly one of ${RULE_KEYS.join(', ')} (found ${kinds.length ? kinds.join(', ') : 'none'})` });
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!(RULE_KEYS as readonly string[]).includes(key) && !OTHER_KEYS.has(key)) problems.push({ path: `${where}.${key}`, message: `unknown key "${key}"` });
  }
  const kind = kinds[0];
  const paths = pathsOf(value[kind]);
  if (!paths) {
    problems.push({ path: `${where}.${kind}`, message: 'expected a field path or a non-empty list of paths' });
    return undefined;
  }
  const fallback = value.fallback === undefined ? undefined : parseRule(value.fallback, `${where}.fallback`, problems);
  const withFallback = <T extends object>(rule: T): T => (fallback ? { ...rule, fallback } : rule);
  if (kind === 'concat') {
    const separator = value.separator ?? ' ';
    if (typeof separator !== 'string') {
      problems.push({ path: `${where}.separator`, message: 'separator is a string' });
      return undefined;
    }
    return withFallback({ kind, paths, separator });
  }
  if (kind === 'time') {
    if (value.format !== undefined && typeof value.format !== 'string') {
      problems.push({ path: `${where}.format`, message: 'format is a strptime string such as "%Y-%m-%dT%H:%M:%S"' });
      return undefined;
    }
    return withFallback(value.format === undefined ? { kind, paths } : { kind, paths, format: value.format as string });
  }
  return withFallback({ kind, paths });
}

/** Reads a field-definitions document (the parsed JSON). Bad entries are skipped and reported;
 * the rest is usable. */
export function parseFieldDefinitions(document: unknown): { definitions: FieldDefinitions; problems: FieldDefinitionsProblem[] } {
  const problems: FieldDefinitionsProblem[] = [];
  const bySourcetype = new Map<string, Map<string, FieldRule>>();
  if (!isObject(document) || !isObject(document.sourcetypes)) {
    problems.push({ path: '', message: 'expected an object with a "sourcetypes" object' });
    return { definitions: { bySourcetype }, problems };
  }
  for (const [sourcetype, fields] of Object.entries(document.sourcetypes)) {
    const where = `sourcetypes.${sourcetype}`;
    if (!isObject(fields)) {
      problems.push({ path: where, message: 'expected an object of field definitions' });
      continue;
    }
    const rules = new Map<string, FieldRule>();
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'description') continue;
      const rule = parseRule(value, `${where}.${field}`, problems);
      if (rule) rules.set(field, rule);
    }
    bySourcetype.set(sourcetype, rules);
  }
  return { definitions: { bySourcetype }, problems };
}

/** Merges definitions: entries of later ones replace earlier ones field by field (a user's file
 * over the shipped defaults). */
export function mergeFieldDefinitions(...all: readonly FieldDefinitions[]): FieldDefinitions {
  const bySourcetype = new Map<string, Map<string, FieldRule>>();
  for (const defs of all) {
    for (const [sourcetype, rules] of defs.bySourcetype) {
      const target = bySourcetype.get(sourcetype) ?? new Map<string, FieldRule>();
      for (const [field, rule] of rules) target.set(field, rule);
      bySourcetype.set(sourcetype, target);
    }
  }
  return { bySourcetype };
}

/** The rules that apply to events of `sourcetype`: its own over the `*` ones. */
export function rulesFor(definitions: FieldDefinitions, sourcetype: string | undefined): ReadonlyMap<string, FieldRule> {
  const general = definitions.bySourcetype.get('*');
  const own = sourcetype === undefined ? undefined : definitions.bySourcetype.get(sourcetype);
  if (!general) return own ?? new Map();
  if (!own) return general;
  return new Map([...general, ...own]);
}

let defaults: FieldDefinitions | undefined;

/** The definitions shipped with the extension (fieldDefinitions.default.json). */
export function defaultFieldDefinitions(): FieldDefinitions {
  if (!defaults) {
    const { definitions, problems } = parseFieldDefinitions(defaultDefinitionsJson);
    if (problems.length) throw new Error(`fieldDefinitions.default.json: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    defaults = definitions;
  }
  return defaults;
}
