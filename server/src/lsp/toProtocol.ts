// The one place where the core's results become LSP types: offsets become line/character
// through LineIndex, severities become numbers, related locations become URIs with ranges.
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../core/diagnostics/diagnostic';
import { LineIndex } from '../core/text/lineIndex';

export const DIAGNOSTIC_SOURCE = 'spl-workbench';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where a related file is, for the protocol: its URI and the text its spans index into. */
export interface RelatedFile {
  readonly uri: string;
  readonly lines: LineIndex;
}

export interface ConversionOptions {
  /** The client shows related information (`textDocument.publishDiagnostics.relatedInformation`). */
  readonly relatedInformation: boolean;
  /** Resolves a related location's file (a path as the content model holds it); undefined for
   * files the server has no text of (built-in macros), whose locations are left out. */
  readonly relatedFile: (file: string) => RelatedFile | undefined;
}

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITY[severity];
}

export function toLspDiagnostic(d: Diagnostic, lines: LineIndex, options: ConversionOptions): LspDiagnostic {
  const out: LspDiagnostic = {
    range: lines.rangeOf(d.span),
    severity: toLspSeverity(d.severity),
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (!options.relatedInformation || !d.related?.length) return out;
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of d.related) {
    const file = options.relatedFile(r.file);
    if (file) related.push({ location: { uri: file.uri, range: file.lines.rangeOf(r.span) }, message: r.message });
  }
  return related.length ? { ...out, relatedInformation: related } : out;
}

/** A file's diagnostics in document order (then by code), so equal sets convert equally. */
export function toLspDiagnostics(diagnostics: readonly Diagnostic[], text: string, options: ConversionOptions): LspDiagnostic[] {
  const lines = new LineIndex(text);
  return [...diagnostics]
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code) || a.message.localeCompare(b.message))
    .map((d) => toLspDiagnostic(d, lines, options));
}
