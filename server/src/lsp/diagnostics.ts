// Push diagnostics (`textDocument/publishDiagnostics`) for open documents and for every file of
// the workspace's content roots, so the Problems view shows the state of the repository.
//
// A file's diagnostics are its own (checkFileInRepository / checkSplFile: cached per file) plus
// the cross-file ones of its root (duplicates, unreferenced content: recomputed per root, cheap).
// A change marks files dirty: the changed file, and the files whose own diagnostics can depend
// on it (detections that mention a changed macro, data source or story). Runs are debounced
// after edits, work through the dirty files a slice at a time (yielding to the event loop, so
// requests are answered), check the edited document first, stop when a newer change supersedes
// them, and publish a file only when what the client would show changed.
import type { Connection } from 'vscode-languageserver/node';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { checkFileInRepository, checkSplFile, crossFileDiagnostics } from '../core/analysis';
import type { ContentFile } from '../core/content';
import type { Diagnostic } from '../core/diagnostics/diagnostic';
import { LineIndex } from '../core/text/lineIndex';
import { ContentRoot, isMacroKind } from './workspace/contentRoot';
import type { Settings } from './settings';
import { toLspDiagnostics, type ConversionOptions, type RelatedFile } from './toProtocol';
import { yieldToEventLoop, type FileChange, type Workspace } from './workspace/workspace';

/** Longest stretch of checking before the server yields to pending messages. Short: answering
 * a request takes the server's connection a few turns of the event loop (reading, handling,
 * writing), each of which waits for the slice in progress. */
const SLICE_MS = 8;

/** Own diagnostics whose text depends on the whole macro table (the "did you mean" list). */
const TABLE_DEPENDENT_CODES: ReadonlySet<string> = new Set(['macro-unknown', 'macro-arity']);
/** Own diagnostics about a data source or story that is not there. */
const NAME_DEPENDENT_CODES: ReadonlySet<string> = new Set(['content-unknown-data-source', 'content-unknown-story']);

export interface DiagnosticsOptions {
  /** The client shows related information (from its capabilities). */
  readonly relatedInformation: () => boolean;
  /** Today as YYYY-MM-DD (the contentctl date rules). */
  readonly today?: () => string;
}

interface Published {
  readonly uri: string;
  readonly json: string;
}

export class DiagnosticsPublisher {
  /** Each file's own diagnostics (non-empty lists only). */
  private readonly own = new Map<string, readonly Diagnostic[]>();
  /** The cross-file diagnostics of each root, by path. */
  private readonly cross = new WeakMap<ContentRoot, Map<string, readonly Diagnostic[]>>();
  private readonly crossStale = new Set<ContentRoot>();
  /** The cross-file facts of each file as last seen (see `crossFileFacts`). */
  private readonly facts = new Map<string, string>();
  /** What the client was last sent, per path (only non-empty ones are kept). */
  private readonly published = new Map<string, Published>();
  /** Files to check again, oldest first; `priority` ones (just edited or opened) go first. */
  private readonly dirty = new Set<string>();
  private readonly priority = new Set<string>();
  /** Files whose published diagnostics may be out of date (checked, or their cross-file set moved). */
  private readonly unpublished = new Set<string>();
  /** Just-opened documents: published once even when empty, so the editor knows they were checked. */
  private readonly justOpened = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private running = false;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly settings: Settings,
    private readonly options: DiagnosticsOptions,
  ) {
    workspace.listen({
      rootsLoaded: (roots) => {
        for (const root of roots) {
          this.crossStale.add(root);
          for (const path of this.workspace.filesOf(root)) this.dirty.add(path);
        }
        this.schedule(0);
      },
      fileChanged: (change) => this.fileChanged(change),
    });
    settings.onChange((next, previous) => {
      if (sameSet(next.silence, previous.silence)) return;
      for (const path of this.knownPaths()) this.unpublished.add(path);
      this.schedule(0);
    });
  }

  /** Files waiting to be checked, plus one while a run is scheduled or in progress (0 when idle). */
  get pending(): number {
    return this.dirty.size + (this.timer || this.running ? 1 : 0);
  }

  private fileChanged(change: FileChange): void {
    const { path, root, kind, reason } = change;
    this.dirty.add(path);
    if (reason === 'edit' || reason === 'open') this.priority.add(path);
    if (reason === 'open') this.justOpened.add(path);
    // Cross-file rules look only at names, ids and references, and at the spans of files in a
    // finding. A change that keeps this file's facts, to a file in no finding, cannot move them:
    // skipping the recomputation keeps typing in a large repository fast.
    const facts = crossFileFacts(root.repository.file(path));
    const unchanged = this.facts.get(path) === facts && !this.hasCrossFinding(root, path);
    this.facts.set(path, facts);
    if (!unchanged) this.crossStale.add(root);
    if (isMacroKind(kind)) {
      for (const p of this.macroDependents(root, kind === 'macro' ? change.names : undefined)) this.dirty.add(p);
    } else if (kind === 'data-source' || kind === 'story') {
      for (const p of this.nameDependents(root, change.names)) this.dirty.add(p);
    }
    this.schedule(reason === 'edit' ? this.settings.current.debounceMs : 0);
  }

  /** Detections and `.spl` files whose diagnostics a macro change can move: those that call a
   * changed macro, directly or through other macros (a textual superset: the text contains
   * `` `name ``), and those with an unknown macro (their "did you mean" may change). All of them
   * for a macros.conf (`names` undefined: it defines many). */
  private macroDependents(root: ContentRoot, names: readonly (string | undefined)[] | undefined): string[] {
    const candidates = this.candidates(root);
    if (!names) return candidates;
    const called = new Set(names.filter((n): n is string => n !== undefined));
    const definitions = root.macros().table.definitions();
    for (let grew = true; grew; ) {
      grew = false;
      for (const def of definitions) {
        if (called.has(def.name)) continue;
        if ([...called].some((n) => def.definition.text.includes(`\`${n}`))) {
          called.add(def.name);
          grew = true;
        }
      }
    }
    const mentions = [...called].map((n) => `\`${n}`);
    return candidates.filter((p) => {
      if (this.own.get(p)?.some((d) => TABLE_DEPENDENT_CODES.has(d.code))) return true;
      const text = this.workspace.textOf(p) ?? '';
      return mentions.some((m) => text.includes(m));
    });
  }

  /** Detections that name a changed data source or story (before or after the change), and
   * those that name one that does not exist (the change may have created it). */
  private nameDependents(root: ContentRoot, names: readonly (string | undefined)[]): string[] {
    const candidates = this.candidates(root);
    const known = names.filter((n): n is string => n !== undefined);
    // A name YAML may write escaped: check every detection.
    if (known.some((n) => /["'\\]/.test(n))) return candidates;
    return candidates.filter((p) => {
      if (this.own.get(p)?.some((d) => NAME_DEPENDENT_CODES.has(d.code))) return true;
      const text = this.workspace.textOf(p) ?? '';
      return known.some((n) => text.includes(n));
    });
  }

  /** The published detections and `.spl` files of a root (only those can show a change). */
  private candidates(root: ContentRoot): string[] {
    const detections = root.repository.detections().map((d) => d.path);
    return [...detections, ...this.workspace.splFilesOf(root)].filter((p) => this.workspace.isPublished(p));
  }

  private schedule(delayMs: number): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(generation);
    }, delayMs);
  }

  private async run(generation: number): Promise<void> {
    this.running = true;
    try {
      await this.workspace.settled();
      await this.settings.ready();
      if (generation !== this.generation) return;
      let sliceStart = performance.now();
      // The edited or opened documents, then the other open ones, then the rest of the workspace.
      const open = [...this.dirty].filter((p) => this.workspace.openDocument(p) !== undefined);
      const order = [...this.priority, ...open, ...this.dirty];
      this.priority.clear();
      // The edited documents first: their cross-file diagnostics, then them, then publish.
      this.refreshCross();
      for (const path of order) {
        if (!this.dirty.delete(path)) continue;
        this.checkOne(path);
        if (performance.now() - sliceStart > SLICE_MS) {
          this.publishPending();
          await yieldToEventLoop();
          if (generation !== this.generation) return;
          sliceStart = performance.now();
        }
      }
      this.publishPending();
    } catch (error) {
      this.connection.console.error(`Diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      // A superseded run leaves the flag to the run that replaced it.
      if (generation === this.generation) this.running = false;
    }
  }

  private hasCrossFinding(root: ContentRoot, path: string): boolean {
    return (this.cross.get(root)?.get(path)?.length ?? 0) > 0;
  }

  /** Recomputes the cross-file diagnostics of the roots that changed; files whose set moved are
   * published again. */
  private refreshCross(): void {
    for (const root of this.crossStale) {
      const next = root.folder === undefined ? new Map<string, Diagnostic[]>() : crossFileDiagnostics(root.repository, root.macros().table);
      const previous = this.cross.get(root) ?? new Map<string, readonly Diagnostic[]>();
      for (const path of new Set([...previous.keys(), ...next.keys()])) {
        if (JSON.stringify(previous.get(path) ?? []) !== JSON.stringify(next.get(path) ?? [])) this.unpublished.add(path);
      }
      this.cross.set(root, next);
    }
    this.crossStale.clear();
  }

  private checkOne(path: string): void {
    this.unpublished.add(path);
    if (!this.workspace.isPublished(path)) {
      this.own.delete(path);
      return;
    }
    let diagnostics: readonly Diagnostic[] = [];
    try {
      diagnostics = this.ownDiagnostics(path);
    } catch (error) {
      this.connection.console.error(`Checking ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (diagnostics.length) this.own.set(path, diagnostics);
    else this.own.delete(path);
  }

  private ownDiagnostics(path: string): readonly Diagnostic[] {
    const root = this.workspace.rootOf(path);
    if (this.workspace.isSpl(path)) {
      const text = this.workspace.textOf(path);
      return text === undefined ? [] : checkSplFile(path, text, root.macros().table);
    }
    const unreadable = root.unreadable.get(path);
    if (unreadable) return unreadable;
    const file = root.repository.file(path);
    if (!file) return [];
    return checkFileInRepository(file, root.repository, root.macros(), { today: this.options.today?.() ?? todayIso() });
  }

  /** The diagnostics the client should show for `path`, silenced codes removed: the one place
   * where the silence setting applies. */
  private visibleDiagnostics(path: string): Diagnostic[] {
    if (!this.workspace.isPublished(path)) return [];
    const all = [...(this.own.get(path) ?? []), ...(this.cross.get(this.workspace.rootOf(path))?.get(path) ?? [])];
    const silence = this.settings.current.silence;
    return silence.size ? all.filter((d) => !silence.has(d.code)) : all;
  }

  private publishPending(): void {
    if (this.unpublished.size === 0) return;
    const relatedLines = new Map<string, RelatedFile | undefined>();
    const conversion: ConversionOptions = {
      relatedInformation: this.options.relatedInformation(),
      relatedFile: (file) => {
        if (!relatedLines.has(file)) {
          const text = this.workspace.textOf(file);
          relatedLines.set(file, text === undefined ? undefined : { uri: this.workspace.uriOf(file), lines: new LineIndex(text) });
        }
        return relatedLines.get(file);
      },
    };
    for (const path of this.unpublished) {
      const visible = this.visibleDiagnostics(path);
      const diagnostics: LspDiagnostic[] = visible.length ? toLspDiagnostics(visible, this.workspace.textOf(path) ?? '', conversion) : [];
      const json = JSON.stringify(diagnostics);
      const previous = this.published.get(path);
      const opened = this.justOpened.delete(path) && this.workspace.openDocument(path) !== undefined;
      if ((previous?.json ?? '[]') === json && !opened) continue;
      const uri = this.workspace.uriOf(path);
      // The client may spell the URI of an open document differently from ours: clear the old.
      if (previous && previous.uri !== uri) this.connection.sendDiagnostics({ uri: previous.uri, diagnostics: [] }).catch(() => undefined);
      const version = this.workspace.openDocument(path)?.version;
      this.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics }).catch(() => undefined);
      if (diagnostics.length) this.published.set(path, { uri, json });
      else this.published.delete(path);
    }
    this.unpublished.clear();
  }

  private knownPaths(): Set<string> {
    const paths = new Set([...this.own.keys(), ...this.published.keys()]);
    for (const root of [...this.workspace.contentRoots()]) for (const path of this.cross.get(root)?.keys() ?? []) paths.add(path);
    return paths;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** What the cross-file rules read of a file: its kind, name, id, macro arity, and the data
 * sources and stories it names. Anything else in it can change without moving their findings. */
export function crossFileFacts(file: ContentFile | undefined): string {
  if (!file) return 'absent';
  const name = 'name' in file ? file.name?.value : undefined;
  switch (file.kind) {
    case 'detection':
      return JSON.stringify([file.kind, name, file.id?.value, file.dataSources.map((d) => d.value), file.stories.map((s) => s.value)]);
    case 'macro':
      return JSON.stringify([file.kind, name, file.macro?.name, file.macro?.args.length]);
    case 'story':
      return JSON.stringify([file.kind, name, file.id?.value]);
    case 'macros-conf':
      // Defines any number of macros: every change counts.
      return JSON.stringify([file.kind, file.text]);
    default:
      return JSON.stringify([file.kind, name, 'id' in file ? (file.id as { value?: unknown } | undefined)?.value : undefined]);
  }
}
