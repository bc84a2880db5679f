// Reads a content repository from disk into the pure ContentRepository: the YAML files of the
// known folders, every `macros.conf` under the root, and the lookups' CSV files. A file that
// cannot be read becomes a diagnostic, never an exception; node_modules and dot-folders are
// skipped.
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../core/diagnostics/diagnostic';
import { contentKindOf } from '../core/content/contentFile';
import { ContentRepository, type ContentEntry } from '../core/content/repository';

export interface LoadedRepository {
  readonly root: string;
  readonly repository: ContentRepository;
  /** Files found but not readable (or folders not listable), each with one diagnostic. */
  readonly unreadable: ReadonlyMap<string, readonly Diagnostic[]>;
}

/** Whether a file under the root is content the model reads (by its path relative to the root,
 * so folder names above the root do not count). */
function isContentFile(relative: string): boolean {
  return contentKindOf(relative).kind !== 'other';
}

function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

function unreadableDiagnostic(error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return diagnostic('content-unreadable', `Could not read the file: ${reason}`, { start: 0, end: 0 });
}

/** Reads the content repository at `root` (blocking). */
export function loadRepositorySync(root: string): LoadedRepository {
  const absRoot = path.resolve(root);
  const entries: ContentEntry[] = [];
  const unreadable = new Map<string, Diagnostic[]>();
  const walk = (dir: string): void => {
    let children: Dirent[];
    try {
      children = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.set(dir, [unreadableDiagnostic(error)]);
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const full = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (!skipFolder(child.name)) walk(full);
        continue;
      }
      if (!isContentFile(path.relative(absRoot, full))) continue;
      try {
        entries.push({ path: full, text: readFileSync(full, 'utf8') });
      } catch (error) {
        unreadable.set(full, [unreadableDiagnostic(error)]);
      }
    }
  };
  walk(absRoot);
  return { root: absRoot, repository: new ContentRepository(entries, { root: absRoot }), unreadable };
}

/** Reads the content repository at `root` without blocking the event loop. */
export async function loadRepository(root: string): Promise<LoadedRepository> {
  const absRoot = path.resolve(root);
  const unreadable = new Map<string, Diagnostic[]>();
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.set(dir, [unreadableDiagnostic(error)]);
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folders: Promise<void>[] = [];
    for (const child of children) {
      const full = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (!skipFolder(child.name)) folders.push(walk(full));
      } else if (isContentFile(path.relative(absRoot, full))) {
        files.push(full);
      }
    }
    await Promise.all(folders);
  };
  await walk(absRoot);
  files.sort();
  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        unreadable.set(file, [unreadableDiagnostic(error)]);
        return undefined;
      }
    }),
  );
  const entries = files.flatMap((file, i) => {
    const text = texts[i];
    return text === undefined ? [] : [{ path: file, text }];
  });
  return { root: absRoot, repository: new ContentRepository(entries, { root: absRoot }), unreadable };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest folder at or above `file`'s folder that holds a `macros/` folder: the content
 * root a file belongs to. */
export function findContentRoot(file: string): string | undefined {
  let dir = path.resolve(file);
  try {
    if (!statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    if (isDirectory(path.join(dir, 'macros'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
