// The core's diagnostic: a located, coded message. Adapters (CLI, language server) convert it
// to their own shapes; the core never formats for a terminal or speaks LSP.
import type { Span } from '../text/lineIndex';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another text that explains a diagnostic (e.g. the line of a macro definition
 * where an error inside the expansion really is). `file` is the path or URI the content model
 * was given for that text. */
export interface RelatedLocation {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Offsets into the text the producing function was given. */
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  at: Span,
  related?: readonly RelatedLocation[],
): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, message, span: at, ...(related?.length ? { related } : {}) };
}
