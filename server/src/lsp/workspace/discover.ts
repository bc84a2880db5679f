// Finds what a workspace folder holds: its content roots (folders with a `macros/` folder, the
// workspace folder itself or any folder below it) and its `.spl` files. Roots do not nest: the
// loader of a root reads every content file below it, so the walk does not look for roots below
// one (it still collects `.spl` files there). node_modules and dot-folders are skipped, symbolic
// links are not followed. Asynchronous: a large folder never blocks the server.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface DiscoveredContent {
  readonly roots: string[];
  readonly splFiles: string[];
}

function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

export async function discoverContent(folder: string): Promise<DiscoveredContent> {
  const roots: string[] = [];
  const splFiles: string[] = [];
  const walk = async (dir: string, insideRoot: boolean): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // an unlistable folder holds nothing we can read
    }
    const isRoot = !insideRoot && children.some((c) => c.isDirectory() && c.name === 'macros');
    if (isRoot) roots.push(dir);
    const below: Promise<void>[] = [];
    for (const child of children) {
      const full = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (!skipFolder(child.name)) below.push(walk(full, insideRoot || isRoot));
      } else if (child.isFile() && child.name.endsWith('.spl')) {
        splFiles.push(full);
      }
    }
    await Promise.all(below);
  };
  await walk(path.resolve(folder), false);
  return { roots: roots.sort(), splFiles: splFiles.sort() };
}
