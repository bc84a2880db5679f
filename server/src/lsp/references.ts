// textDocument/references: every call of a macro, every detection listing a data source or a
// story, every lookup command naming a lookup, across the document's content root.
import { referencesOf } from '../core/ide/navigation/references';
import { splSourcesOf, type SplSource } from '../core/ide/navigation/splSources';
import { navigationTargetAt, toLocations } from './definition';
import type { LspFeature } from './feature';
import type { ContentRoot } from './workspace/contentRoot';
import type { Workspace } from './workspace/workspace';

/** The SPL written in every file of a content root, `.spl` files included, as the server holds
 * them now (open documents over the disk). */
export function splSourcesOfRoot(workspace: Workspace, root: ContentRoot): SplSource[] {
  const splFiles = workspace.splFilesOf(root).flatMap((path) => {
    const text = workspace.textOf(path);
    return text === undefined ? [] : [{ path, text }];
  });
  return splSourcesOf(root.repository, root.macros().confs, splFiles);
}

export const referencesFeature: LspFeature = {
  capabilities: { referencesProvider: true },
  register({ connection, workspace, analyses }) {
    connection.onReferences(({ textDocument, position, context }) => {
      const found = navigationTargetAt(analyses, textDocument.uri, position);
      if (!found) return null;
      const { root } = found.document;
      const spans = referencesOf(found.target, root.repository, root.macros().table, splSourcesOfRoot(workspace, root), {
        includeDeclaration: context.includeDeclaration,
      });
      return toLocations(workspace, spans);
    });
  },
};
