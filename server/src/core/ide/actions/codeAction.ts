// What a code action is in editor terms: a title, a kind, and the changes it makes to files (new
// files with their text, edits of existing ones), in offsets of each file's text. The language
// server turns these into a WorkspaceEdit.
import type { ContentFile } from '../../content';
import type { SearchAnalysis } from '../../analysis';
import type { MacroTable } from '../../macros/macroTable';
import type { Span } from '../../text/lineIndex';
import type { EmbeddedSpl } from '../embeddedSpl';
import type { TextEdit } from '../format';

export type FileChange =
  /** A new file (never one that exists) holding `text`. */
  | { readonly kind: 'create'; readonly path: string; readonly text: string }
  | { readonly kind: 'edit'; readonly path: string; readonly edits: readonly TextEdit[] };

export type CodeActionKind = 'quickfix' | 'refactor.inline' | 'refactor.extract';

export interface CodeAction {
  readonly title: string;
  readonly kind: CodeActionKind;
  readonly changes: readonly FileChange[];
  /** The one fix an editor may apply on its own (e.g. the only "did you mean"). */
  readonly preferred?: boolean;
  /** The diagnostic the quick fix resolves. */
  readonly fixes?: ActionDiagnostic;
}

/** A diagnostic of the document as the editor shows it: code, message and file span. */
export interface ActionDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
}

/** The document the actions are asked for. */
export interface ActionDocument {
  readonly path: string;
  readonly text: string;
  /** Undefined for `.spl` files. */
  readonly file: ContentFile | undefined;
  readonly spls: readonly EmbeddedSpl[];
  analysisOf(spl: EmbeddedSpl): SearchAnalysis;
}

export interface ActionContext {
  readonly document: ActionDocument;
  readonly macros: MacroTable;
  /** The content root (the folder holding `macros/`); undefined when the document has none,
   * and then no action creates a file. */
  readonly rootFolder: string | undefined;
  /** Whether a file exists at `path` (new files never overwrite one). */
  fileExists(path: string): boolean;
  /** Today as `YYYY-MM-DD` (a missing `date` is today's). */
  readonly today: string;
  /** A fresh UUID (a missing `id`). */
  newId(): string;
}
