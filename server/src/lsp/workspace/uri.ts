// URIs (what the protocol speaks) and paths (what the content model and the disk loader speak).
// `file:` URIs become absolute paths; any other URI (`untitled:`, ...) is kept as its own
// "path", which the content model accepts as given.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** The `file:` URI of an absolute path; a URI (a non-file document) is returned unchanged. */
export function pathToUri(path: string): string {
  if (SCHEME.test(path) && !/^[a-zA-Z]:[\\/]/.test(path)) return path;
  return pathToFileURL(path).href;
}

/** Whether `file` is `folder` or lies below it. Both are absolute paths as the server makes
 * them (from URIs, or joined below a folder), so a prefix test is enough. */
export function isUnder(file: string, folder: string): boolean {
  if (file === folder) return true;
  if (!path.isAbsolute(folder)) return false;
  return file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
