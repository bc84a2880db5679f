// Fixture cases for the navigation features: the samples content root (plus the files a case
// adds) as an in-memory repository, a cursor given as a snippet of the file with a `¦` marker,
// and results written as file, line/character range and the text the range covers, so a case
// reads like what the editor shows. UPDATE_FIXTURES=1 rewrites the expectations.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { macroTableOf, type RepositoryMacros } from '../../../server/src/core/analysis';
import { ContentRepository, type ContentFile } from '../../../server/src/core/content';
import { embeddedSplOf, splFileEmbedding, type EmbeddedSpl } from '../../../server/src/core/ide/embeddedSpl';
import { splSourcesOf, type FileSpan, type SplSource } from '../../../server/src/core/ide/navigation/splSources';
import { LineIndex, type Span } from '../../../server/src/core/text/lineIndex';
import { filesUnder, repoRoot } from '../../support/corpus';

export const CURSOR = '¦';
export const fixturesDir = path.join(repoRoot, 'test/fixtures/ide/navigation');
const samplesDir = path.join(repoRoot, 'samples');

export interface NavigationCase {
  readonly description: string;
  /** Root-relative path of the file the cursor is in. */
  readonly file: string;
  /** A snippet of the file with `¦` where the cursor is (the first occurrence counts). */
  readonly cursor?: string;
  /** Files added to (or replacing) the samples, by root-relative path. */
  readonly overlay?: Record<string, string>;
  readonly [key: string]: unknown;
}

/** A location as a case writes it: [startLine, startChar, endLine, endChar] and the text. */
export interface WrittenLocation {
  readonly file: string;
  readonly range: readonly [number, number, number, number];
  readonly text: string;
}

export interface CaseWorld {
  readonly repository: ContentRepository;
  readonly macros: RepositoryMacros;
  /** The texts of every file (samples, overlay, `.spl` files). */
  readonly texts: ReadonlyMap<string, string>;
  readonly file: ContentFile | undefined;
  readonly spls: readonly EmbeddedSpl[];
  readonly sources: SplSource[];
  /** File offset of the cursor. */
  readonly offset: number;
  readonly text: string;
}

export function caseFiles(feature: string): string[] {
  const dir = path.join(fixturesDir, feature);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

export function readCase<T extends NavigationCase>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Writes `actual` as the case's `expected` when UPDATE_FIXTURES=1; returns what to compare with. */
export function expectation<T>(file: string, data: NavigationCase, key: string, actual: T): T {
  if (process.env.UPDATE_FIXTURES === '1') {
    // Number arrays (ranges, token tuples) on one line, so a case reads like the editor shows it.
    const json = JSON.stringify({ ...data, [key]: actual }, null, 2).replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_m, list: string) => `[${list.split(/,\s*/).join(', ')}]`);
    writeFileSync(file, `${json}\n`);
    return actual;
  }
  return data[key] as T;
}

export function worldOf(c: NavigationCase): CaseWorld {
  const texts = new Map<string, string>();
  for (const full of filesUnder(samplesDir, ['.yml', '.yaml', '.conf', '.csv'])) {
    const rel = path.relative(samplesDir, full).split(path.sep).join('/');
    if (rel.startsWith('data/')) continue;
    texts.set(rel, readFileSync(full, 'utf8'));
  }
  for (const [rel, text] of Object.entries(c.overlay ?? {})) texts.set(rel, text);
  const repository = new ContentRepository([...texts].filter(([p]) => !p.endsWith('.spl')).map(([p, text]) => ({ path: p, text })));
  const macros = macroTableOf(repository);
  const splFiles = [...texts].filter(([p]) => p.endsWith('.spl')).map(([p, text]) => ({ path: p, text }));
  const sources = splSourcesOf(repository, macros.confs, splFiles);
  const text = texts.get(c.file);
  if (text === undefined) throw new Error(`no file ${c.file}`);
  const isSpl = c.file.endsWith('.spl');
  const file = isSpl ? undefined : repository.file(c.file);
  const spls = file ? embeddedSplOf(file) : [splFileEmbedding(c.file, text)];
  return { repository, macros, texts, file, spls, sources, offset: c.cursor === undefined ? 0 : cursorOffset(text, c.cursor), text };
}

export function cursorOffset(text: string, snippet: string): number {
  const marker = snippet.indexOf(CURSOR);
  if (marker < 0) throw new Error(`no ${CURSOR} in ${snippet}`);
  const plain = snippet.slice(0, marker) + snippet.slice(marker + CURSOR.length);
  const at = text.indexOf(plain);
  if (at < 0) throw new Error(`snippet not found: ${plain}`);
  return at + marker;
}

export function writtenRange(text: string, span: Span): [number, number, number, number] {
  const range = new LineIndex(text).rangeOf(span);
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

export function writtenLocation(world: CaseWorld, at: FileSpan): WrittenLocation {
  const text = world.texts.get(at.file) ?? '';
  return { file: at.file, range: writtenRange(text, at.span), text: text.slice(at.span.start, at.span.end) };
}
