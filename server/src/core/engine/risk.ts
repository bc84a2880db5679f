// Risk-based alerting on a search's results (spl-semantics.md section 7): each result row
// renders the detection's risk message(s), replacing `$field$` tokens with the row's values, and
// makes one risk event per risk object (one per value of a multivalue field, unsure), carrying
// the threat objects of the row. A token whose field is missing renders empty and a multivalue
// one renders its values joined with ", " (both unsure in Splunk); each gives a warning.
import type { RiskBlock } from '../content/model';
import type { EngineWarning } from './problems';
import { scalarText, valuesOf, type Row, type Scalar } from './values';

export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface ThreatObjectValue {
  readonly field: string;
  readonly type: string;
  readonly value: string;
}

export interface RiskEvent {
  /** Index of the result row. */
  readonly row: number;
  readonly risk_object_field: string;
  readonly risk_object: string;
  readonly risk_object_type: string;
  readonly risk_score: number | undefined;
  readonly risk_message: string;
  readonly threat_objects: readonly ThreatObjectValue[];
}

export interface RiskRendering {
  /** Per row, the rendered message of each risk message (ESCU 6 has one per entity). */
  readonly messages: readonly (readonly string[])[];
  readonly events: readonly RiskEvent[];
  /** From the highest risk score; undefined when no score is given. */
  readonly severity: Severity | undefined;
  readonly warnings: readonly EngineWarning[];
}

/** The severity of a finding by its highest risk score (spl-semantics.md section 7). */
export const SEVERITY_BANDS: readonly { readonly severity: Severity; readonly from: number; readonly to: number }[] = [
  { severity: 'informational', from: 0, to: 20 },
  { severity: 'low', from: 21, to: 40 },
  { severity: 'medium', from: 41, to: 60 },
  { severity: 'high', from: 61, to: 80 },
  { severity: 'critical', from: 81, to: 100 },
];

export function severityBandOf(score: number): (typeof SEVERITY_BANDS)[number] {
  return SEVERITY_BANDS.find((band) => score <= band.to) ?? SEVERITY_BANDS[SEVERITY_BANDS.length - 1];
}

export function severityOf(score: number): Severity {
  return severityBandOf(score).severity;
}

const TOKEN = /\$([^$\s]+)\$/g;

/** Renders one message for one row; `warn` is told about missing and multivalue tokens. */
export function renderMessage(message: string, row: Row, warn: (token: string, problem: 'missing' | 'multivalue') => void): string {
  return message.replace(TOKEN, (_whole, field: string) => {
    const values = valuesOf(row[field]);
    if (values.length === 0) {
      warn(field, 'missing');
      return '';
    }
    if (values.length > 1) warn(field, 'multivalue');
    return values.map(scalarText).join(', ');
  });
}

export function renderRisk(risk: RiskBlock, rows: readonly Row[]): RiskRendering {
  const texts = risk.messages.length ? risk.messages.map((m) => m.text) : risk.message ? [risk.message.value] : [];
  const warnings: EngineWarning[] = [];
  const missing = new Map<string, number[]>();
  const multivalue = new Map<string, number[]>();
  const messages = rows.map((row, i) =>
    texts.map((text) =>
      renderMessage(text, row, (token, problem) => {
        const map = problem === 'missing' ? missing : multivalue;
        const list = map.get(token) ?? [];
        if (list[list.length - 1] !== i) list.push(i);
        map.set(token, list);
      }),
    ),
  );
  const rowList = (list: number[]): string => `${list.length} of ${rows.length} rows (row${list.length === 1 ? '' : 's'} ${list.slice(0, 5).map((r) => r + 1).join(', ')}${list.length > 5 ? ', ...' : ''})`;
  for (const [token, list] of missing) warnings.push({ message: `The message token $${token}$ has no value in ${rowList(list)}: it renders empty.` });
  for (const [token, list] of multivalue) warnings.push({ message: `The message token $${token}$ is multivalue in ${rowList(list)}: its values are joined with ", ".` });

  // ESCU 6 gives each entity its own message; otherwise one message serves every risk object.
  const perObject = texts.length > 1 && texts.length === risk.riskObjects.length;
  const events: RiskEvent[] = [];
  const nullRiskObjects = new Map<string, number>();
  rows.forEach((row, i) => {
    const threats: ThreatObjectValue[] = risk.threatObjects.flatMap((t) => valuesOf(row[t.field.value]).map((v: Scalar) => ({ field: t.field.value, type: t.type.value, value: scalarText(v) })));
    risk.riskObjects.forEach((r, j) => {
      const values = valuesOf(row[r.field.value]);
      if (values.length === 0) nullRiskObjects.set(r.field.value, (nullRiskObjects.get(r.field.value) ?? 0) + 1);
      for (const v of values) {
        events.push({
          row: i,
          risk_object_field: r.field.value,
          risk_object: scalarText(v),
          risk_object_type: r.type.value,
          risk_score: r.score?.value,
          risk_message: messages[i][perObject ? j : 0] ?? '',
          threat_objects: threats,
        });
      }
    });
  });
  for (const [field, n] of nullRiskObjects) warnings.push({ message: `The risk object field ${field} is null in ${n} of ${rows.length} rows: those rows make no risk event for it.` });
  const scores = risk.riskObjects.flatMap((r) => (r.score ? [r.score.value] : []));
  return { messages, events, severity: scores.length ? severityOf(Math.max(...scores)) : undefined, warnings };
}
