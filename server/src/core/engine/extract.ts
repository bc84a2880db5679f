// Fields of a raw event, as Splunk's JSON extraction and an add-on's aliases give them:
// - every JSON leaf is a field named by its dotted path (`process_exec.process.binary`); array
//   elements add `{}` (`process_exec.ancestors{}.binary`) and make the field multivalue;
// - `_raw` is the line, `_time` comes from the sourcetype's time rule (epoch seconds);
// - `sourcetype`, `source`, `host`, `index` are metadata of the input, not of the JSON;
// - field definitions (fieldDefinitions.ts) add computed fields and replace JSON fields of the
//   same name.
// Extraction is planned once per sourcetype and field list: the engine asks only for the fields
// its pipeline reads (a full flattening of a 60-leaf event costs more than the search itself) and
// for everything only when a stage needs all fields (`table *`, `fields x*`, `fillnull`, ...).
// JSON null leaves are absent fields (Splunk shows the text "null"; unsure, and absent is what
// `isnull()` and `stats ... by` users expect); booleans are the strings "true" and "false".
import { rulesFor, type FieldDefinitions, type FieldRule } from './fieldDefinitions';
import { parseTimeValue, strptime } from './time/timeFormat';
import { newRow, scalarText, setField, type FieldValue, type Row, type Scalar } from './values';

export interface EventMetadata {
  readonly sourcetype?: string;
  readonly source?: string;
  readonly host?: string;
  readonly index?: string;
}

/** One event as the engine receives it. */
export interface RawEvent {
  /** The line as read (without its line break). */
  readonly raw: string;
  /** The parsed JSON when the reader already parsed it; otherwise parsed on demand. */
  readonly json?: unknown;
  /** Shared by every event of one input (the test's attack_data entry, CLI options). */
  readonly metadata?: EventMetadata;
  readonly file?: string;
  readonly line?: number;
}

export const METADATA_FIELDS = ['sourcetype', 'source', 'host', 'index'] as const;

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function leafScalar(v: unknown): Scalar | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

function continuePath(value: unknown, path: string, pos: number, out: Scalar[]): void {
  if (pos === path.length) {
    const leaf = leafScalar(value);
    if (leaf !== undefined) out.push(leaf);
    return;
  }
  if (path.startsWith('{}', pos)) {
    if (Array.isArray(value)) for (const element of value) continuePath(element, path, pos + 2, out);
    return;
  }
  if (path.charCodeAt(pos) === 46 /* . */ && isObject(value)) resolvePath(value, path, pos + 1, out);
}

/** Appends the values at `path` (from `pos`) under `node`. Keys may contain dots
 * (`node_labels.kubernetes.io/hostname`): the plain split is tried first, then every key that
 * fits. */
function resolvePath(node: JsonObject, path: string, pos: number, out: Scalar[]): void {
  let end = pos;
  while (end < path.length && path.charCodeAt(end) !== 46 && !(path.charCodeAt(end) === 123 && path.charCodeAt(end + 1) === 125)) end++;
  const segment = path.slice(pos, end);
  if (Object.prototype.hasOwnProperty.call(node, segment)) {
    continuePath(node[segment], path, end, out);
    if (out.length > 0 || end === path.length) return;
  }
  for (const key of Object.keys(node)) {
    if (key.length <= segment.length || !path.startsWith(key, pos)) continue;
    const next = pos + key.length;
    if (next === path.length || path.charCodeAt(next) === 46 || path.startsWith('{}', next)) continuePath(node[key], path, next, out);
  }
}

/** The values of a JSON field name in a parsed event (empty when absent). */
export function jsonFieldValues(json: unknown, path: string): Scalar[] {
  const out: Scalar[] = [];
  if (isObject(json)) resolvePath(json, path, 0, out);
  return out;
}

function addFlat(out: Map<string, Scalar[]>, name: string, value: Scalar): void {
  const list = out.get(name);
  if (list) list.push(value);
  else out.set(name, [value]);
}

function flattenArray(array: readonly unknown[], name: string, out: Map<string, Scalar[]>): void {
  for (const element of array) {
    if (Array.isArray(element)) flattenArray(element, `${name}{}`, out);
    else if (isObject(element)) flattenObject(element, name, out);
    else {
      const leaf = leafScalar(element);
      if (leaf !== undefined) addFlat(out, name, leaf);
    }
  }
}

function flattenObject(node: JsonObject, prefix: string, out: Map<string, Scalar[]>): void {
  for (const key of Object.keys(node)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    const value = node[key];
    if (Array.isArray(value)) flattenArray(value, `${name}{}`, out);
    else if (isObject(value)) flattenObject(value, name, out);
    else {
      const leaf = leafScalar(value);
      if (leaf !== undefined) addFlat(out, name, leaf);
    }
  }
}

/** Every JSON leaf of an event, by field name, in document order. */
export function flattenJson(json: unknown): Map<string, Scalar[]> {
  const out = new Map<string, Scalar[]>();
  if (isObject(json)) flattenObject(json, '', out);
  return out;
}

function basename(value: Scalar): string {
  const text = scalarText(value);
  const cut = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
  return cut < 0 ? text : text.slice(cut + 1);
}

function asValue(values: readonly Scalar[]): FieldValue | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

type Getter = (json: unknown) => FieldValue | undefined;

function firstPresent(paths: readonly string[], json: unknown): Scalar[] {
  for (const path of paths) {
    const values = jsonFieldValues(json, path);
    if (values.length) return values;
  }
  return [];
}

function ruleGetter(rule: FieldRule): Getter {
  const fallback = rule.fallback ? ruleGetter(rule.fallback) : undefined;
  const primary = ruleGetterWithoutFallback(rule);
  return fallback ? (json) => primary(json) ?? fallback(json) : primary;
}

function ruleGetterWithoutFallback(rule: FieldRule): Getter {
  switch (rule.kind) {
    case 'alias':
      return (json) => asValue(firstPresent(rule.paths, json));
    case 'basename':
      return (json) => asValue(firstPresent(rule.paths, json).map(basename));
    case 'concat':
      return (json) => {
        const first = jsonFieldValues(json, rule.paths[0]);
        if (first.length === 0) return undefined;
        const parts = [first.map(scalarText).join(rule.separator)];
        for (let i = 1; i < rule.paths.length; i++) {
          const values = jsonFieldValues(json, rule.paths[i]);
          if (values.length) parts.push(values.map(scalarText).join(rule.separator));
        }
        return parts.join(rule.separator);
      };
    case 'time':
      return (json) => {
        const values = firstPresent(rule.paths, json);
        if (values.length === 0) return undefined;
        const v = values[0];
        if (rule.format !== undefined) return strptime(scalarText(v), rule.format);
        return parseTimeValue(v);
      };
  }
}

export type EventFieldSetter = (row: Row, event: RawEvent, json: unknown) => void;

function fieldSetter(name: string, rules: ReadonlyMap<string, FieldRule>): EventFieldSetter {
  if (name === '_raw') return (row, event) => (row._raw = event.raw);
  if ((METADATA_FIELDS as readonly string[]).includes(name)) {
    const key = name as (typeof METADATA_FIELDS)[number];
    return (row, event) => setField(row, name, event.metadata?.[key]);
  }
  const rule = rules.get(name);
  if (rule) {
    const get = ruleGetter(rule);
    return (row, _event, json) => setField(row, name, get(json));
  }
  return (row, _event, json) => setField(row, name, asValue(jsonFieldValues(json, name)));
}

/** How to fill a row with some fields of events of one sourcetype. */
export interface ExtractionPlan {
  readonly fields: readonly string[] | 'all';
  apply(row: Row, event: RawEvent, json: unknown): void;
}

function allFieldsPlan(rules: ReadonlyMap<string, FieldRule>): ExtractionPlan {
  const computed = [...rules.keys()].filter((n) => n !== '_time').map((n) => fieldSetter(n, rules));
  const time = fieldSetter('_time', rules);
  const metadata = METADATA_FIELDS.map((n) => fieldSetter(n, rules));
  return {
    fields: 'all',
    apply(row, event, json) {
      time(row, event, json);
      for (const [name, values] of flattenJson(json)) {
        if (!(name in row)) row[name] = values.length === 1 ? values[0] : values;
      }
      for (const set of computed) set(row, event, json);
      for (const set of metadata) set(row, event, json);
      row._raw = event.raw;
    },
  };
}

/** Plans extraction for one sourcetype; plans are cached by field list. */
export class FieldExtractor {
  private readonly plans = new Map<string, ExtractionPlan>();

  constructor(private readonly definitions: FieldDefinitions) {}

  /** The plan for `fields` ('all' for every field) of events of `sourcetype`. Fields already in
   * the row are kept (so a second phase can add to the first one's row). */
  plan(sourcetype: string | undefined, fields: readonly string[] | 'all'): ExtractionPlan {
    const key = `${sourcetype ?? ''}\u0000${fields === 'all' ? '*all*' : fields.join('\u0000')}`;
    let plan = this.plans.get(key);
    if (plan) return plan;
    const rules = rulesFor(this.definitions, sourcetype);
    if (fields === 'all') plan = allFieldsPlan(rules);
    else {
      const setters = fields.map((f) => fieldSetter(f, rules));
      plan = {
        fields,
        apply(row, event, json) {
          for (const set of setters) set(row, event, json);
        },
      };
    }
    this.plans.set(key, plan);
    return plan;
  }

  /** Every field of one event (for previews and tests). */
  extractAll(event: RawEvent): Row {
    const row = newRow();
    this.plan(event.metadata?.sourcetype, 'all').apply(row, event, parseEventJson(event).json);
    return row;
  }
}

/** The event's JSON object: the reader's, or parsed now. `error` says why there is none. */
export function parseEventJson(event: RawEvent): { json: unknown; error?: string } {
  if (event.json !== undefined) return { json: event.json };
  try {
    const json: unknown = JSON.parse(event.raw);
    if (!isObject(json)) return { json: undefined, error: `not a JSON object (${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json})` };
    return { json };
  } catch (error) {
    // Worded as the NDJSON reader words it (the reader leaves lines that look like objects to us).
    return { json: undefined, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
