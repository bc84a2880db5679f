// workspace/symbol: detections, macros, data sources and stories of every content root whose
// name matches the query (core/ide/navigation/symbols.ts).
import type { SymbolInformation } from 'vscode-languageserver/node';
import { workspaceSymbols } from '../core/ide/navigation/symbols';
import { toLocations } from './definition';
import { SYMBOL_KINDS } from './documentSymbols';
import type { LspFeature } from './feature';

/** Enough to pick from; the editor asks again as the query grows. */
const MAX_SYMBOLS = 500;

export const workspaceSymbolsFeature: LspFeature = {
  capabilities: { workspaceSymbolProvider: true },
  register({ connection, workspace }) {
    connection.onWorkspaceSymbol(({ query }) => {
      const out: SymbolInformation[] = [];
      for (const root of workspace.contentRoots()) {
        const confMacros = [...root.macros().confs.values()].flatMap((c) => c.macros);
        for (const symbol of workspaceSymbols(root.repository, confMacros, query)) {
          if (out.length >= MAX_SYMBOLS) return out;
          const [location] = toLocations(workspace, [symbol.location]);
          if (location) out.push({ name: symbol.name, kind: SYMBOL_KINDS[symbol.kind], location, ...(root.folder ? { containerName: root.folder } : {}) });
        }
      }
      return out;
    });
  },
};
