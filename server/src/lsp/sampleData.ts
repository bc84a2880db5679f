// The sample data behind hover and completion values: for each detection, the files of its tests'
// attack_data (mapped to local files through contentctl.yml's test_data_caches, as `contentctl
// test` would) are read in the background, every event extracted by the engine with the entry's
// sourcetype (so field aliases such as process_name apply) and summarised into the top values per
// field; the detection's search is run on them by the engine for its first result rows (the
// preview the `$token$` hover shows). Requests never wait: they get what is loaded and schedule
// what is missing or stale. Stale means the detection's search or tests changed, the root's macro
// table changed, or a data file's size or modification time changed.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Detection } from '../core/content';
import { attackDataMetadata, defaultFieldDefinitions, FieldExtractor, lookupTablesOf, type EventMetadata } from '../core/engine';
import { FieldValueCounter, type FieldValueSummary } from '../core/engine/fieldValues';
import type { FieldSample, PreviewRows, SampleValues } from '../core/ide/sampleValues';
import { readNdjson } from '../node/events/readNdjson';
import { readTestDataCaches, resolveAttackData, runDetectionTest, type TestDataCache } from '../node/events/detectionTest';
import type { DocumentAnalysis } from './documentAnalysis';
import type { LspFeature } from './feature';
import { SAMPLE_DATA_STATUS_REQUEST, type SampleDataStatus } from './protocol';
import type { ContentRoot } from './workspace/contentRoot';
import { yieldToEventLoop, type FileChange, type Workspace, type WorkspaceListener, type WorkspaceLog } from './workspace/workspace';

/** Events summarised per file: enough for the frequent values, bounded time and memory. */
const MAX_EVENTS_PER_FILE = 50_000;
/** Result rows kept for the preview. */
const PREVIEW_ROWS = 10;
/** A request re-checks the data files (and contentctl.yml) at most this often. */
const RECHECK_MS = 2000;
/** Events extracted between turns of the event loop (about 5 ms of work: requests wait no longer). */
const EVENTS_PER_SLICE = 100;

interface DataInput {
  readonly path: string;
  readonly metadata: EventMetadata;
}

interface FileVersion {
  readonly size: number;
  readonly mtimeMs: number;
}

interface FileSummary {
  readonly version: FileVersion | undefined;
  /** Undefined while loading or when the file could not be read. */
  summary?: FieldValueSummary;
  error?: string;
}

interface Preview {
  /** What the rows were computed from (see previewKey). */
  readonly key: string;
  readonly rows: PreviewRows;
}

function fileKey(input: DataInput): string {
  return `${input.path}\u0000${input.metadata.sourcetype ?? ''}\u0000${input.metadata.source ?? ''}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function versionOf(file: string): Promise<FileVersion | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  return a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;
}

export class SampleDataIndex implements WorkspaceListener {
  /** test_data_caches by content root folder. */
  private readonly caches = new Map<string, readonly TestDataCache[]>();
  /** Summaries by file, sourcetype and source. */
  private readonly files = new Map<string, FileSummary>();
  /** Previews by detection path. */
  private readonly previews = new Map<string, Preview>();
  /** Merged summaries by the list of file keys they merge. */
  private readonly merged = new Map<string, { parts: readonly FieldValueSummary[]; summary: FieldValueSummary }>();
  private readonly scheduled = new Set<string>();
  /** Background work runs one task at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private lastCheck = new Map<string, number>();
  private readonly extractor = new FieldExtractor(defaultFieldDefinitions());

  constructor(
    private readonly workspace: Workspace,
    private readonly log: WorkspaceLog,
  ) {}

  // --- background work ---------------------------------------------------------------------------

  private schedule(key: string, task: () => Promise<void>): void {
    if (this.scheduled.has(key)) return;
    this.scheduled.add(key);
    this.pending++;
    this.chain = this.chain.then(async () => {
      this.scheduled.delete(key);
      try {
        await task();
      } catch (error) {
        this.log.error(`Sample data (${key}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        this.pending--;
      }
    });
  }

  /** The workspace is indexed and no sample data is waiting to be loaded. */
  get loaded(): boolean {
    return this.workspace.isIndexed && this.pending === 0;
  }

  status(): SampleDataStatus {
    let events = 0;
    for (const f of this.files.values()) events += f.summary?.events ?? 0;
    return { loaded: this.loaded, files: [...this.files.values()].filter((f) => f.summary).length, events, previews: this.previews.size };
  }

  rootsLoaded(roots: readonly ContentRoot[]): void {
    // Every detection's data files, so values are there before the first hover.
    for (const root of roots) {
      const folder = root.folder;
      if (folder === undefined) continue;
      this.schedule(`caches ${folder}`, async () => {
        this.caches.set(folder, readTestDataCaches(folder));
        for (const detection of root.repository.detections()) for (const input of this.inputsOf(folder, detection)) this.scheduleFile(input);
      });
    }
  }

  fileChanged(change: FileChange): void {
    // An opened detection gets its preview before the first hover on a token.
    if (change.kind !== 'detection' || change.reason !== 'open') return;
    const file = change.root.repository.file(change.path);
    if (file?.kind === 'detection' && change.root.folder !== undefined) this.schedulePreview(change.root, file);
  }

  private scheduleFile(input: DataInput, known?: FileVersion): void {
    const key = fileKey(input);
    this.schedule(`file ${key}`, async () => {
      const version = known ?? (await versionOf(input.path));
      const current = this.files.get(key);
      if (current && current.summary && sameVersion(current.version, version)) return;
      if (!version) {
        this.files.set(key, { version, error: 'no such file' });
        return;
      }
      const entry: FileSummary = { version };
      this.files.set(key, entry);
      try {
        entry.summary = await this.summarise(input);
      } catch (error) {
        entry.error = describe(error);
      }
    });
  }

  private async summarise(input: DataInput): Promise<FieldValueSummary> {
    const counter = new FieldValueCounter();
    let read = 0;
    for await (const event of readNdjson(input.path, { metadata: input.metadata })) {
      counter.add(this.extractor.extractAll(event));
      if (++read >= MAX_EVENTS_PER_FILE) break;
      if (read % EVENTS_PER_SLICE === 0) await yieldToEventLoop();
    }
    return counter;
  }

  private previewKey(root: ContentRoot, detection: Detection, inputs: readonly DataInput[]): string {
    const versions = inputs.map((i) => {
      const v = this.files.get(fileKey(i))?.version;
      return `${fileKey(i)}@${v ? `${v.size}:${v.mtimeMs}` : '-'}`;
    });
    return JSON.stringify([detection.search?.text ?? '', versions, macroGeneration(root)]);
  }

  private schedulePreview(root: ContentRoot, detection: Detection): void {
    const folder = root.folder;
    if (folder === undefined) return;
    this.schedule(`preview ${detection.path}`, async () => {
      // The detection as the server holds it now (it may have been edited since).
      const now = root.repository.file(detection.path);
      if (now?.kind !== 'detection') return;
      if (!this.caches.has(folder)) this.caches.set(folder, readTestDataCaches(folder));
      const inputs = this.inputsOf(folder, now);
      for (const input of inputs) {
        const version = await versionOf(input.path);
        const known = this.files.get(fileKey(input));
        if (!known || !sameVersion(known.version, version)) this.files.set(fileKey(input), { version });
      }
      const key = this.previewKey(root, now, inputs);
      if (this.previews.get(now.path)?.key === key) return;
      const run = await runDetectionTest(now, { contentRoot: folder, macros: root.macros().table, lookups: lookupTablesOf(root.repository) });
      const error = run.result.error?.message ?? (inputs.length === 0 ? 'the detection has no test data' : undefined);
      const rows: PreviewRows = { rows: run.result.rows.slice(0, PREVIEW_ROWS), total: run.result.rows.length, ...(error !== undefined ? { error } : {}) };
      this.previews.set(now.path, { key, rows });
      // The files just checked may need a new summary too.
      for (const input of inputs) if (!this.files.get(fileKey(input))?.summary) this.scheduleFile(input);
    });
  }

  // --- what a request sees -------------------------------------------------------------------------

  /** The local files of a detection's tests (only files that map; existence is checked later). */
  private inputsOf(folder: string, detection: Detection): DataInput[] {
    const caches = this.caches.get(folder) ?? [];
    const inputs: DataInput[] = [];
    const seen = new Set<string>();
    for (const test of detection.tests) {
      for (const data of test.attackData) {
        const url = data.data?.value;
        const file = url ? resolveAttackData(url, caches, folder) : undefined;
        if (!file) continue;
        const input = { path: file, metadata: attackDataMetadata(data) };
        if (seen.has(fileKey(input))) continue;
        seen.add(fileKey(input));
        inputs.push(input);
      }
    }
    return inputs;
  }

  /** Schedules a re-check of the files (and test_data_caches) of a root at most every RECHECK_MS. */
  private recheck(folder: string, inputs: readonly DataInput[]): void {
    const now = Date.now();
    if (now - (this.lastCheck.get(folder) ?? 0) < RECHECK_MS) return;
    this.lastCheck.set(folder, now);
    this.schedule(`recheck ${folder}`, async () => {
      this.caches.set(folder, readTestDataCaches(folder));
      for (const input of inputs) {
        const version = await versionOf(input.path);
        const known = this.files.get(fileKey(input));
        if (!known || !sameVersion(known.version, version)) this.scheduleFile(input, version);
      }
    });
  }

  private summaryOf(inputs: readonly DataInput[]): { summary: FieldValueSummary; source: string } | undefined {
    const ready = inputs.map((i) => ({ input: i, summary: this.files.get(fileKey(i))?.summary })).filter((r) => r.summary !== undefined);
    if (ready.length === 0) return undefined;
    const names = [...new Set(ready.map((r) => path.basename(r.input.path)))];
    const source = names.length <= 2 ? names.join(' and ') : `${names.length} test data files`;
    const parts = ready.map((r) => r.summary as FieldValueSummary);
    if (parts.length === 1) return { summary: parts[0], source };
    const key = ready.map((r) => fileKey(r.input)).join('\u0001');
    const cached = this.merged.get(key);
    if (cached && cached.parts.length === parts.length && cached.parts.every((p, i) => p === parts[i])) return { summary: cached.summary, source };
    const merged = new FieldValueCounter();
    for (const part of parts) merged.merge(part);
    this.merged.set(key, { parts, summary: merged });
    return { summary: merged, source };
  }

  /** The sample data of a document: a detection's own test data; for other files of a content
   * root (a `.spl` search, a macro) the test data of every detection of the root. Never waits:
   * what is missing or stale is scheduled. */
  samplesFor(document: DocumentAnalysis): SampleValues | undefined {
    const root = document.root;
    const folder = root.folder;
    if (folder === undefined) return undefined;
    if (!this.caches.has(folder)) {
      this.schedule(`caches ${folder}`, async () => {
        this.caches.set(folder, readTestDataCaches(folder));
      });
      return undefined;
    }
    const detection = document.file?.kind === 'detection' ? document.file : undefined;
    const inputs = detection ? this.inputsOf(folder, detection) : this.rootInputs(folder, root);
    for (const input of inputs) if (!this.files.has(fileKey(input))) this.scheduleFile(input);
    this.recheck(folder, inputs);
    let summary: { summary: FieldValueSummary; source: string } | undefined | null = null;
    const summaryNow = (): { summary: FieldValueSummary; source: string } | undefined => (summary === null ? (summary = this.summaryOf(inputs)) : summary);
    return {
      topValues: (field, limit): FieldSample | undefined => {
        const found = summaryNow();
        if (!found) return undefined;
        return { values: found.summary.top(field, limit), present: found.summary.present(field), events: found.summary.events, source: found.source };
      },
      previewRows: (): PreviewRows | undefined => {
        if (!detection) return undefined;
        const preview = this.previews.get(detection.path);
        if (preview?.key === this.previewKey(root, detection, inputs)) return preview.rows;
        this.schedulePreview(root, detection);
        return undefined;
      },
    };
  }

  private rootInputs(folder: string, root: ContentRoot): DataInput[] {
    const seen = new Map<string, DataInput>();
    for (const detection of root.repository.detections()) for (const input of this.inputsOf(folder, detection)) seen.set(fileKey(input), input);
    return [...seen.values()];
  }
}

/** Distinguishes macro tables: the root rebuilds its table object after a macro changed. */
const macroIds = new WeakMap<object, number>();
let nextMacroId = 0;
function macroGeneration(root: ContentRoot): number {
  const table = root.macros();
  let id = macroIds.get(table);
  if (id === undefined) macroIds.set(table, (id = ++nextMacroId));
  return id;
}

const indexes = new WeakMap<Workspace, SampleDataIndex>();

/** The sample data index of the server's workspace (undefined until the feature registered). */
export function sampleDataOf(workspace: Workspace): SampleDataIndex | undefined {
  return indexes.get(workspace);
}

/** Loads the sample data in the background and answers `splWorkbench/sampleDataStatus`. Hover
 * and completion read it through `sampleDataOf`. */
export const sampleDataFeature: LspFeature = {
  capabilities: {},
  register({ connection, workspace }) {
    const index = new SampleDataIndex(workspace, {
      info: (message) => connection.console.info(message),
      error: (message) => connection.console.error(message),
    });
    indexes.set(workspace, index);
    workspace.listen(index);
    connection.onRequest(SAMPLE_DATA_STATUS_REQUEST, (): SampleDataStatus => index.status());
  },
};
