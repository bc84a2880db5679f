// Everything known about one search: the tree of the text as written (what the editor shows),
// the macro expansion with its source map, the tree of the expanded text (what Splunk runs) and
// the fields that flow through it. Diagnostics are in offsets of the written text.
import { diagnostic, type Diagnostic, type RelatedLocation } from '../diagnostics/diagnostic';
import { expandMacros, type Expansion } from '../macros/expand';
import type { MacroTable } from '../macros/macroTable';
import { parseSpl, type SplParseResult } from '../spl';
import type { SourceText } from '../text/sourceText';
import { fieldFlow, OPEN_EVENTS, type FieldFlow, type FieldSet } from './fieldFlow';

export interface SearchAnalysis {
  readonly source: SourceText;
  /** The search as the user wrote it: macro calls are nodes. */
  readonly written: SplParseResult;
  readonly expansion: Expansion;
  /** The fully expanded search, as Splunk runs it. */
  readonly expanded: SplParseResult;
  readonly flow: FieldFlow;
  /** Offsets into `source.text`; related locations are file offsets of other files. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface AnalyzeSearchOptions {
  /** Fields of the events the search starts from (data-source fields); open by default. */
  readonly initialFields?: FieldSet;
}

function key(d: Diagnostic): string {
  return `${d.code}:${d.span.start}:${d.span.end}:${d.message}`;
}

/** Problems the expanded text has inside macro bodies, moved to the outermost call site with
 * the place in each macro file as related information. Problems in the user's own text are
 * already reported by the parse of the written text. */
function diagnosticsInMacroBodies(expansion: Expansion, expanded: SplParseResult): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of expanded.diagnostics) {
    const origin = expansion.map.origin(d.span.start);
    if (origin.chain.length === 0) continue;
    const related: RelatedLocation[] = [];
    const end = Math.max(d.span.start, d.span.end);
    const endOrigin = expansion.map.origin(end === d.span.start ? end : end - 1);
    const spanInSource =
      endOrigin.source === origin.source
        ? { start: origin.offset, end: Math.max(origin.offset, endOrigin.offset + (end === d.span.start ? 0 : 1)) }
        : { start: origin.offset, end: origin.offset };
    related.push({ file: origin.source.file, span: origin.source.toFileSpan(spanInSource), message: d.message });
    for (const call of [...origin.chain].reverse()) {
      if (call === origin.chain[0]) break;
      related.push({ file: call.source.file, span: call.source.toFileSpan(call.span), message: `called from here: \`${call.name}\`` });
    }
    const names = origin.chain.map((c) => `\`${c.name}\``).join(' → ');
    const site = expansion.map.toRootSpan(d.span);
    out.push({ ...diagnostic('macro-in-body', `In the expansion of ${names}: ${d.message}`, site, related), severity: d.severity });
  }
  return out;
}

export function analyzeSearch(source: SourceText, macros: MacroTable, options: AnalyzeSearchOptions = {}): SearchAnalysis {
  const written = parseSpl(source.text);
  const expansion = expandMacros(source, macros);
  // Comments and macros change the text; only an untouched text can reuse the first parse.
  const expanded = expansion.text === source.text ? written : parseSpl(expansion.text);
  const flow = fieldFlow(expanded.pipeline, expansion.text, options.initialFields ?? OPEN_EVENTS);

  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const d of [...written.diagnostics, ...expansion.diagnostics, ...(expanded === written ? [] : diagnosticsInMacroBodies(expansion, expanded))]) {
    const k = key(d);
    if (seen.has(k)) continue;
    seen.add(k);
    diagnostics.push(d);
  }
  return { source, written, expansion, expanded, flow, diagnostics };
}
