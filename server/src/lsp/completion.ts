// textDocument/completion: asks the core for the completions at the cursor (in the SPL under
// it, else in the detection's YAML) and converts them: offsets become a range in the file, kinds
// become LSP kinds, snippets are marked as such.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem as LspCompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver/node';
import { completeDetectionYaml, completeSpl, filterMacroNameOf, type CompletionItem, type CompletionKind, type Completions } from '../core/ide/completion';
import type { Position } from '../core/text/lineIndex';
import type { DocumentAnalyses } from './documentAnalysis';
import type { LspFeature } from './feature';
import { sampleDataOf } from './sampleData';
import type { Workspace } from './workspace/workspace';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  command: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  aggregation: CompletionItemKind.Function,
  macro: CompletionItemKind.Module,
  field: CompletionItemKind.Field,
  keyword: CompletionItemKind.Keyword,
  option: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  property: CompletionItemKind.Property,
};

/** The completions at `offset` of the document's file, with the replaced span in file offsets. */
function completionsAt(analyses: DocumentAnalyses, workspace: Workspace, uri: string, position: Position): Completions | undefined {
  const document = analyses.of(uri);
  if (!document) return undefined;
  const cursor = analyses.cursor(uri, position);
  const detection = document.file?.kind === 'detection' ? document.file : undefined;
  if (cursor) {
    const found = completeSpl({
      text: cursor.spl.source.text,
      offset: cursor.offset,
      analysis: cursor.analysis,
      macros: document.root.macros().table,
      filterMacro: detection?.name ? filterMacroNameOf(detection.name.value) : undefined,
      samples: sampleDataOf(workspace)?.samplesFor(document),
    });
    return { items: found.items, replace: cursor.spl.source.toFileSpan(found.replace) };
  }
  if (!detection) return undefined;
  const search = document.spls.find((s) => s.role === 'search');
  return completeDetectionYaml({
    detection,
    text: document.text,
    offset: document.lines.offsetAt(position),
    repository: document.root.repository,
    outputFields: search ? document.analysisOf(search).flow.output.names : [],
  });
}

function toLspItem(item: CompletionItem, range: Range): LspCompletionItem {
  return {
    label: item.label,
    kind: KIND[item.kind],
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
    ...(item.sortText ? { sortText: item.sortText } : {}),
    filterText: item.label,
    insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: item.insertText },
  };
}

export const completionFeature: LspFeature = {
  capabilities: {
    completionProvider: { triggerCharacters: ['|', '`', '=', '(', ' ', ','], resolveProvider: false },
  },
  register({ connection, analyses, workspace }) {
    connection.onCompletion((params): CompletionList => {
      const document = analyses.of(params.textDocument.uri);
      if (!document) return { isIncomplete: false, items: [] };
      let found: Completions | undefined;
      try {
        found = completionsAt(analyses, workspace, params.textDocument.uri, params.position);
      } catch (error) {
        // A broken document must never break the editor: log and offer nothing.
        connection.console.error(`Completion failed in ${params.textDocument.uri}: ${String(error)}`);
      }
      if (!found) return { isIncomplete: false, items: [] };
      const range = document.lines.rangeOf(found.replace);
      return { isIncomplete: false, items: found.items.map((item) => toLspItem(item, range)) };
    });
  },
};
