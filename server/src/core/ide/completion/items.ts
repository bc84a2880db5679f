// What a completion offers, in editor terms: a label, what kind of thing it is, the text to
// insert (a snippet when it has `${n:...}` placeholders) and the span of text it replaces. The
// language server turns these into LSP CompletionItems.
import type { Span } from '../../text/lineIndex';

export type CompletionKind = 'command' | 'function' | 'aggregation' | 'macro' | 'field' | 'keyword' | 'option' | 'value' | 'property';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label (a summary, a signature, where a field comes from). */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** `insertText` has snippet placeholders. */
  readonly snippet: boolean;
  /** Orders the list when set (the editor sorts by label otherwise). */
  readonly sortText?: string;
}

export interface Completions {
  readonly items: readonly CompletionItem[];
  /** The text being typed, which an item replaces (empty at a fresh position). Offsets of the
   * text the completion was asked in. */
  readonly replace: Span;
}

export const NO_COMPLETIONS_AT = (offset: number): Completions => ({ items: [], replace: { start: offset, end: offset } });

/** A snippet placeholder's text: `$`, `}` and `\` are special inside it. */
export function escapePlaceholder(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** Keeps list order in the editor: `0000`, `0001`, ... */
export function sortKey(index: number): string {
  return index.toString().padStart(4, '0');
}
