// The content model: what each file of a content repository says, with positions. Detections of
// all three generations (legacy 2024, contentctl v5, ESCU 6) are normalised into one shape so
// consumers (analysis, engine, editor features) need not know which one they read.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { MacroDefinition } from '../macros/macroDefinition';
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import type { KeyPath, YamlFile } from './yamlFile';

/** A value read from a file, with the file span it was written at. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

export type ContentKind =
  | 'detection'
  | 'macro'
  | 'data-source'
  | 'story'
  | 'lookup'
  | 'lookup-table'
  | 'deployment'
  | 'macros-conf'
  | 'other';

/** What every content file has. `diagnostics` are the parse-level ones (YAML syntax, not a
 * mapping); content rules live in validate.ts. */
interface ContentFileBase {
  readonly path: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Spans of the key and of the value at a key path, for diagnostics. */
export type KeySpans = (path: KeyPath) => { readonly key: Span; readonly value: Span } | undefined;

/** A YAML content file: the parsed document stays reachable for rules and editor features. */
interface YamlContentFile extends ContentFileBase {
  readonly yaml: YamlFile;
  readonly keySpans: KeySpans;
}

export type Generation = 'legacy' | 'v5' | 'escu6';

export interface RiskObject {
  readonly field: Located<string>;
  /** system | user | other (legacy observables are mapped the way contentctl 4 did). */
  readonly type: Located<string>;
  readonly score: Located<number> | undefined;
  /** Where it was declared: `rba.risk_objects[i]`, `tags.observable[i]`, `intermediate_findings.entities[i]`. */
  readonly path: KeyPath;
}

export interface ThreatObject {
  readonly field: Located<string>;
  readonly type: Located<string>;
  readonly path: KeyPath;
}

export interface RiskBlock {
  /** The (first) risk message with its `$field$` tokens. */
  readonly message: Located<string> | undefined;
  /** Every message, mapped into the file (ESCU 6 has one per entity). */
  readonly messages: readonly SourceText[];
  readonly riskObjects: readonly RiskObject[];
  readonly threatObjects: readonly ThreatObject[];
}

export interface Drilldown {
  readonly name: Located<string> | undefined;
  readonly search: SourceText | undefined;
  readonly searchSpan: Span | undefined;
  readonly earliestOffset: Located<string> | undefined;
  readonly latestOffset: Located<string> | undefined;
}

export interface AttackData {
  readonly data: Located<string> | undefined;
  readonly source: Located<string> | undefined;
  readonly sourcetype: Located<string> | undefined;
}

export interface DetectionTest {
  readonly name: Located<string> | undefined;
  readonly testType: Located<string> | undefined;
  readonly attackData: readonly AttackData[];
}

export interface Detection extends YamlContentFile {
  readonly kind: 'detection';
  readonly generation: Generation;
  readonly name: Located<string> | undefined;
  readonly id: Located<string> | undefined;
  readonly version: Located<number> | undefined;
  /** `date`, or `creation_date` in ESCU 6 (YYYY-MM-DD as written). */
  readonly date: Located<string> | undefined;
  readonly modificationDate: Located<string> | undefined;
  readonly status: Located<string> | undefined;
  readonly type: Located<string> | undefined;
  readonly author: Located<string> | undefined;
  readonly description: Located<string> | undefined;
  /** `data_source` entries as written (`A AND B` is one entry naming two sources). */
  readonly dataSources: readonly Located<string>[];
  readonly search: SourceText | undefined;
  /** File span of the search value (for diagnostics on the whole search). */
  readonly searchSpan: Span | undefined;
  readonly drilldowns: readonly Drilldown[];
  readonly risk: RiskBlock | undefined;
  readonly stories: readonly Located<string>[];
  readonly mitreIds: readonly Located<string>[];
  readonly tests: readonly DetectionTest[];
  /** `tags.manual_test` (or top-level in ESCU 6): the detection is tested by hand. */
  readonly manualTest: Located<string> | undefined;
  /** Key path prefix of the keys that live under `tags` in legacy/v5 and at the top in ESCU 6. */
  readonly tagsPath: KeyPath;
}

export interface MacroFile extends YamlContentFile {
  readonly kind: 'macro';
  readonly name: Located<string> | undefined;
  /** Undefined when the file has no usable name or definition. */
  readonly macro: MacroDefinition | undefined;
}

export interface SupportedTA {
  readonly name: string | undefined;
  readonly url: string | undefined;
  readonly version: string | undefined;
}

export interface DataSource extends YamlContentFile {
  readonly kind: 'data-source';
  readonly name: Located<string> | undefined;
  readonly source: Located<string> | undefined;
  readonly sourcetype: Located<string> | undefined;
  readonly fields: readonly Located<string>[];
  readonly outputFields: readonly Located<string>[];
  readonly exampleLog: SourceText | undefined;
  readonly supportedTAs: readonly SupportedTA[];
}

export interface Story extends YamlContentFile {
  readonly kind: 'story';
  readonly name: Located<string> | undefined;
  readonly id: Located<string> | undefined;
  readonly status: Located<string> | undefined;
  readonly description: Located<string> | undefined;
  readonly narrative: Located<string> | undefined;
}

export interface Lookup extends YamlContentFile {
  readonly kind: 'lookup';
  readonly name: Located<string> | undefined;
  /** The CSV (or model) file it describes, a name relative to the lookups folder. */
  readonly filename: Located<string> | undefined;
  /** KV-store lookups name a collection instead of a file. */
  readonly collection: Located<string> | undefined;
  /** `fields_list` (KV store) or `fields`, split into names. */
  readonly fields: readonly string[];
  readonly description: Located<string> | undefined;
}

/** `deployments/*.yml` (legacy, v5) or `schedules/*.yml` (ESCU 6). */
export interface Deployment extends YamlContentFile {
  readonly kind: 'deployment';
  readonly name: Located<string> | undefined;
  readonly cronSchedule: Located<string> | undefined;
  readonly earliestTime: Located<string> | undefined;
  readonly latestTime: Located<string> | undefined;
  /** The detection type it applies to: `type:` when present, else taken from a schedule's name
   * (`Default EventBasedDetection` gives `EventBasedDetection`). */
  readonly appliesTo: string | undefined;
  readonly schedule: boolean;
}

/** A lookup's CSV as text; parsing it is the engine's business. */
export interface LookupTable extends ContentFileBase {
  readonly kind: 'lookup-table';
}

/** A Splunk `macros.conf`, kept as text for the macros module to parse. */
export interface MacrosConfFile extends ContentFileBase {
  readonly kind: 'macros-conf';
}

/** A YAML file in no folder the model knows (contentctl.yml, baselines, ...). */
export interface OtherFile extends ContentFileBase {
  readonly kind: 'other';
}

export type ContentFile = Detection | MacroFile | DataSource | Story | Lookup | Deployment | LookupTable | MacrosConfFile | OtherFile;
