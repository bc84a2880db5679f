// Turns the paths given on the command line into content repositories and the files of them to
// report on. A path may be a content root, a folder inside one, a single YAML file or a .spl
// file; files outside any content root are checked on their own.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ContentRepository } from '../core/content';
import type { Diagnostic } from '../core/diagnostics/diagnostic';
import { findContentRoot, loadRepositorySync } from '../node/loadRepository';
import { UsageError } from './usage';

export interface LoadedScope {
  readonly root: string | undefined;
  readonly repository: ContentRepository;
  readonly unreadable: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Absolute paths of the repository's files to report on. */
  readonly files: string[];
  /** Absolute paths of `.spl` files to report on (not part of the content model). */
  readonly splFiles: string[];
}

function isUnder(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Groups `inputs` by content root (`contentRoot` overrides the search for one). */
export function loadScopes(inputs: readonly string[], contentRoot?: string): LoadedScope[] {
  if (contentRoot !== undefined && !existsSync(path.join(contentRoot))) throw new UsageError(`--content-root ${contentRoot} does not exist`);
  const byRoot = new Map<string, { inputs: string[] }>();
  const loose: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    if (!existsSync(abs)) throw new UsageError(`no such file or folder: ${input}`);
    // A folder outside any content root is read as a content root of its own.
    const root = contentRoot !== undefined ? path.resolve(contentRoot) : (findContentRoot(abs) ?? (statSync(abs).isDirectory() ? abs : undefined));
    if (root === undefined) {
      loose.push(abs);
      continue;
    }
    const entry = byRoot.get(root) ?? { inputs: [] };
    entry.inputs.push(abs);
    byRoot.set(root, entry);
  }
  const scopes: LoadedScope[] = [];
  for (const [root, { inputs: targets }] of byRoot) {
    const loaded = loadRepositorySync(root);
    const files: string[] = [];
    const splFiles: string[] = [];
    for (const target of targets) {
      if (statSync(target).isDirectory()) {
        files.push(...loaded.repository.paths().filter((p) => isUnder(p, target)));
        files.push(...[...loaded.unreadable.keys()].filter((p) => isUnder(p, target)));
      } else if (target.endsWith('.spl')) {
        splFiles.push(target);
      } else if (loaded.repository.file(target)) {
        files.push(target);
      } else {
        // A file the loader does not read as content (outside the known folders): add it so
        // it is still checked, as what its path says it is.
        loaded.repository.update(target, readFileSync(target, 'utf8'));
        files.push(target);
      }
    }
    scopes.push({ root, repository: loaded.repository, unreadable: loaded.unreadable, files: [...new Set(files)].sort(), splFiles });
  }
  if (loose.length) {
    const repository = new ContentRepository([]);
    const files: string[] = [];
    const splFiles: string[] = [];
    for (const file of loose) {
      if (file.endsWith('.spl')) splFiles.push(file);
      else {
        repository.update(file, readFileSync(file, 'utf8'));
        files.push(file);
      }
    }
    scopes.push({ root: undefined, repository, unreadable: new Map(), files, splFiles });
  }
  return scopes;
}

/** Paths as the user sees them: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
