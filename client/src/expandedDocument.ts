// Read-only virtual documents (`spl-workbench-expanded:`) holding a detection's search with its
// macros expanded, headed by a comment that lists each macro's contribution: the macro, where it
// is called and the file and line of the definition used.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExpandMacrosResult } from '../../server/src/lsp/protocol';

export const EXPANDED_SCHEME = 'spl-workbench-expanded';

/** The virtual document of a source file: its name ends in `.spl` so it gets SPL highlighting;
 * the query carries the source URI. */
export function expandedUriOf(source: vscode.Uri): vscode.Uri {
  const name = path.basename(source.path).replace(/\.(ya?ml|spl)$/i, '');
  return vscode.Uri.from({ scheme: EXPANDED_SCHEME, path: `/${name}.expanded.spl`, query: source.toString() });
}

function where(uri: string, line: number): string {
  const parsed = vscode.Uri.parse(uri);
  return `${vscode.workspace.asRelativePath(parsed, false)}:${line + 1}`;
}

/** The document text: a comment header with the provenance, then the expanded search. */
export function renderExpanded(source: vscode.Uri, result: ExpandMacrosResult): string {
  const lines = [`Expanded search of ${vscode.workspace.asRelativePath(source, false)}`];
  if (result.provenance.length === 0) lines.push('No macro calls.');
  for (const p of result.provenance) {
    const indent = '  '.repeat(p.depth + 1);
    const from = p.definition ? `defined at ${where(p.definition.uri, p.definition.range.start.line)}` : 'no definition found';
    const contribution = result.expanded.slice(p.expanded.start, p.expanded.end).replace(/\s+/g, ' ');
    const shown = contribution.length > 100 ? `${contribution.slice(0, 97)}...` : contribution;
    lines.push(`${indent}\`${p.macro}\` called at ${where(p.callSite.uri, p.callSite.range.start.line)}, ${from}: ${shown}`);
  }
  for (const error of result.errors) lines.push(`error: ${error}`);
  // SPL's comment is three backticks on each side; a backtick run inside would close it.
  const header = lines.map((l) => l.replace(/```/g, '`\u200b``')).join('\n');
  return `\`\`\`${header}\n\`\`\`\n${result.expanded.endsWith('\n') ? result.expanded : `${result.expanded}\n`}`;
}

export class ExpandedDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly expand: (source: vscode.Uri) => Promise<ExpandMacrosResult | null>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = vscode.Uri.parse(uri.query);
    const result = await this.expand(source);
    if (!result) return `\`\`\`${vscode.workspace.asRelativePath(source, false)} has no search to expand.\`\`\`\n`;
    return renderExpanded(source, result);
  }

  /** Re-renders an open expansion. */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  /** Re-renders every open expansion a while after a YAML or SPL file was edited or saved (a
   * macro's edit changes the expansions of every detection that calls it). */
  watchEdits(delayMs = 300): vscode.Disposable {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (document: vscode.TextDocument): void => {
      if (document.uri.scheme === EXPANDED_SCHEME || !/\.(ya?ml|spl|conf)$/i.test(document.uri.path)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        for (const open of vscode.workspace.textDocuments) if (open.uri.scheme === EXPANDED_SCHEME) this.refresh(open.uri);
      }, delayMs);
    };
    const subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
      vscode.workspace.onDidSaveTextDocument(schedule),
    ];
    return new vscode.Disposable(() => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
