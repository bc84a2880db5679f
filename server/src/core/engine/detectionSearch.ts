// A detection's search made ready for the engine: macros expanded (the filter macro included),
// the expanded text parsed, and engine error spans mapped back to the detection's YAML file
// through the macro source map (an error inside a macro body lands on the backtick call).
import type { AttackData, Deployment, Detection } from '../content/model';
import { expandMacros, type Expansion } from '../macros/expand';
import type { MacroTable } from '../macros/macroTable';
import { parseSpl, type Pipeline } from '../spl';
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import { EngineError } from './problems';
import { timeWindow, type TimeWindow } from './time/relativeTime';

export interface DetectionSearch {
  readonly source: SourceText;
  readonly expansion: Expansion;
  /** The expanded text and its tree: what the engine runs. */
  readonly text: string;
  readonly pipeline: Pipeline;
}

/** Expands and parses a detection's search. Throws EngineError (spans in the expanded text)
 * when a macro is missing or the expanded text does not parse. */
export function prepareDetectionSearch(detection: Detection, macros: MacroTable): DetectionSearch {
  const source = detection.search;
  if (!source) throw new EngineError('engine-syntax', 'The detection has no search.');
  return prepareSearch(source, macros);
}

export function prepareSearch(source: SourceText, macros: MacroTable): DetectionSearch {
  const expansion = expandMacros(source, macros);
  const problem = expansion.diagnostics.find((d) => d.severity === 'error');
  if (problem) throw new EngineError('engine-unexpanded-macro', problem.message);
  const parsed = parseSpl(expansion.text, { allowMacros: false });
  const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
  if (syntax) throw new EngineError(syntax.code === 'spl-macro-not-expanded' ? 'engine-unexpanded-macro' : 'engine-syntax', syntax.message, syntax.span);
  return { source, expansion, text: expansion.text, pipeline: parsed.pipeline };
}

/** Where a span of the expanded text was written: offsets of the detection's file (a span inside
 * a macro body maps to the macro call in the detection). */
export function toDetectionFileSpan(search: DetectionSearch, span: Span): Span {
  return search.source.toFileSpan(search.expansion.map.toRootSpan(span));
}

/** The metadata of a test's attack data, as contentctl replays it (HEC with source and
 * sourcetype). */
export function attackDataMetadata(data: AttackData): { sourcetype?: string; source?: string } {
  const out: { sourcetype?: string; source?: string } = {};
  if (data.sourcetype?.value) out.sourcetype = data.sourcetype.value;
  if (data.source?.value) out.source = data.source.value;
  return out;
}

/** The window a scheduled run at `now` covers (`earliest_time: -70m@m`, `latest_time:
 * -10m@m`), or a string saying what is wrong with the deployment's times. */
export function scheduledWindow(deployment: Deployment, now: number): TimeWindow | string {
  const earliest = deployment.earliestTime?.value;
  const latest = deployment.latestTime?.value;
  if (earliest === undefined) return `the deployment ${deployment.name?.value ?? deployment.path} has no earliest_time`;
  return timeWindow(earliest, latest ?? 'now', now);
}
