// The rules `contentctl validate` enforces, each reported on the YAML key or value it is about.
// Where contentctl's behaviour depends on the generation it is followed per generation, and the
// few places where this file is deliberately stricter or looser say so. Macro existence and
// arity are not checked here (the macro expander does that, with the macro table).
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { DiagnosticCode } from '../diagnostics/codes';
import type { Span } from '../text/lineIndex';
import {
  DETECTION_SHAPES,
  DETECTION_STATUSES,
  DETECTION_TYPES,
  LEGACY_OBSERVABLE_ROLES,
  LEGACY_OBSERVABLE_TYPES,
  MACRO_SHAPE,
  RISK_OBJECT_TYPES,
  THREAT_OBJECT_TYPES,
  type Shape,
} from './detectionSchema';
import type { ContentFile, Detection, Located, MacroFile } from './model';
import { baseName, fileStem } from './paths';
import { locatedString, locatedStrings, seqItems } from './readValues';
import type { ContentRepository } from './repository';
import { keySpansAt, nodeAt, spanOfNode, valueOf, type KeyPath, type YamlFile } from './yamlFile';

export interface ValidationOptions {
  /** Today as YYYY-MM-DD (the core never reads the clock). */
  readonly today: string;
}

const MAX_NAME_LENGTH = 67;
const DRILLDOWN_PLACEHOLDER = '%original_detection_search%';
const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const MITRE_ID = /^T\d{4}(\.\d{3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** contentctl's token pattern, kept exactly (greedy, so `$a$$b$` is one token): `$field$` with
 * no whitespace or dot inside. */
const MESSAGE_TOKEN = /\$([^\s.]*)\$/g;

/** Diagnostics of every file of the repository (parse errors included), keyed by path. */
export function validateRepository(repo: ContentRepository, options: ValidationOptions): Map<string, Diagnostic[]> {
  const result = new Map<string, Diagnostic[]>();
  for (const file of repo.files()) result.set(file.path, validateFile(file, repo, options));
  for (const [path, diagnostics] of duplicateDiagnostics(repo)) result.get(path)?.push(...diagnostics);
  return result;
}

/** One file's diagnostics (cross-file duplicates are only found by validateRepository). */
export function validateFile(file: ContentFile, repo: ContentRepository, options: ValidationOptions): Diagnostic[] {
  const out = [...file.diagnostics];
  if (!('yaml' in file) || file.yaml.hasSyntaxErrors || !file.yaml.root) return out;
  switch (file.kind) {
    case 'detection':
      out.push(...validateDetection(file, repo, options));
      break;
    case 'macro':
      out.push(...validateMacroFile(file));
      break;
    default:
      out.push(...requireName(file.yaml));
  }
  return out;
}

// --- detections ------------------------------------------------------------------------------

export function validateDetection(d: Detection, repo: ContentRepository, options: ValidationOptions): Diagnostic[] {
  if (d.yaml.hasSyntaxErrors || !d.yaml.root) return [];
  const out: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, at: Span | undefined): void => {
    out.push(diagnostic(code, message, at ?? firstKeySpan(d.yaml)));
  };
  // Rules contentctl 4 did not enforce (it warned, or had no such rule): on legacy content they
  // are warnings that say what contentctl 5 will reject.
  const reportStricterSinceV5 = (code: DiagnosticCode, message: string, at: Span | undefined): void => {
    if (d.generation !== 'legacy') return report(code, message, at);
    out.push({ ...diagnostic(code, `${message} (contentctl 4 accepted this; contentctl 5 rejects it.)`, at ?? firstKeySpan(d.yaml)), severity: 'warning' });
  };
  const keySpan = (path: KeyPath): Span | undefined => d.keySpans(path)?.key;
  const valueSpan = (path: KeyPath): Span | undefined => d.keySpans(path)?.value;

  checkShape(d.yaml, DETECTION_SHAPES[d.generation], [], d.generation === 'legacy' ? 'content-ignored-key' : 'content-unknown-key', out);

  const name = d.name?.value;
  if (d.name && name !== undefined) {
    if (name.length > MAX_NAME_LENGTH) {
      report('content-name-too-long', `The name has ${name.length} characters; detection names are limited to ${MAX_NAME_LENGTH}.`, d.name.span);
    }
    const expected = contentFileName(name);
    if (baseName(d.path) !== expected) {
      report('content-file-name', `The file must be named ${expected} after the detection's name (it is ${baseName(d.path)}).`, d.name.span);
    }
  }
  if (d.id && !UUID.test(d.id.value)) report('content-bad-id', `"${d.id.value}" is not a UUID.`, d.id.span);
  checkDates(d, options, report);
  checkVersion(d.yaml, report);

  const status = d.status?.value;
  const type = d.type?.value;
  if (d.status && !(DETECTION_STATUSES as readonly string[]).includes(d.status.value)) {
    report('content-bad-value', `status must be one of ${DETECTION_STATUSES.join(', ')}.`, d.status.span);
  }
  if (d.type && !(DETECTION_TYPES as readonly string[]).includes(d.type.value)) {
    report('content-bad-value', `type must be one of ${DETECTION_TYPES.join(', ')}.`, d.type.span);
  }
  const production = status === 'production';
  const searchText = d.search?.text;

  // The exact filter macro, named after the detection (contentctl derives it from the name).
  if (searchText !== undefined) {
    const stem = name !== undefined ? fileStem(contentFileName(name)) : fileStem(d.path);
    const filter = `\`${stem}_filter\``;
    if (!searchText.includes(filter)) report('content-filter-macro', `The search must contain the filter macro ${filter}.`, d.searchSpan);
  }

  checkRiskPresence(d, report, keySpan, valueSpan);
  if (production && searchText !== undefined) checkFieldsInSearch(d, searchText, report);
  checkRiskValues(d, report);

  // data_source entries name data source files; `A AND B` names two.
  for (const entry of d.dataSources) {
    for (const source of splitDataSources(entry.value)) {
      if (!repo.dataSource(source)) reportStricterSinceV5('content-unknown-data-source', `No data source is named "${source}".`, entry.span);
    }
  }
  for (const story of d.stories) {
    if (!repo.story(story.value)) report('content-unknown-story', `No analytic story is named "${story.value}".`, story.span);
  }

  if (production && type !== 'Correlation' && !d.manualTest && d.tests.length === 0) {
    report('content-tests-required', 'Production detections need at least one test (or tags.manual_test).', keySpan(['tests']) ?? d.status?.span);
  }
  if (production && type !== 'Hunting') {
    const withPlaceholder = d.drilldowns.some((dd) => dd.search?.text.includes(DRILLDOWN_PLACEHOLDER));
    if (d.drilldowns.length < 2 || !withPlaceholder) {
      const why = d.drilldowns.length < 2 ? `it has ${d.drilldowns.length}` : `none contains ${DRILLDOWN_PLACEHOLDER}`;
      report('content-drilldowns-required', `Production ${type ?? ''} detections need two drilldown_searches, one with ${DRILLDOWN_PLACEHOLDER}; ${why}.`, keySpan(['drilldown_searches']) ?? d.status?.span);
    }
  }

  // Output fields of the referenced data sources must occur in the search (case-insensitive,
  // like the other occurrence checks; production only, like them).
  if (production && searchText !== undefined) {
    const lowerSearch = searchText.toLowerCase();
    for (const entry of d.dataSources) {
      for (const sourceName of splitDataSources(entry.value)) {
        for (const field of repo.dataSource(sourceName)?.outputFields ?? []) {
          if (!lowerSearch.includes(field.value.toLowerCase())) {
            report('content-output-field-missing', `The data source "${sourceName}" lists "${field.value}" in output_fields, but the search never mentions it.`, entry.span);
          }
        }
      }
    }
  }

  checkMitre(d.mitreIds, report, reportStricterSinceV5);
  return out;
}

type Report = (code: DiagnosticCode, message: string, at: Span | undefined) => void;

/** contentctl's file name for a piece of content: the name lowercased, with space, `-`, `.` and
 * `/` each replaced by `_`, plus `.yml`. */
export function contentFileName(name: string): string {
  return `${name.replace(/[ \-./]/g, '_').toLowerCase()}.yml`;
}

export function splitDataSources(entry: string): string[] {
  return entry
    .split(/\s+AND\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkDates(d: Detection, options: ValidationOptions, report: Report): void {
  const dates: [string, Located<string> | undefined][] = [[d.generation === 'escu6' ? 'creation_date' : 'date', d.date]];
  if (d.generation === 'escu6') dates.push(['modification_date', d.modificationDate]);
  for (const [key, date] of dates) {
    if (!date) continue;
    if (!isRealDate(date.value)) report('content-bad-value', `${key} must be a date written YYYY-MM-DD.`, date.span);
    else if (date.value > options.today) report('content-future-date', `${key} ${date.value} lies after today (${options.today}).`, date.span);
  }
}

function isRealDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, day));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === day;
}

/** contentctl reads `version` as a NonNegativeInt (lax: "3" passes, 3.5 and -1 do not). */
function checkVersion(file: YamlFile, report: Report): void {
  const node = valueOf(file.root, 'version');
  if (node === undefined) return;
  const value = isScalar(node) ? node.value : undefined;
  const ok = (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'string' && /^\d+$/.test(value));
  if (!ok) report('content-bad-version', 'version must be a non-negative integer.', spanOfNode(file, node));
}

function checkRiskPresence(d: Detection, report: Report, keySpan: (p: KeyPath) => Span | undefined, valueSpan: (p: KeyPath) => Span | undefined): void {
  const type = d.type?.value;
  const wantsRisk = type === 'TTP' || type === 'Anomaly';
  if (d.generation === 'legacy') {
    // contentctl 4: production TTP/Anomaly need an observable with the Victim role. Every legacy
    // detection carries tags.message/risk_score, so "must not have one" does not apply.
    if (!wantsRisk || d.status?.value !== 'production') return;
    const victims = seqItems(nodeAt(d.yaml.root, ['tags', 'observable'])).filter((o) =>
      locatedStrings(d.yaml, valueOf(o, 'role')).some((r) => r.value === 'Victim'),
    );
    if (victims.length === 0) {
      report('content-risk-required', `Production ${type} detections need at least one tags.observable with the Victim role.`, keySpan(['tags', 'observable']) ?? keySpan(['tags']));
    }
    return;
  }
  const blockKey = d.generation === 'v5' ? 'rba' : d.yaml.root && valueOf(d.yaml.root, 'intermediate_findings') !== undefined ? 'intermediate_findings' : 'finding';
  if (wantsRisk && (!d.risk || d.risk.riskObjects.length === 0)) {
    const where = d.generation === 'v5' ? 'an rba block' : 'intermediate_findings (or finding) entities';
    report('content-risk-required', `${type} detections need ${where} with at least one risk object.`, keySpan([blockKey]) ?? valueSpan(['type']));
  }
  if ((type === 'Hunting' || type === 'Correlation') && d.risk) {
    const at = keySpan([blockKey]) ?? keySpan(['threat_objects']);
    report('content-risk-forbidden', `${type} detections must not have a risk block.`, at);
  }
}

/** contentctl's check: every risk/threat object field and every message token occurs in the
 * search, as a case-insensitive substring (a stricter output-field check lives elsewhere). */
function checkFieldsInSearch(d: Detection, search: string, report: Report): void {
  if (!d.risk) return;
  const lower = search.toLowerCase();
  for (const o of [...d.risk.riskObjects, ...d.risk.threatObjects]) {
    if (!lower.includes(o.field.value.toLowerCase())) {
      report('content-field-not-in-search', `The field "${o.field.value}" does not occur in the search.`, o.field.span);
    }
  }
  for (const message of d.risk.messages) {
    for (const m of message.text.matchAll(MESSAGE_TOKEN)) {
      const field = m[1];
      if (field === '' || lower.includes(field.toLowerCase())) continue;
      const at = message.toFileSpan({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
      report('content-field-not-in-search', `The message token $${field}$ names a field that does not occur in the search.`, at);
    }
  }
}

function checkRiskValues(d: Detection, report: Report): void {
  const file = d.yaml;
  if (d.generation === 'legacy') {
    const score = nodeAt(file.root, ['tags', 'risk_score']);
    if (score !== undefined) checkScore(file, score, report);
    seqItems(nodeAt(file.root, ['tags', 'observable'])).forEach((o) => {
      const type = locatedString(file, valueOf(o, 'type'));
      if (type && !(LEGACY_OBSERVABLE_TYPES as readonly string[]).includes(type.value)) {
        report('content-bad-observable', `"${type.value}" is not an observable type contentctl 4 knows.`, type.span);
      }
      const roles = locatedStrings(file, valueOf(o, 'role'));
      for (const role of roles) {
        if (!(LEGACY_OBSERVABLE_ROLES as readonly string[]).includes(role.value)) {
          report('content-bad-observable', `"${role.value}" is not an observable role contentctl 4 knows.`, role.span);
        }
      }
    });
    return;
  }
  for (const o of d.risk?.riskObjects ?? []) {
    if (!(RISK_OBJECT_TYPES as readonly string[]).includes(o.type.value)) {
      report('content-bad-risk-type', `Risk object type "${o.type.value}" is not one of ${RISK_OBJECT_TYPES.join(', ')}.`, o.type.span);
    }
    const score = nodeAt(file.root, [...o.path, 'score']);
    if (score !== undefined) checkScore(file, score, report);
  }
  for (const o of d.risk?.threatObjects ?? []) {
    if (!(THREAT_OBJECT_TYPES as readonly string[]).includes(o.type.value)) {
      report('content-bad-threat-type', `Threat object type "${o.type.value}" is not one of the 26 contentctl accepts.`, o.type.span);
    }
  }
}

function checkScore(file: YamlFile, node: unknown, report: Report): void {
  const value = isScalar(node) ? node.value : undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(Number.isInteger(n) && n >= 1 && n <= 100)) {
    report('content-bad-risk-score', 'Risk scores are integers from 1 to 100.', spanOfNode(file, node));
  }
}

function checkMitre(ids: readonly Located<string>[], report: Report, reportOverlap: Report): void {
  const listed = new Set(ids.map((i) => i.value));
  for (const id of ids) {
    if (!MITRE_ID.test(id.value)) {
      report('content-bad-mitre-id', `"${id.value}" is not a MITRE ATT&CK id (T1234 or T1234.001).`, id.span);
      continue;
    }
    if (!id.value.includes('.')) {
      const sub = [...listed].find((other) => other.startsWith(`${id.value}.`));
      if (sub) reportOverlap('content-mitre-overlap', `${id.value} is listed together with its own sub-technique ${sub}.`, id.span);
    }
  }
}

// --- shape: unknown keys, missing keys, wrong kinds of values ----------------------------------

function checkShape(file: YamlFile, shape: Shape, path: KeyPath, unknownCode: DiagnosticCode, out: Diagnostic[], node: unknown = file.root): void {
  if (node === undefined || node === null || shape.kind === 'any') return;
  if (isScalar(node) && node.value === null) return; // `key:` with nothing: reported by the rules that need a value
  const where = (): Span => keySpansAt(file, path)?.key ?? spanOfNode(file, node) ?? firstKeySpan(file);
  const label = (): string => (path.length === 0 ? 'the file' : pathLabel(path));
  switch (shape.kind) {
    case 'scalar':
      if (!isScalar(node)) out.push(diagnostic('content-bad-value', `${label()} must be a single value.`, where()));
      return;
    case 'list':
      if (!isSeq(node)) {
        out.push(diagnostic('content-bad-value', `${label()} must be a list.`, where()));
        return;
      }
      node.items.forEach((item, i) => checkShape(file, shape.item, [...path, i], unknownCode, out, item));
      return;
    case 'map': {
      if (!isMap(node)) {
        out.push(diagnostic('content-bad-value', `${label()} must be a mapping of keys to values.`, where()));
        return;
      }
      const present = new Set<string>();
      for (const pair of node.items as Pair[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        present.add(key);
        const inner = shape.keys[key];
        if (!inner) {
          const span = spanOfNode(file, pair.key) ?? where();
          const message =
            unknownCode === 'content-ignored-key'
              ? `${pathLabel([...path, key])} is not a key of the legacy model: contentctl 4 ignored it, contentctl 5 rejects it.`
              : `${pathLabel([...path, key])} is not a key contentctl accepts here.`;
          out.push(diagnostic(unknownCode, message, span));
          continue;
        }
        const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
        if (empty && shape.required?.includes(key)) {
          out.push(diagnostic('content-bad-value', `${pathLabel([...path, key])} has no value.`, spanOfNode(file, pair.key) ?? where()));
          continue;
        }
        if (inner.kind !== 'scalar' || !isScalar(pair.value)) checkShape(file, inner, [...path, key], unknownCode, out, pair.value);
      }
      for (const key of shape.required ?? []) {
        if (!present.has(key)) out.push(diagnostic('content-missing-key', `${pathLabel([...path, key])} is required.`, where()));
      }
    }
  }
}

function pathLabel(path: KeyPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Where to report something about the whole file: its first key. */
function firstKeySpan(file: YamlFile): Span {
  const first = file.root?.items[0]?.key;
  return spanOfNode(file, first) ?? { start: 0, end: 0 };
}

// --- other files ------------------------------------------------------------------------------

export function validateMacroFile(file: MacroFile): Diagnostic[] {
  if (file.yaml.hasSyntaxErrors || !file.yaml.root) return [];
  const out: Diagnostic[] = [];
  checkShape(file.yaml, MACRO_SHAPE, [], 'content-unknown-key', out);
  if (file.name && file.name.value !== fileStem(file.path)) {
    out.push(diagnostic('content-macro-name-mismatch', `The macro is named "${file.name.value}" but its file is ${baseName(file.path)}.`, file.name.span));
  }
  return out;
}

function requireName(file: YamlFile): Diagnostic[] {
  if (valueOf(file.root, 'name') !== undefined) return [];
  return [diagnostic('content-missing-key', 'name is required.', firstKeySpan(file))];
}

/** contentctl keeps one table of names and one of ids over all content: duplicates fail. */
export function duplicateDiagnostics(repo: ContentRepository): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const add = (path: string, d: Diagnostic): void => {
    const list = out.get(path);
    if (list) list.push(d);
    else out.set(path, [d]);
  };
  const byName = new Map<string, { file: ContentFile; span: Span }[]>();
  const byId = new Map<string, { file: ContentFile; span: Span }[]>();
  for (const file of repo.files()) {
    if (!('yaml' in file) || file.kind === 'macro' || file.yaml.hasSyntaxErrors) continue;
    const name = locatedString(file.yaml, valueOf(file.yaml.root, 'name'));
    const id = locatedString(file.yaml, valueOf(file.yaml.root, 'id'));
    if (name) pushTo(byName, `${file.kind}\u0000${name.value}`, { file, span: name.span });
    if (id) pushTo(byId, id.value.toLowerCase(), { file, span: id.span });
  }
  for (const [what, table] of [['name', byName], ['id', byId]] as const) {
    for (const entries of table.values()) {
      if (entries.length < 2) continue;
      for (const e of entries) {
        const others = entries.filter((o) => o !== e).map((o) => baseName(o.file.path));
        add(e.file.path, diagnostic('content-duplicate', `Another file has the same ${what}: ${others.join(', ')}.`, e.span));
      }
    }
  }
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
