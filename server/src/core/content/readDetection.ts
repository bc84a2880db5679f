// A detection file in any of the three generations, normalised into `Detection`.
//   legacy (to 2024): risk in tags (message, risk_score, observable with Victim/Attacker roles)
//   v5 (2025):        top-level `rba { message, risk_objects, threat_objects }`
//   ESCU 6 (2026):    creation_date, tags keys at the top, intermediate_findings / finding
//                     entities with a message each, top-level threat_objects
import { isMap } from 'yaml';
import type { AttackData, Detection, DetectionTest, Drilldown, Generation, Located, RiskBlock, RiskObject, ThreatObject } from './model';
import { locatedNumber, locatedString, locatedStrings, seqItems } from './readValues';
import { keySpansAt, pairOf, sourceTextOf, spanOfNode, valueOf, type KeyPath, type YamlFile } from './yamlFile';

const LEGACY_RISK_TAGS = ['message', 'observable', 'risk_score', 'confidence', 'impact', 'required_fields'];

/** Which generation a detection is written in, from the keys it uses. */
export function detectGeneration(root: unknown): Generation {
  const has = (key: string): boolean => pairOf(root, key) !== undefined;
  if (has('creation_date') || has('intermediate_findings') || has('finding')) return 'escu6';
  if (!has('tags') && (has('analytic_story') || has('mitre_attack_id') || has('security_domain'))) return 'escu6';
  if (has('rba')) return 'v5';
  const tags = valueOf(root, 'tags');
  if (LEGACY_RISK_TAGS.some((k) => pairOf(tags, k) !== undefined)) return 'legacy';
  return 'v5';
}

export function readDetection(file: YamlFile): Detection {
  const root = file.root;
  const generation = detectGeneration(root);
  const tagsPath: KeyPath = generation === 'escu6' ? [] : ['tags'];
  const tags = generation === 'escu6' ? root : valueOf(root, 'tags');
  const str = (key: string): Located<string> | undefined => locatedString(file, valueOf(root, key));
  const searchNode = valueOf(root, 'search');
  const manualTest = locatedString(file, valueOf(tags, 'manual_test'));
  return {
    kind: 'detection',
    path: file.path,
    text: file.text,
    diagnostics: file.diagnostics,
    yaml: file,
    keySpans: (path) => keySpansAt(file, path),
    generation,
    name: str('name'),
    id: str('id'),
    version: locatedNumber(file, valueOf(root, 'version')),
    date: generation === 'escu6' ? (str('creation_date') ?? str('date')) : str('date'),
    modificationDate: str('modification_date'),
    status: str('status'),
    type: str('type'),
    author: str('author'),
    description: str('description'),
    dataSources: locatedStrings(file, valueOf(root, 'data_source')),
    search: sourceTextOf(file, searchNode),
    searchSpan: spanOfNode(file, searchNode),
    drilldowns: seqItems(valueOf(root, 'drilldown_searches')).map((item) => readDrilldown(file, item)),
    risk: readRisk(file, generation),
    stories: locatedStrings(file, valueOf(tags, 'analytic_story')),
    mitreIds: locatedStrings(file, valueOf(tags, 'mitre_attack_id')),
    tests: seqItems(valueOf(root, 'tests')).map((item) => readTest(file, item)),
    manualTest,
    tagsPath,
  };
}

function readDrilldown(file: YamlFile, item: unknown): Drilldown {
  const search = valueOf(item, 'search');
  return {
    name: locatedString(file, valueOf(item, 'name')),
    search: sourceTextOf(file, search),
    searchSpan: spanOfNode(file, search),
    earliestOffset: locatedString(file, valueOf(item, 'earliest_offset')),
    latestOffset: locatedString(file, valueOf(item, 'latest_offset')),
  };
}

function readTest(file: YamlFile, item: unknown): DetectionTest {
  return {
    name: locatedString(file, valueOf(item, 'name')),
    testType: locatedString(file, valueOf(item, 'test_type')),
    attackData: seqItems(valueOf(item, 'attack_data')).map(
      (data): AttackData => ({
        data: locatedString(file, valueOf(data, 'data')),
        source: locatedString(file, valueOf(data, 'source')),
        sourcetype: locatedString(file, valueOf(data, 'sourcetype')),
      }),
    ),
  };
}

function readRisk(file: YamlFile, generation: Generation): RiskBlock | undefined {
  switch (generation) {
    case 'legacy':
      return readLegacyRisk(file);
    case 'v5':
      return readRbaRisk(file);
    case 'escu6':
      return readFindingsRisk(file);
  }
}

function readRbaRisk(file: YamlFile): RiskBlock | undefined {
  const rba = valueOf(file.root, 'rba');
  if (!isMap(rba)) return undefined;
  const messageNode = valueOf(rba, 'message');
  const message = locatedString(file, messageNode);
  const messageText = sourceTextOf(file, messageNode);
  return {
    message,
    messages: messageText ? [messageText] : [],
    riskObjects: readRiskObjects(file, valueOf(rba, 'risk_objects'), ['rba', 'risk_objects']),
    threatObjects: readThreatObjects(file, valueOf(rba, 'threat_objects'), ['rba', 'threat_objects']),
  };
}

function readFindingsRisk(file: YamlFile): RiskBlock | undefined {
  const root = file.root;
  const findingKey = pairOf(root, 'intermediate_findings') ? 'intermediate_findings' : pairOf(root, 'finding') ? 'finding' : undefined;
  const threats = valueOf(root, 'threat_objects');
  if (!findingKey && threats === undefined) return undefined;
  const entitiesPath: KeyPath = findingKey ? [findingKey, 'entities'] : [];
  const entities = findingKey ? valueOf(valueOf(root, findingKey), 'entities') : undefined;
  const messageNodes = seqItems(entities).map((entity) => valueOf(entity, 'message'));
  const messages = messageNodes.flatMap((node) => {
    const m = sourceTextOf(file, node);
    return m ? [m] : [];
  });
  return {
    message: messageNodes.map((node) => locatedString(file, node)).find((m) => m !== undefined),
    messages,
    riskObjects: findingKey ? readRiskObjects(file, entities, entitiesPath) : [],
    threatObjects: readThreatObjects(file, threats, ['threat_objects']),
  };
}

function readRiskObjects(file: YamlFile, node: unknown, path: KeyPath): RiskObject[] {
  return seqItems(node).flatMap((item, i): RiskObject[] => {
    const field = locatedString(file, valueOf(item, 'field'));
    const type = locatedString(file, valueOf(item, 'type'));
    if (!field || !type) return [];
    return [{ field, type, score: locatedNumber(file, valueOf(item, 'score')), path: [...path, i] }];
  });
}

function readThreatObjects(file: YamlFile, node: unknown, path: KeyPath): ThreatObject[] {
  return seqItems(node).flatMap((item, i): ThreatObject[] => {
    const field = locatedString(file, valueOf(item, 'field'));
    const type = locatedString(file, valueOf(item, 'type'));
    return field && type ? [{ field, type, path: [...path, i] }] : [];
  });
}

// contentctl 4's mapping of legacy observables to risk and threat objects (its `risk` property):
// a Victim of a user or system type is a risk object of that type, an Attacker is a threat
// object, and anything else a risk object of type `other`.
const LEGACY_USER_TYPES = new Set(['user', 'username', 'email address']);
const LEGACY_SYSTEM_TYPES = new Set(['device', 'endpoint', 'hostname', 'ip address']);
const LEGACY_THREAT_TYPES: ReadonlyMap<string, string> = new Map([
  ['process name', 'process'],
  ['process', 'process'],
  ['file name', 'file_name'],
  ['file', 'file_name'],
  ['file hash', 'file_name'],
  ['ip address', 'ip_address'],
  ['url string', 'url'],
  ['url', 'url'],
]);

function readLegacyRisk(file: YamlFile): RiskBlock | undefined {
  const tags = valueOf(file.root, 'tags');
  const messageNode = valueOf(tags, 'message');
  const message = locatedString(file, messageNode);
  const messageText = sourceTextOf(file, messageNode);
  const observables = valueOf(tags, 'observable');
  if (!message && observables === undefined) return undefined;
  const score = locatedNumber(file, valueOf(tags, 'risk_score'));
  const riskObjects: RiskObject[] = [];
  const threatObjects: ThreatObject[] = [];
  seqItems(observables).forEach((item, i) => {
    const field = locatedString(file, valueOf(item, 'name'));
    const declared = locatedString(file, valueOf(item, 'type'));
    if (!field || !declared) return;
    const roles = locatedStrings(file, valueOf(item, 'role')).map((r) => r.value);
    const lower = declared.value.toLowerCase();
    const path: KeyPath = ['tags', 'observable', i];
    const as = (value: string): Located<string> => ({ value, span: declared.span });
    if (roles.includes('Victim') && LEGACY_USER_TYPES.has(lower)) riskObjects.push({ field, type: as('user'), score, path });
    else if (roles.includes('Victim') && LEGACY_SYSTEM_TYPES.has(lower)) riskObjects.push({ field, type: as('system'), score, path });
    else if (roles.includes('Attacker')) threatObjects.push({ field, type: as(LEGACY_THREAT_TYPES.get(lower) ?? lower), path });
    else riskObjects.push({ field, type: as('other'), score, path });
  });
  return { message, messages: messageText ? [messageText] : [], riskObjects, threatObjects };
}
