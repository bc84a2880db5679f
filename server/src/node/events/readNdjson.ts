// Reads NDJSON event files as a stream: one JSON object per line, never the whole file in
// memory. Lines are split on the bytes (a line may span many chunks: a 10 MB line is fine),
// CRLF and a leading BOM are handled, empty lines are skipped. A line that is not a JSON object
// is reported (file, line, why) and skipped; invalid UTF-8 is decoded with U+FFFD and reported,
// the event is kept. A file that cannot be opened throws NdjsonReadError naming it.
import { createReadStream } from 'node:fs';
import type { EventMetadata, RawEvent } from '../../core/engine';

export interface NdjsonLine extends RawEvent {
  readonly raw: string;
  /** Undefined with `parse: false` (the engine parses the lines it needs). */
  readonly json?: Record<string, unknown>;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

export interface LineProblem {
  readonly file: string;
  readonly line: number;
  readonly error: string;
  /** The line was not yielded (malformed); false for a kept line with a problem (bad UTF-8). */
  readonly skipped: boolean;
}

export interface ReadNdjsonOptions {
  readonly metadata?: EventMetadata;
  readonly onProblem?: (problem: LineProblem) => void;
  /** Longer lines are skipped and reported (default 64 MiB). */
  readonly maxLineBytes?: number;
  /** Stream chunk size (default 1 MiB). */
  readonly chunkBytes?: number;
  /** Parse each line (default). `false` only checks that a line looks like an object (`{...}`)
   * and leaves parsing to the engine, which skips lines its search rules out: a malformed line
   * among those is then not reported. */
  readonly parse?: boolean;
  /** Called with the size of each chunk read; returning false stops reading (the file ends
   * there: a cancelled run). */
  readonly onChunk?: (bytes: number) => boolean;
}

export class NdjsonReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`Cannot read ${file}: ${reason}`);
    this.name = 'NdjsonReadError';
  }
}

const DEFAULT_MAX_LINE = 64 * 1024 * 1024;
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function describe(error: unknown): { reason: string; code?: string } {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return { reason: 'no such file', code };
  if (code === 'EACCES' || code === 'EPERM') return { reason: 'permission denied', code };
  if (code === 'EISDIR') return { reason: 'it is a folder, not a file', code };
  return { reason: error instanceof Error ? error.message : String(error), code };
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : typeof value;
}

/** The events of one NDJSON file. */
export async function* readNdjson(file: string, options: ReadNdjsonOptions = {}): AsyncGenerator<NdjsonLine> {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
  const report = options.onProblem ?? (() => undefined);
  const stream = createReadStream(file, { highWaterMark: options.chunkBytes ?? 1024 * 1024 });
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let overflow = false;
  let lineNumber = 0;
  let first = true;

  const finishLine = (bytes: Buffer): NdjsonLine | undefined => {
    lineNumber++;
    if (overflow) {
      overflow = false;
      report({ file, line: lineNumber, error: `line longer than ${maxLine} bytes`, skipped: true });
      return undefined;
    }
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    let start = 0;
    if (first) {
      first = false;
      if (end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    }
    const slice = bytes.subarray(start, end);
    // toString replaces bad bytes with U+FFFD; only a line that has one is checked strictly
    // (it may be a real U+FFFD), which keeps the common case fast.
    const raw = slice.toString('utf8');
    if (raw.includes('\uFFFD')) {
      try {
        strict.decode(slice);
      } catch {
        report({ file, line: lineNumber, error: 'invalid UTF-8 (replaced with U+FFFD)', skipped: false });
      }
    }
    if (raw.trim() === '') return undefined;
    if (options.parse === false) {
      const trimmed = raw.trim();
      if (trimmed[0] === '{' && trimmed[trimmed.length - 1] === '}') return { raw, file, line: lineNumber, metadata: options.metadata };
      report({ file, line: lineNumber, error: trimmed[0] === '{' ? 'invalid JSON: the object is not closed' : 'not a JSON object', skipped: true });
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      report({ file, line: lineNumber, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`, skipped: true });
      return undefined;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      report({ file, line: lineNumber, error: `not a JSON object (${kindOf(json)})`, skipped: true });
      return undefined;
    }
    return { raw, json: json as Record<string, unknown>, file, line: lineNumber, metadata: options.metadata };
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.onChunk && !options.onChunk(chunk.length)) {
        stream.destroy();
        return;
      }
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
        const tail = chunk.subarray(start, nl);
        let bytes: Buffer;
        if (pieces.length === 0) bytes = tail;
        else {
          if (!overflow) pieces.push(tail);
          bytes = overflow ? Buffer.alloc(0) : Buffer.concat(pieces, pieceBytes + tail.length);
          pieces = [];
          pieceBytes = 0;
        }
        if (!overflow && bytes.length > maxLine) overflow = true;
        const line = finishLine(bytes);
        if (line) yield line;
        start = nl + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        if (!overflow) {
          pieces.push(rest);
          pieceBytes += rest.length;
          if (pieceBytes > maxLine) {
            overflow = true;
            pieces = [];
            pieceBytes = 0;
          }
        }
        // A partial line keeps no reference to the stream's buffer beyond what it needs.
        if (pieces.length > 64) {
          pieces = [Buffer.concat(pieces, pieceBytes)];
        }
      }
    }
  } catch (error) {
    const { reason, code } = describe(error);
    throw new NdjsonReadError(file, reason, code);
  }
  if (pieces.length > 0 || overflow) {
    const line = finishLine(overflow ? Buffer.alloc(0) : Buffer.concat(pieces, pieceBytes));
    if (line) yield line;
  }
}

export interface EventFileInput {
  readonly path: string;
  readonly metadata?: EventMetadata;
}

/** The events of several files in turn (an attack_data list), each with its metadata. */
export async function* readEventFiles(inputs: readonly EventFileInput[], options: Omit<ReadNdjsonOptions, 'metadata'> = {}): AsyncGenerator<NdjsonLine> {
  for (const input of inputs) yield* readNdjson(input.path, { ...options, metadata: input.metadata });
}
