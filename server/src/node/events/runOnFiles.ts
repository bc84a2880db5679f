// Runs a search over NDJSON files: the engine reads them as a stream (again for each
// subsearch). Lines the reader skipped become the result's bad lines; a file that cannot be read
// becomes the result's error, naming the file.
import { runSearch, type SearchInput, type SearchOptions, type SearchResult } from '../../core/engine';
import { NdjsonReadError, readEventFiles, type EventFileInput, type LineProblem } from './readNdjson';

export async function runSearchOnFiles(search: SearchInput, inputs: readonly EventFileInput[], options: SearchOptions = {}): Promise<SearchResult> {
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  const onProblem = (p: LineProblem): void => {
    // Subsearches read the files again: report each line once.
    const key = `${p.file}:${p.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };
  // The engine parses only the lines its search does not rule out (see readNdjson's `parse`).
  const result = await runSearch(search, () => readEventFiles(inputs, { onProblem, parse: false }), options);
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
