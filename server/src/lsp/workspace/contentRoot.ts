// One content root as the server holds it: the repository of its files (disk contents, with the
// open documents' texts over them), the files it could not read, and its macro table, rebuilt
// only after a macro file or a macros.conf changed.
import { macroTableOf, type RepositoryMacros } from '../../core/analysis';
import { contentKindOf, relativeTo, type ContentKind, type ContentRepository } from '../../core/content';
import type { Diagnostic } from '../../core/diagnostics/diagnostic';

export class ContentRoot {
  private cachedMacros: RepositoryMacros | undefined;

  constructor(
    /** Absolute folder holding `macros/`; undefined for the files that belong to no root. */
    readonly folder: string | undefined,
    /** Found in a workspace folder: all its files are published. Otherwise (a root loaded for a
     * document opened from elsewhere, or the loose files) only open documents are. */
    readonly inWorkspace: boolean,
    readonly repository: ContentRepository,
    /** Files the loader could not read, each with its diagnostic. */
    readonly unreadable: Map<string, readonly Diagnostic[]>,
  ) {}

  /** The macro table of the repository as it is now. */
  macros(): RepositoryMacros {
    return (this.cachedMacros ??= macroTableOf(this.repository));
  }

  invalidateMacros(): void {
    this.cachedMacros = undefined;
  }

  /** What a file at `path` is to this root, judged by its path below the root (folder names
   * above the root do not count), as the loader judges it. */
  kindOf(path: string): ContentKind {
    return contentKindOf(this.folder === undefined ? path : relativeTo(this.folder, path)).kind;
  }
}

/** Kinds whose change can change the diagnostics of detections (and `.spl` files). */
export function isMacroKind(kind: ContentKind | 'spl'): boolean {
  return kind === 'macro' || kind === 'macros-conf';
}

/** The name a content file declares, for the files others refer to by name. */
export function referencedName(repository: ContentRepository, path: string): string | undefined {
  const file = repository.file(path);
  if (!file) return undefined;
  if (file.kind === 'macro') return file.macro?.name ?? file.name?.value;
  if (file.kind === 'data-source' || file.kind === 'story') return file.name?.value;
  return undefined;
}
