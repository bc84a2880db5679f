// Where the shared corpus lives: $SPL_WORKBENCH_CORPUS, or ../shared/corpus beside the repo.
// Tests that read it fail (never skip) when it is missing, so CI cannot pass without it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

export function corpusRoot(): string {
  const root = path.resolve(repoRoot, process.env.SPL_WORKBENCH_CORPUS ?? '../shared/corpus');
  if (!existsSync(root)) {
    throw new Error(`corpus not found at ${root}; set SPL_WORKBENCH_CORPUS to the shared corpus folder`);
  }
  return root;
}

/** Every file under `dir` whose name ends with one of `extensions`, sorted. */
export function filesUnder(dir: string, extensions: readonly string[] = ['.yml', '.yaml']): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (extensions.some((e) => name.endsWith(e))) out.push(full);
    }
  };
  walk(dir);
  return out;
}
