// The server's model of the workspace: the content roots of every workspace folder, each loaded
// into a ContentRepository, the `.spl` files, and the open documents, whose texts override the
// disk. Every change to a file's text (an edit, an open or close, a change on disk) goes through
// here and is announced to listeners as a `FileChange`; the diagnostics decide from it what to
// re-check.
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { ContentRepository, type ContentKind } from '../../core/content';
import { diagnostic, type Diagnostic } from '../../core/diagnostics/diagnostic';
import { findContentRoot, loadRepository } from '../../node/loadRepository';
import { ContentRoot, isMacroKind, referencedName } from './contentRoot';
import { discoverContent } from './discover';
import { isUnder, pathToUri, uriToPath } from './uri';

export interface OpenDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: string;
}

export type ChangeReason = 'open' | 'edit' | 'close' | 'disk';

/** One file's text changed, appeared or disappeared. */
export interface FileChange {
  readonly path: string;
  readonly root: ContentRoot;
  readonly kind: ContentKind | 'spl';
  /** For macros, data sources and stories: the name the file declared before and after (what
   * other files refer to it by); undefined where the file had none. */
  readonly names: readonly (string | undefined)[];
  readonly reason: ChangeReason;
}

export interface WorkspaceListener {
  /** Content roots were loaded (all their files are new to the listener). */
  rootsLoaded(roots: readonly ContentRoot[]): void;
  fileChanged(change: FileChange): void;
}

/** A change the client's file watcher reported (LSP FileChangeType: 1 created, 2 changed, 3 deleted). */
export interface DiskEvent {
  readonly uri: string;
  readonly type: 1 | 2 | 3;
}

export interface WorkspaceLog {
  info(message: string): void;
  error(message: string): void;
}

async function readText(path: string): Promise<{ text: string } | { error: unknown } | undefined> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR' ? undefined : { error };
  }
}

function unreadable(error: unknown): Diagnostic[] {
  const reason = error instanceof Error ? error.message : String(error);
  return [diagnostic('content-unreadable', `Could not read the file: ${reason}`, { start: 0, end: 0 })];
}

/** Gives the event loop a turn (pending messages are handled before the work goes on). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Parses every file of a repository, a slice at a time, so later cross-file passes over the
 * models are cheap and nothing blocks the server for long. */
async function parseAll(repository: ContentRepository, sliceMs = 8): Promise<void> {
  let sliceStart = performance.now();
  for (const path of repository.paths()) {
    repository.file(path);
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}

export class Workspace {
  private folders: string[] = [];
  /** Roots of the workspace folders, and roots loaded for documents opened from elsewhere. */
  private readonly roots: ContentRoot[] = [];
  /** Files that belong to no content root (open documents, `.spl` files). */
  private readonly loose = new ContentRoot(undefined, false, new ContentRepository([]), new Map());
  private readonly openDocuments = new Map<string, OpenDocument>();
  /** `.spl` files of the workspace folders, with their disk text. */
  private readonly splOnDisk = new Map<string, string>();
  private readonly listeners: WorkspaceListener[] = [];
  /** Loads in flight (workspace folders, roots of documents opened from elsewhere). */
  private readonly loading = new Set<Promise<unknown>>();
  private indexed = false;
  /** Folders of roots being loaded for opened documents. */
  private readonly pendingRoots = new Set<string>();

  constructor(private readonly log: WorkspaceLog) {}

  listen(listener: WorkspaceListener): void {
    this.listeners.push(listener);
  }

  // --- loading ---------------------------------------------------------------------------------

  /** Finds and loads the content roots of the workspace folders (absolute paths). */
  index(folders: readonly string[]): Promise<void> {
    this.folders = [...folders];
    return this.track(
      this.indexFolders(folders).finally(() => {
        this.indexed = true;
      }),
    );
  }

  private async indexFolders(folders: readonly string[]): Promise<void> {
    const started = performance.now();
    const found = await Promise.all(folders.map((f) => discoverContent(f)));
    const rootFolders = [...new Set(found.flatMap((f) => f.roots))].filter((r) => !this.roots.some((known) => known.folder === r));
    const loaded = await Promise.all(rootFolders.map((r) => this.loadRoot(r, true)));
    for (const spl of found.flatMap((f) => f.splFiles)) {
      const result = await readText(spl);
      if (result && 'text' in result) this.splOnDisk.set(spl, result.text);
    }
    this.indexed = true;
    const files = loaded.reduce((n, r) => n + r.repository.paths().length, 0);
    this.log.info(
      `Indexed ${loaded.length} content root${loaded.length === 1 ? '' : 's'} (${files} files, ${this.splOnDisk.size} .spl) in ${Math.round(performance.now() - started)} ms` +
        (loaded.length ? `: ${loaded.map((r) => r.folder).join(', ')}` : ''),
    );
    for (const listener of this.listeners) listener.rootsLoaded(loaded);
    // Documents opened while indexing that belong to no workspace root may belong to another.
    for (const path of this.openDocuments.keys()) if (this.rootOf(path) === this.loose) this.loadRootOf(path);
  }

  /** Loads a root and lays the open documents below it over its disk contents. */
  private async loadRoot(folder: string, inWorkspace: boolean): Promise<ContentRoot> {
    const { repository, unreadable } = await loadRepository(folder);
    await parseAll(repository);
    const root = new ContentRoot(folder, inWorkspace, repository, new Map(unreadable));
    // Deepest first, so a file belongs to the nearest root when roots of different folders nest.
    this.roots.push(root);
    this.roots.sort((a, b) => (b.folder?.length ?? 0) - (a.folder?.length ?? 0));
    for (const [path, doc] of this.openDocuments) {
      if (!isUnder(path, folder)) continue;
      if (this.loose.repository.remove(path)) this.loose.invalidateMacros();
      if (root.kindOf(path) !== 'other' && !this.isSpl(path)) {
        repository.update(path, doc.text);
        root.unreadable.delete(path);
      }
    }
    root.invalidateMacros();
    return root;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.loading.add(work);
    const done = (): void => {
      this.loading.delete(work);
    };
    work.then(done, (error: unknown) => {
      done();
      this.log.error(`Loading failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    return work;
  }

  /** Resolves once no load is in flight (the workspace folders are indexed, roots of opened
   * documents are loaded). */
  async settled(): Promise<void> {
    while (this.loading.size > 0) await Promise.allSettled([...this.loading]);
  }

  get isIndexed(): boolean {
    return this.indexed;
  }

  // --- queries ---------------------------------------------------------------------------------

  contentRoots(): readonly ContentRoot[] {
    return this.roots;
  }

  inWorkspaceFolders(path: string): boolean {
    return this.folders.some((f) => isUnder(path, f));
  }

  /** The root a file belongs to: the nearest loaded root above it, else the loose files. */
  rootOf(path: string): ContentRoot {
    return this.roots.find((r) => r.folder !== undefined && isUnder(path, r.folder)) ?? this.loose;
  }

  isSpl(path: string): boolean {
    const doc = this.openDocuments.get(path);
    return doc ? doc.languageId === 'spl' || path.endsWith('.spl') : path.endsWith('.spl');
  }

  /** The text the server holds for a file: the open document's, else the disk's as loaded. */
  textOf(path: string): string | undefined {
    const doc = this.openDocuments.get(path);
    if (doc) return doc.text;
    if (this.splOnDisk.has(path)) return this.splOnDisk.get(path);
    const root = this.rootOf(path);
    return root.repository.file(path)?.text ?? (root.unreadable.has(path) ? '' : undefined);
  }

  openDocument(path: string): OpenDocument | undefined {
    return this.openDocuments.get(path);
  }

  openPaths(): string[] {
    return [...this.openDocuments.keys()];
  }

  uriOf(path: string): string {
    return this.openDocuments.get(path)?.uri ?? pathToUri(path);
  }

  /** Whether the Problems view should show this file: open documents, and every file of the
   * workspace folders' content roots and every `.spl` file in them. */
  isPublished(path: string): boolean {
    if (this.openDocuments.has(path)) return true;
    if (this.splOnDisk.has(path)) return true;
    const root = this.rootOf(path);
    if (!root.inWorkspace) return false;
    return root.repository.file(path) !== undefined || root.unreadable.has(path);
  }

  /** Every file whose diagnostics the workspace shows, of the given roots. */
  filesOf(root: ContentRoot): string[] {
    const spl = [...this.splOnDisk.keys(), ...this.openPaths().filter((p) => this.isSpl(p))].filter((p) => this.rootOf(p) === root);
    return [...new Set([...root.repository.paths(), ...root.unreadable.keys(), ...spl])];
  }

  /** The `.spl` files (on disk or open) that belong to `root`. */
  splFilesOf(root: ContentRoot): string[] {
    const all = new Set([...this.splOnDisk.keys(), ...this.openPaths().filter((p) => this.isSpl(p))]);
    return [...all].filter((p) => this.rootOf(p) === root);
  }

  // --- open documents --------------------------------------------------------------------------

  didOpen(uri: string, languageId: string, version: number, text: string): void {
    const path = uriToPath(uri);
    this.openDocuments.set(path, { uri, languageId, version, text });
    if (this.rootOf(path) === this.loose) this.loadRootOf(path);
    this.setText(path, text, 'open');
  }

  didChange(uri: string, version: number, text: string): void {
    const path = uriToPath(uri);
    const doc = this.openDocuments.get(path);
    if (!doc) return this.didOpen(uri, 'plaintext', version, text);
    if (doc.version === version && doc.text === text) return;
    this.openDocuments.set(path, { ...doc, version, text });
    this.setText(path, text, 'edit');
  }

  /** The document closes: the disk version takes over again (or the file leaves the model, when
   * it is not part of the workspace). */
  async didClose(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (!this.openDocuments.delete(path)) return;
    // A `.spl` file of the workspace folders, or a file of a content root, is still there on
    // disk; other documents (outside every root, unsaved buffers) leave the model.
    const keepsDiskVersion = path.endsWith('.spl') ? this.inWorkspaceFolders(path) : this.rootOf(path).folder !== undefined;
    const disk = keepsDiskVersion ? await readText(path) : undefined;
    if (this.openDocuments.has(path)) return; // opened again meanwhile
    if (disk && 'text' in disk) this.setText(path, disk.text, 'close');
    else this.removeText(path, 'close');
    this.dropUnusedRoots();
  }

  /** A document opened from outside the workspace's roots: load the root it belongs to, so it is
   * checked against its own macros, data sources and stories. Only its open documents are
   * published. Roots inside the workspace folders are the indexer's business. */
  private loadRootOf(path: string): void {
    if (!this.indexed || (!path.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(path))) return;
    const folder = findContentRoot(path);
    if (folder === undefined || this.pendingRoots.has(folder) || this.roots.some((r) => r.folder === folder)) return;
    this.pendingRoots.add(folder);
    void this.track(
      this.loadRoot(folder, false).finally(() => this.pendingRoots.delete(folder)).then((root) => {
        this.log.info(`Loaded the content root ${folder} for ${path}`);
        for (const listener of this.listeners) listener.rootsLoaded([root]);
      }),
    );
  }

  /** Roots loaded only for open documents go once none of their documents is open. */
  private dropUnusedRoots(): void {
    for (let i = this.roots.length - 1; i >= 0; i--) {
      const root = this.roots[i];
      if (root.inWorkspace || root.folder === undefined) continue;
      const folder = root.folder;
      if (!this.openPaths().some((p) => isUnder(p, folder))) this.roots.splice(i, 1);
    }
  }

  // --- the disk --------------------------------------------------------------------------------

  /** Files created, changed or deleted on disk (the client's file watcher). Open documents keep
   * their editor text. */
  async didChangeOnDisk(events: readonly DiskEvent[]): Promise<void> {
    await this.settled();
    for (const event of events) {
      const path = uriToPath(event.uri);
      if (event.type === 3) {
        this.deleted(path);
        continue;
      }
      if (this.openDocuments.has(path)) continue;
      const disk = await readText(path);
      if (this.openDocuments.has(path)) continue;
      if (disk === undefined) {
        this.deleted(path);
        continue;
      }
      if (path.endsWith('.spl')) {
        if (this.inWorkspaceFolders(path) && 'text' in disk) this.setText(path, disk.text, 'disk');
        continue;
      }
      let root = this.rootOf(path);
      if (root === this.loose) {
        // A new content root (its first macro file appeared), inside a workspace folder.
        const folder = findContentRoot(path);
        if (folder !== undefined && this.inWorkspaceFolders(folder)) {
          const loaded = await this.track(this.loadRoot(folder, true));
          for (const listener of this.listeners) listener.rootsLoaded([loaded]);
        }
        continue;
      }
      if (!root.inWorkspace || root.kindOf(path) === 'other') continue;
      if ('error' in disk) {
        root.unreadable.set(path, unreadable(disk.error));
        this.announce(path, root, root.kindOf(path), [], 'disk');
        continue;
      }
      root = this.rootOf(path);
      root.unreadable.delete(path);
      this.setText(path, disk.text, 'disk');
    }
  }

  /** A file or a folder is gone: every file below it leaves the model (unless open). */
  private deleted(path: string): void {
    const root = this.rootOf(path);
    const knownFile = this.splOnDisk.has(path) || root.unreadable.has(path) || root.repository.file(path) !== undefined;
    const gone = new Set<string>(knownFile ? [path] : []);
    if (!knownFile) {
      // A folder (or a file the model never held): look for what lay below it.
      const prefix = path.endsWith(sep) ? path : path + sep;
      for (const p of this.splOnDisk.keys()) if (p.startsWith(prefix)) gone.add(p);
      for (const r of [...this.roots, this.loose]) {
        for (const p of [...r.repository.paths(), ...r.unreadable.keys()]) if (p.startsWith(prefix)) gone.add(p);
      }
    }
    for (const p of gone) {
      if (this.openDocuments.has(p)) continue;
      this.splOnDisk.delete(p);
      this.removeText(p, 'disk');
    }
    const removedRoots = this.roots.filter((r) => r.folder !== undefined && r.inWorkspace && isUnder(r.folder, path));
    for (const r of removedRoots) this.roots.splice(this.roots.indexOf(r), 1);
  }

  // --- applying texts --------------------------------------------------------------------------

  private setText(path: string, text: string, reason: ChangeReason): void {
    const root = this.rootOf(path);
    if (this.isSpl(path)) {
      // What is on disk again (the document closed, or the watcher saw a change).
      if ((reason === 'close' || reason === 'disk') && path.endsWith('.spl') && this.inWorkspaceFolders(path)) this.splOnDisk.set(path, text);
      return this.announce(path, root, 'spl', [], reason);
    }
    const kind = root.kindOf(path);
    if (kind === 'other') {
      // Not content (by its place in the root): nothing to check; forget an earlier version.
      if (root.repository.remove(path)) this.announce(path, root, kind, [], reason);
      return;
    }
    const before = referencedName(root.repository, path);
    root.repository.update(path, text);
    if (isMacroKind(kind)) root.invalidateMacros();
    this.announce(path, root, kind, [before, referencedName(root.repository, path)], reason);
  }

  private removeText(path: string, reason: ChangeReason): void {
    const root = this.rootOf(path);
    const kind = this.isSpl(path) ? 'spl' : root.kindOf(path);
    const before = kind === 'spl' ? undefined : referencedName(root.repository, path);
    const removed = root.repository.remove(path);
    root.unreadable.delete(path);
    if (removed && isMacroKind(kind)) root.invalidateMacros();
    // Announced even when the model held nothing for it: its diagnostics may need clearing.
    this.announce(path, root, kind, [before, undefined], reason);
  }

  private announce(path: string, root: ContentRoot, kind: ContentKind | 'spl', names: readonly (string | undefined)[], reason: ChangeReason): void {
    const change: FileChange = { path, root, kind, names, reason };
    for (const listener of this.listeners) listener.fileChanged(change);
  }
}
