// textDocument/signatureHelp: the core's signature help for the SPL under the cursor, as LSP
// SignatureHelp. Triggered by `(` and `,`.
import { MarkupKind, type SignatureHelp } from 'vscode-languageserver/node';
import { signatureHelpAt } from '../core/ide/signatureHelp';
import type { LspFeature } from './feature';

export const signatureHelpFeature: LspFeature = {
  capabilities: { signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] } },
  register({ connection, analyses }) {
    connection.onSignatureHelp((params): SignatureHelp | null => {
      try {
        const cursor = analyses.cursor(params.textDocument.uri, params.position);
        if (!cursor) return null;
        const help = signatureHelpAt(cursor.spl.source.text, cursor.offset, cursor.document.root.macros().table);
        if (!help) return null;
        return {
          signatures: help.signatures.map((s) => ({
            label: s.label,
            documentation: { kind: MarkupKind.Markdown, value: s.documentation },
            parameters: s.parameters.map((p) => ({ label: [p.label[0], p.label[1]], ...(p.documentation ? { documentation: p.documentation } : {}) })),
          })),
          activeSignature: help.activeSignature,
          activeParameter: help.activeParameter,
        };
      } catch (error) {
        // Signature help is never worth a broken server: report and answer nothing.
        connection.console.error(`Signature help failed at ${params.textDocument.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return null;
      }
    });
  },
};
