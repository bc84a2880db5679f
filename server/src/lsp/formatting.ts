// textDocument/formatting and rangeFormatting: a `.spl` file's search, and the SPL values of a
// YAML content file (detection and drilldown searches, a macro's definition) rewritten as
// literal blocks. Range formatting formats every SPL value the range touches, whole: a search is
// the smallest unit whose stages can be laid out again.
import type { TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { formatContentFile, formatSplFileText, type TextEdit } from '../core/ide/format';
import type { Range, Span } from '../core/text/lineIndex';
import type { DocumentAnalyses, DocumentAnalysis } from './documentAnalysis';
import type { LspFeature } from './feature';

function formattingEdits(document: DocumentAnalysis, within?: Span): TextEdit[] {
  if (!document.file) return document.spls.length > 0 ? formatSplFileText(document.text) : [];
  // The repository's model must be of this very text, or its spans would point elsewhere.
  if (document.file.text !== document.text) return [];
  return formatContentFile(document.file, within);
}

function toLsp(document: DocumentAnalysis, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: document.lines.rangeOf(e.span), newText: e.newText }));
}

function format(analyses: DocumentAnalyses, uri: string, within?: Range): LspTextEdit[] {
  const document = analyses.of(uri);
  if (!document) return [];
  const span = within ? { start: document.lines.offsetAt(within.start), end: document.lines.offsetAt(within.end) } : undefined;
  return toLsp(document, formattingEdits(document, span));
}

export const formattingFeature: LspFeature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register({ connection, analyses }) {
    connection.onDocumentFormatting(({ textDocument }) => format(analyses, textDocument.uri));
    connection.onDocumentRangeFormatting(({ textDocument, range }) => format(analyses, textDocument.uri, range));
  },
};
