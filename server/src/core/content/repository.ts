// An in-memory content repository: files parsed into the content model, indexed by name.
// Pure: files come in as values. A file is parsed the first time it is asked for (parsing the
// whole 2024 corpus takes about a second, most of it in yaml; answering for one detection needs
// only that detection and the few files it names). The name index is built from the `name:`
// line of each file where that line is unambiguous, so finding a data source or story by name
// parses only the files that carry it. Updating one file re-parses only that file.
import type { MacroDefinition } from '../macros/macroDefinition';
import { contentKindOf, parseContentFile } from './contentFile';
import { quickName } from './quickName';
import type { ContentFile, ContentKind, DataSource, Deployment, Detection, Lookup, LookupTable, MacroFile, MacrosConfFile, Story } from './model';
import { baseName, normalizePath, relativeTo } from './paths';

export interface ContentEntry {
  /** Relative to the content root, or absolute (or a URI): kept as given in the model. */
  readonly path: string;
  readonly text: string;
}

export interface ContentRepositoryOptions {
  /** The content root, so absolute and root-relative paths name the same file. */
  readonly root?: string;
}

type FileOfKind<K extends ContentKind> = Extract<ContentFile, { kind: K }>;

/** One file of the table: its text, and its model once parsed. */
interface Slot {
  readonly path: string;
  readonly text: string;
  readonly kind: ContentKind;
  file?: ContentFile;
}

interface Indexes {
  readonly byKind: Map<ContentKind, Slot[]>;
  /** kind -> name -> files with that name (more than one is a duplicate). */
  readonly byName: Map<ContentKind, Map<string, Slot[]>>;
}

function slotOf(path: string, text: string): Slot {
  return { path, text, kind: contentKindOf(normalizePath(path)).kind };
}

function parsed(slot: Slot): ContentFile {
  return (slot.file ??= parseContentFile(slot.path, slot.text));
}

function nameOf(slot: Slot): string | undefined {
  if (slot.kind === 'lookup-table' || slot.kind === 'macros-conf' || slot.kind === 'other') return undefined;
  if (!slot.file) {
    const quick = quickName(slot.text);
    if (quick !== undefined) return quick;
  }
  const file = parsed(slot);
  return 'name' in file ? file.name?.value : undefined;
}

export class ContentRepository {
  private readonly table = new Map<string, Slot>();
  private indexes: Indexes | undefined;
  readonly root: string | undefined;

  constructor(entries: Iterable<ContentEntry> = [], options: ContentRepositoryOptions = {}) {
    this.root = options.root;
    for (const entry of entries) this.table.set(this.key(entry.path), slotOf(entry.path, entry.text));
  }

  /** Adds or replaces one file; returns its new model. */
  update(path: string, text: string): ContentFile {
    const slot = slotOf(path, text);
    this.table.set(this.key(path), slot);
    this.indexes = undefined;
    return parsed(slot);
  }

  remove(path: string): boolean {
    const removed = this.table.delete(this.key(path));
    if (removed) this.indexes = undefined;
    return removed;
  }

  file(path: string): ContentFile | undefined {
    const slot = this.table.get(this.key(path));
    return slot ? parsed(slot) : undefined;
  }

  /** Every file, parsed. */
  files(): ContentFile[] {
    return [...this.table.values()].map(parsed);
  }

  /** The paths of the table (no parsing). */
  paths(): string[] {
    return [...this.table.values()].map((s) => s.path);
  }

  ofKind<K extends ContentKind>(kind: K): readonly FileOfKind<K>[] {
    return (this.index().byKind.get(kind) ?? []).map(parsed) as FileOfKind<K>[];
  }

  /** All files of `kind` named `name` (exact match). */
  named<K extends ContentKind>(kind: K, name: string): readonly FileOfKind<K>[] {
    const slots = this.index().byName.get(kind)?.get(name) ?? [];
    return slots.map(parsed).filter((f) => 'name' in f && f.name?.value === name) as FileOfKind<K>[];
  }

  detections(): readonly Detection[] {
    return this.ofKind('detection');
  }

  detection(name: string): Detection | undefined {
    return this.named('detection', name)[0];
  }

  macroFiles(): readonly MacroFile[] {
    return this.ofKind('macro');
  }

  /** The macros defined by `macros/*.yml`, for the macro table (macros.conf files are parsed by
   * the macros module: see `macrosConfFiles`). */
  macros(): MacroDefinition[] {
    return this.macroFiles().flatMap((f) => (f.macro ? [f.macro] : []));
  }

  macrosConfFiles(): readonly MacrosConfFile[] {
    return this.ofKind('macros-conf');
  }

  dataSources(): readonly DataSource[] {
    return this.ofKind('data-source');
  }

  dataSource(name: string): DataSource | undefined {
    return this.named('data-source', name)[0];
  }

  stories(): readonly Story[] {
    return this.ofKind('story');
  }

  story(name: string): Story | undefined {
    return this.named('story', name)[0];
  }

  lookups(): readonly Lookup[] {
    return this.ofKind('lookup');
  }

  lookup(name: string): Lookup | undefined {
    return this.named('lookup', name)[0];
  }

  /** The CSV a lookup's `filename` names (it sits next to the lookup's YAML in `lookups/`). */
  lookupTable(filename: string): LookupTable | undefined {
    const slot = (this.index().byKind.get('lookup-table') ?? []).find((t) => baseName(t.path) === baseName(filename));
    return slot ? (parsed(slot) as LookupTable) : undefined;
  }

  deployments(): readonly Deployment[] {
    return this.ofKind('deployment');
  }

  /** The deployment (or schedule) that applies to detections of `type`. */
  deploymentFor(type: string): Deployment | undefined {
    const all = this.deployments();
    const exact = all.find((d) => d.appliesTo === type);
    if (exact) return exact;
    // ESCU 6 schedules one EventBasedDetection schedule for TTP and Anomaly detections.
    return type === 'TTP' || type === 'Anomaly' ? all.find((d) => d.appliesTo === 'EventBasedDetection') : undefined;
  }

  private key(path: string): string {
    return normalizePath(this.root ? relativeTo(this.root, path) : path);
  }

  private index(): Indexes {
    if (this.indexes) return this.indexes;
    const byKind = new Map<ContentKind, Slot[]>();
    const byName = new Map<ContentKind, Map<string, Slot[]>>();
    for (const slot of this.table.values()) {
      let list = byKind.get(slot.kind);
      if (!list) byKind.set(slot.kind, (list = []));
      list.push(slot);
      const name = nameOf(slot);
      if (name === undefined) continue;
      let names = byName.get(slot.kind);
      if (!names) byName.set(slot.kind, (names = new Map()));
      const same = names.get(name);
      if (same) same.push(slot);
      else names.set(name, [slot]);
    }
    this.indexes = { byKind, byName };
    return this.indexes;
  }
}
