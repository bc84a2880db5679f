// The keys each generation of detection YAML may use, as data. Derived from contentctl's
// models (pydantic, every v5 model `extra="forbid"`) and checked against the corpus: the 2024
// snapshot for legacy, the Isovalent files for v5 and ESCU 6. contentctl 4 (legacy) did not
// forbid extra keys, it ignored them; validate.ts reports those as warnings.
import type { Generation } from './model';

export type Shape =
  | { readonly kind: 'map'; readonly keys: Readonly<Record<string, Shape>>; readonly required?: readonly string[] }
  | { readonly kind: 'list'; readonly item: Shape }
  | { readonly kind: 'scalar' }
  /** A value whose inner shape is not known well enough to check (ESCU 6 `finding`). */
  | { readonly kind: 'any' };

const scalar: Shape = { kind: 'scalar' };
const any: Shape = { kind: 'any' };
const list = (item: Shape): Shape => ({ kind: 'list', item });
const map = (keys: Record<string, Shape>, required: readonly string[] = Object.keys(keys)): Shape => ({ kind: 'map', keys, required });

const drilldown = map({ name: scalar, search: scalar, earliest_offset: scalar, latest_offset: scalar });

const attackData = map(
  { data: scalar, source: scalar, sourcetype: scalar, custom_index: scalar, host: scalar, update_timestamp: scalar },
  ['data', 'source', 'sourcetype'],
);

const unitTest = map({ name: scalar, attack_data: list(attackData) });
const escu6Test = map({ name: scalar, attack_data: list(attackData), test_type: scalar }, ['name', 'attack_data']);

/** Keys of every generation's top level. */
const COMMON = {
  name: scalar,
  id: scalar,
  version: scalar,
  author: scalar,
  status: scalar,
  type: scalar,
  description: scalar,
  data_source: list(scalar),
  search: scalar,
  how_to_implement: scalar,
  known_false_positives: scalar,
  references: list(scalar),
  drilldown_searches: list(drilldown),
  explanation: scalar,
  enabled_by_default: scalar,
};
const COMMON_REQUIRED = ['name', 'id', 'version', 'author', 'status', 'type', 'description', 'search', 'how_to_implement', 'known_false_positives'];

/** The v5 DetectionTags keys; ESCU 6 moved them to the top level. */
const V5_TAGS = {
  analytic_story: list(scalar),
  asset_type: scalar,
  group: list(scalar),
  mitre_attack_id: list(scalar),
  nist: list(scalar),
  product: list(scalar),
  throttling: any,
  security_domain: scalar,
  cve: list(scalar),
  atomic_guid: list(scalar),
  manual_test: scalar,
};
const V5_TAGS_REQUIRED = ['analytic_story', 'asset_type', 'product', 'security_domain'];

const observable = map({ name: scalar, type: scalar, role: list(scalar) });

const LEGACY_TAGS = map(
  {
    analytic_story: list(scalar),
    asset_type: scalar,
    confidence: scalar,
    impact: scalar,
    message: scalar,
    mitre_attack_id: list(scalar),
    nist: list(scalar),
    observable: list(observable),
    product: list(scalar),
    required_fields: list(scalar),
    risk_score: scalar,
    security_domain: scalar,
    cve: list(scalar),
    atomic_guid: list(scalar),
    manual_test: scalar,
    throttling: any,
  },
  ['analytic_story', 'asset_type', 'confidence', 'impact', 'message', 'product', 'required_fields', 'security_domain'],
);

const riskObject = map({ field: scalar, type: scalar, score: scalar });
const threatObject = map({ field: scalar, type: scalar });
const rba = map({ message: scalar, risk_objects: list(riskObject), threat_objects: list(threatObject) });
const entity = map({ field: scalar, type: scalar, score: scalar, message: scalar }, ['field', 'type', 'score']);

export const DETECTION_SHAPES: Readonly<Record<Generation, Shape>> = {
  legacy: map({ ...COMMON, date: scalar, tags: LEGACY_TAGS, tests: list(unitTest) }, [...COMMON_REQUIRED, 'date', 'tags']),
  v5: map(
    { ...COMMON, date: scalar, tags: map(V5_TAGS, V5_TAGS_REQUIRED), rba, tests: list(unitTest) },
    [...COMMON_REQUIRED, 'date', 'tags'],
  ),
  escu6: map(
    {
      ...COMMON,
      ...V5_TAGS,
      creation_date: scalar,
      modification_date: scalar,
      category: scalar,
      intermediate_findings: map({ entities: list(entity) }),
      finding: any,
      threat_objects: list(threatObject),
      tests: list(escu6Test),
    },
    [...COMMON_REQUIRED, 'creation_date', 'modification_date', ...V5_TAGS_REQUIRED],
  ),
};

export const MACRO_SHAPE: Shape = map(
  {
    name: scalar,
    definition: scalar,
    description: scalar,
    arguments: list(scalar),
    // ESCU 6 macros carry the common metadata too.
    id: scalar,
    version: scalar,
    creation_date: scalar,
    modification_date: scalar,
    author: scalar,
  },
  ['name', 'definition', 'description'],
);

export const DETECTION_TYPES = ['TTP', 'Anomaly', 'Hunting', 'Correlation'] as const;
export const DETECTION_STATUSES = ['production', 'experimental', 'deprecated', 'removed'] as const;
export const RISK_OBJECT_TYPES = ['system', 'user', 'other'] as const;

export const THREAT_OBJECT_TYPES = [
  'certificate_common_name',
  'certificate_organization',
  'certificate_serial',
  'certificate_unit',
  'command',
  'domain',
  'email_address',
  'email_subject',
  'file_hash',
  'file_name',
  'file_path',
  'http_user_agent',
  'ip_address',
  'process',
  'process_name',
  'parent_process',
  'parent_process_name',
  'process_hash',
  'registry_path',
  'registry_value_name',
  'registry_value_text',
  'service',
  'signature',
  'system',
  'tls_hash',
  'url',
] as const;

/** contentctl 4's observable vocabulary (SES_OBSERVABLE_TYPE_MAPPING / _ROLE_MAPPING). */
export const LEGACY_OBSERVABLE_TYPES = [
  'Unknown',
  'Hostname',
  'IP Address',
  'MAC Address',
  'User Name',
  'Email Address',
  'URL String',
  'File Name',
  'File Hash',
  'Process Name',
  'Resource UID',
  'Endpoint',
  'User',
  'Email',
  'Uniform Resource Locator',
  'File',
  'Process',
  'Geo Location',
  'Container',
  'Registry Key',
  'Registry Value',
  'Other',
] as const;

export const LEGACY_OBSERVABLE_ROLES = [
  'Other',
  'Unknown',
  'Actor',
  'Target',
  'Attacker',
  'Victim',
  'Parent Process',
  'Child Process',
  'Known Bad',
  'Data Loss',
  'Observer',
] as const;

