// Runs a search over NDJSON files: the engine reads them as a stream (again for each
// subsearch). Lines the reader skipped become the result's bad lines; a file that cannot be read
// becomes the result's error, naming the file. A caller may follow the bytes read (progress on
// large data) and stop the run between chunks (cancellation): a stopped run returns no rows and
// an `engine-cancelled` error, never the partial rows.
import { statSync } from 'node:fs';
import { runSearch, type SearchInput, type SearchOptions, type SearchResult } from '../../core/engine';
import { NdjsonReadError, readEventFiles, type EventFileInput, type LineProblem } from './readNdjson';

export interface FileRunProgress {
  /** Bytes read so far (subsearches read the files again: it can pass `totalBytes`). */
  readonly bytesRead: number;
  /** The size of the input files. */
  readonly totalBytes: number;
  /** Events the main search has read. */
  readonly eventsRead: number;
}

export interface FileRunOptions extends SearchOptions {
  /** Called after each chunk read, at most every `progressEveryMs` (default 100 ms). */
  readonly onFileProgress?: (progress: FileRunProgress) => void;
  readonly progressEveryMs?: number;
  /** Asked before each chunk: true stops the run. */
  readonly isCancelled?: () => boolean;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // The reader reports the missing file.
  }
}

export async function runSearchOnFiles(search: SearchInput, inputs: readonly EventFileInput[], options: FileRunOptions = {}): Promise<SearchResult> {
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  const onProblem = (p: LineProblem): void => {
    // Subsearches read the files again: report each line once.
    const key = `${p.file}:${p.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };
  const { onFileProgress, isCancelled, progressEveryMs = 100, ...searchOptions } = options;
  const totalBytes = onFileProgress ? inputs.reduce((n, f) => n + sizeOf(f.path), 0) : 0;
  let bytesRead = 0;
  let eventsRead = 0;
  let reportedAt = 0;
  let cancelled = false;
  const onChunk = (bytes: number): boolean => {
    if (isCancelled?.()) {
      cancelled = true;
      return false;
    }
    bytesRead += bytes;
    if (onFileProgress) {
      const now = performance.now();
      if (now - reportedAt >= progressEveryMs) {
        reportedAt = now;
        onFileProgress({ bytesRead, totalBytes, eventsRead });
      }
    }
    return true;
  };
  const watched = onFileProgress || isCancelled;
  const engineOptions: SearchOptions = onFileProgress
    ? {
        ...searchOptions,
        onProgress: (n) => {
          eventsRead = n;
          searchOptions.onProgress?.(n);
        },
      }
    : searchOptions;
  // The engine parses only the lines its search does not rule out (see readNdjson's `parse`).
  const result = await runSearch(search, () => readEventFiles(inputs, { onProblem, parse: false, ...(watched ? { onChunk } : {}) }), engineOptions);
  if (cancelled) {
    const { origins: _partial, ...rest } = result;
    return { ...rest, columns: [], rows: [], error: { code: 'engine-cancelled', message: 'The run was cancelled before it read all its events.' } };
  }
  const skipped = problems.filter((p) => p.skipped);
  const kept = problems.filter((p) => !p.skipped);
  const error = result.error?.code === 'engine-input' ? result.error : undefined;
  return {
    ...result,
    warnings: [...result.warnings, ...kept.slice(0, 100).map((p) => ({ message: `${p.file}:${p.line}: ${p.error}` }))],
    input: {
      events: result.input.events,
      bad_lines: [...skipped.slice(0, 1000).map(({ file, line, error: e }) => ({ file, line, error: e })), ...result.input.bad_lines],
      bad_line_count: skipped.length + result.input.bad_line_count,
    },
    ...(error ? { error } : {}),
  };
}

export { NdjsonReadError };
