// A detection's complete diagnostics, in offsets of its YAML file: the contentctl rules, the SPL
// of its search and drilldowns (syntax, macros, errors inside macro bodies), and the stricter
// check that risk, threat and message-token fields reach the output of the search.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { splitDataSources, validateDetection, type ContentRepository, type Detection, type Located, type ValidationOptions } from '../content';
import type { MacroTable } from '../macros/macroTable';
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import { analyzeSearch, type SearchAnalysis } from './analyzeSearch';
import { hasField, OPEN_EVENTS, type FieldFlow, type FieldSet } from './fieldFlow';

export interface DetectionCheck {
  readonly search: SearchAnalysis | undefined;
  readonly drilldowns: readonly (SearchAnalysis | undefined)[];
  /** File offsets of the detection's YAML file. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Moves diagnostics computed on an embedded text to offsets of its file. */
export function toFileDiagnostics(source: SourceText, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, span: source.toFileSpan(d.span) }));
}

/** The events a detection starts from: open, plus the fields its data sources declare. */
export function initialFieldsOf(detection: Detection, repo: ContentRepository): FieldSet {
  const declared = detection.dataSources
    .flatMap((entry) => splitDataSources(entry.value))
    .flatMap((name) => repo.dataSource(name)?.fields.map((f) => f.value) ?? []);
  return { names: [...new Set([...OPEN_EVENTS.names, ...declared])], open: true };
}

/** `$field$` tokens of a risk message, with their offsets in the message. */
export function messageTokens(message: string): { field: string; start: number; end: number }[] {
  return [...message.matchAll(/\$([^$\s]+)\$/g)].map((m) => ({ field: m[1], start: m.index, end: m.index + m[0].length }));
}

/** The stage after which `field` is gone for good, for a message that says where it was lost. */
function whereLost(flow: FieldFlow, field: string): string {
  for (let i = flow.stages.length - 1; i >= 0; i--) {
    const stage = flow.stages[i];
    if (!stage.output.open && !stage.output.names.includes(field) && hasField(stage.input, field) !== 'no') {
      const name = stage.command.name || 'search';
      const kept = stage.output.names.length ? stage.output.names.join(', ') : 'no fields';
      return `\`${name}\` (stage ${i + 1} of the expanded search) outputs only ${kept}`;
    }
  }
  return `the search outputs only ${flow.output.names.join(', ') || 'no fields'}`;
}

function outputFieldDiagnostics(detection: Detection, analysis: SearchAnalysis): Diagnostic[] {
  const risk = detection.risk;
  if (!risk) return [];
  const output = analysis.flow.output;
  const out: Diagnostic[] = [];
  const check = (field: string, span: Span, what: string): void => {
    if (hasField(output, field) !== 'no') return;
    out.push(
      diagnostic(
        'content-field-not-output',
        `The ${what} \`${field}\` is not a field of the search's results: ${whereLost(analysis.flow, field)}. It will be empty in every risk event.`,
        span,
      ),
    );
  };
  const field = (l: Located<string>): [string, Span] => [l.value, l.span];
  for (const r of risk.riskObjects) check(...field(r.field), 'risk object field');
  for (const t of risk.threatObjects) check(...field(t.field), 'threat object field');
  for (const message of risk.messages) {
    for (const token of messageTokens(message.text)) {
      check(token.field, message.toFileSpan({ start: token.start, end: token.end }), 'message token');
    }
  }
  return out;
}

/** What the SPL of a detection says: its search and drilldowns analysed, and their diagnostics
 * in file offsets (syntax, macros, the stricter output-field check). No contentctl rules. */
export function analyzeDetectionSpl(detection: Detection, repo: ContentRepository, macros: MacroTable): DetectionCheck {
  const diagnostics: Diagnostic[] = [];
  const search = detection.search ? analyzeSearch(detection.search, macros, { initialFields: initialFieldsOf(detection, repo) }) : undefined;
  if (search && detection.search) {
    diagnostics.push(...toFileDiagnostics(detection.search, search.diagnostics));
    diagnostics.push(...outputFieldDiagnostics(detection, search));
  }
  const drilldowns = detection.drilldowns.map((drilldown) => {
    if (!drilldown.search) return undefined;
    const analysis = analyzeSearch(drilldown.search, macros);
    diagnostics.push(...toFileDiagnostics(drilldown.search, analysis.diagnostics));
    return analysis;
  });
  return { search, drilldowns, diagnostics };
}

/** Everything about one detection: parse problems, contentctl rules and the SPL. */
export function checkDetection(
  detection: Detection,
  repo: ContentRepository,
  macros: MacroTable,
  options: ValidationOptions,
): DetectionCheck {
  const spl = analyzeDetectionSpl(detection, repo, macros);
  return { ...spl, diagnostics: [...detection.diagnostics, ...validateDetection(detection, repo, options), ...spl.diagnostics] };
}
