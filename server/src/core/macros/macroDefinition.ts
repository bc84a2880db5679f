// A macro as the expander sees it, whatever file format it came from.
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';

export type MacroOrigin = 'repository-yaml' | 'macros-conf' | 'builtin';

export interface MacroDefinition {
  readonly name: string;
  /** Argument names in order; the lookup key is `name` + `args.length`. */
  readonly args: readonly string[];
  /** The definition text with its way back to the file it was written in. */
  readonly definition: SourceText;
  readonly description?: string;
  /** `iseval = true`: the definition is an eval expression whose result is the expansion. */
  readonly iseval?: boolean;
  readonly validation?: string;
  readonly errormsg?: string;
  readonly origin: MacroOrigin;
  /** Where the macro's name is written in its file (for go-to-definition), when known. */
  readonly nameSpan?: Span;
}

/** `name(N)`, the key Splunk uses: `name` alone when there are no arguments. */
export function macroKey(name: string, arity: number): string {
  return arity === 0 ? name : `${name}(${arity})`;
}
