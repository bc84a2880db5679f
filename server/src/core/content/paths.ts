// POSIX-style path handling for the core, which may not use node:path (it must run the same on
// every platform and in a browser). Paths are normalised to forward slashes; a Windows drive
// letter or a leading slash is kept as the root.

/** Forward slashes, no `.` segments, `..` resolved where possible, no trailing slash. */
export function normalizePath(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  const root = /^([A-Za-z]:)?\//.exec(slashed)?.[0] ?? '';
  const parts: string[] = [];
  for (const part of slashed.slice(root.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !root) parts.push(part);
  }
  return root + parts.join('/');
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '').join('/'));
}

export function baseName(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

export function dirName(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  if (i < 0) return '';
  return i === 0 ? '/' : n.slice(0, i);
}

/** The file name without its last extension: `a/b.v1.yml` gives `b.v1`. */
export function fileStem(p: string): string {
  const base = baseName(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** `p` relative to `root` when it lies under it, else `p` normalised. */
export function relativeTo(root: string, p: string): string {
  const r = normalizePath(root);
  const n = normalizePath(p);
  if (r === '' || r === '.') return n;
  if (n === r) return '';
  const prefix = r.endsWith('/') ? r : `${r}/`;
  return n.startsWith(prefix) ? n.slice(prefix.length) : n;
}

/** The folder segments of a path (without the file name). */
export function folderSegments(p: string): string[] {
  const n = normalizePath(p);
  const parts = n.split('/').filter((s) => s !== '');
  parts.pop();
  return parts;
}
