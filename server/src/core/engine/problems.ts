// What can go wrong while compiling or running a search, located in the text the engine was
// given (the expanded search: callers map spans back through the macro source map). A problem
// that makes results wrong stops the run; the engine never returns silently wrong results.
import type { DiagnosticCode } from '../diagnostics/codes';
import type { Span } from '../text/lineIndex';

/** The engine's codes live with every other diagnostic code (diagnostics/codes.ts). */
export type EngineErrorCode = Extract<DiagnosticCode, `engine-${string}`>;

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** Offsets into the search text the engine ran; undefined when the problem has no place. */
    readonly span?: Span,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface EngineWarning {
  readonly message: string;
  readonly span?: Span;
  /** Index of the stage in the pipeline, when the warning belongs to one. */
  readonly stage?: number;
}

/** Collects warnings, each distinct message once (a warning per row would drown the rest). */
export class Warnings {
  private readonly seen = new Map<string, EngineWarning & { count: number }>();

  add(message: string, span?: Span, stage?: number): void {
    const key = `${stage ?? ''}:${span?.start ?? ''}:${message}`;
    const existing = this.seen.get(key);
    if (existing) existing.count++;
    else this.seen.set(key, { message, span, stage, count: 1 });
  }

  list(): EngineWarning[] {
    return [...this.seen.values()].map(({ count, ...w }) => (count > 1 ? { ...w, message: `${w.message} (${count} times)` } : w));
  }
}
