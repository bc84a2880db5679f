// Fixture cases with a cursor marker `¦`: a `.yml` case is a detection laid over the samples'
// content repository (at the seed's path, so it replaces the seed), a `.spl` case is a `.spl`
// file of that repository. Expected results sit beside each case; UPDATE_FIXTURES=1 rewrites them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeSearch, initialFieldsOf, macroTableOf, type SearchAnalysis } from '../../../server/src/core/analysis';
import { relativeTo, type ContentRepository } from '../../../server/src/core/content';
import { embeddedSplOf, splAtFileOffset, splFileEmbedding, type EmbeddedSpl } from '../../../server/src/core/ide/embeddedSpl';
import type { HoverDocument } from '../../../server/src/core/ide/hover';
import type { MacroTable } from '../../../server/src/core/macros/macroTable';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { repoRoot } from '../../support/corpus';

export const CURSOR = '¦';
const samplesRoot = path.join(repoRoot, 'samples');
const seedPath = path.join(samplesRoot, 'detections/endpoint/cisco_isovalent___shell_execution.yml');

export interface FixtureCase {
  readonly name: string;
  /** The case's text without the marker. */
  readonly text: string;
  /** Where the marker was. */
  readonly offset: number;
  readonly lines: LineIndex;
  readonly document: HoverDocument;
  readonly macros: MacroTable;
  /** The SPL under the cursor and the offset in it. */
  readonly spl: { readonly spl: EmbeddedSpl; readonly offset: number } | undefined;
}

export function loadCase(dir: string, fileName: string): FixtureCase {
  const marked = readFileSync(path.join(dir, fileName), 'utf8');
  const offset = marked.indexOf(CURSOR);
  assert.ok(offset >= 0, `${fileName} has no cursor marker ${CURSOR}`);
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  const { repository } = loadRepositorySync(samplesRoot);
  const isSpl = fileName.endsWith('.spl');
  const filePath = isSpl ? path.join(samplesRoot, 'searches', fileName) : seedPath;
  const file = isSpl ? undefined : repository.update(filePath, text);
  return caseOf(fileName.replace(/\.(yml|spl)$/, ''), text, offset, repository, file, filePath);
}

function caseOf(name: string, text: string, offset: number, repository: ContentRepository, file: ReturnType<ContentRepository['update']> | undefined, filePath: string): FixtureCase {
  const macros = macroTableOf(repository).table;
  const spls = file ? embeddedSplOf(file) : [splFileEmbedding(filePath, text)];
  const initialFields = file?.kind === 'detection' ? initialFieldsOf(file, repository) : undefined;
  // Cached per text, as the server's DocumentAnalyses does.
  const analyses = new Map<EmbeddedSpl, SearchAnalysis>();
  const document: HoverDocument = {
    file,
    spls,
    analysisOf: (spl) => {
      let analysis = analyses.get(spl);
      if (!analysis) analyses.set(spl, (analysis = analyzeSearch(spl.source, macros, spl.role === 'search' && initialFields ? { initialFields } : {})));
      return analysis;
    },
    repository,
    displayPath: (f) => relativeTo(repoRoot, f),
  };
  return { name, text, offset, lines: new LineIndex(text), document, macros, spl: splAtFileOffset(spls, offset) };
}

/** Compares `actual` with the expectation file, or writes it with UPDATE_FIXTURES=1. */
export function checkExpected(expectedPath: string, actual: string): void {
  if (process.env.UPDATE_FIXTURES === '1' || !existsSync(expectedPath)) {
    writeFileSync(expectedPath, actual);
    if (process.env.UPDATE_FIXTURES !== '1') assert.fail(`${expectedPath} did not exist: written, check it and run again`);
    return;
  }
  assert.equal(actual, readFileSync(expectedPath, 'utf8'));
}
