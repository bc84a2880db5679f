// The navigation features on fixture cases (test/fixtures/ide/navigation/<feature>/*.json):
// each case names a file of the samples (plus its own files), a cursor, and the exact result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { definitionOf } from '../../../server/src/core/ide/navigation/definition';
import { referencesOf } from '../../../server/src/core/ide/navigation/references';
import { prepareRename, renameMacro } from '../../../server/src/core/ide/navigation/rename';
import { documentSymbols, workspaceSymbols, type ContentSymbol } from '../../../server/src/core/ide/navigation/symbols';
import { foldingSpans } from '../../../server/src/core/ide/navigation/folding';
import { highlightsAt } from '../../../server/src/core/ide/navigation/highlights';
import { semanticTokens } from '../../../server/src/core/ide/navigation/semanticTokens';
import { targetAt } from '../../../server/src/core/ide/navigation/target';
import { parseSpl } from '../../../server/src/core/spl';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { caseFiles, expectation, readCase, worldOf, writtenLocation, writtenRange, type CaseWorld, type NavigationCase } from './navigationCases';

function target(world: CaseWorld) {
  return targetAt(world.file, world.spls, (spl) => parseSpl(spl.source.text).pipeline, world.offset);
}

for (const file of caseFiles('definition')) {
  const c = readCase<NavigationCase>(file);
  test(`definition: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const t = target(world);
    const actual = t ? definitionOf(t, world.repository, world.macros.table).map((l) => writtenLocation(world, l)) : null;
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

for (const file of caseFiles('references')) {
  const c = readCase<NavigationCase & { includeDeclaration: boolean }>(file);
  test(`references: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const t = target(world);
    const actual = t
      ? referencesOf(t, world.repository, world.macros.table, world.sources, { includeDeclaration: c.includeDeclaration }).map((l) => writtenLocation(world, l))
      : null;
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

for (const file of caseFiles('rename')) {
  const c = readCase<NavigationCase & { newName: string }>(file);
  test(`rename: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const t = target(world);
    const prepared = prepareRename(t, world.macros.table);
    const plan = renameMacro(t, c.newName, world.repository, world.macros.table, world.sources);
    const actual = {
      prepare: prepared.ok ? { ...writtenLocation(world, { file: c.file, span: prepared.span }), placeholder: prepared.placeholder } : { error: prepared.message },
      rename: plan.ok
        ? { edits: plan.edits.map((e) => ({ ...writtenLocation(world, e), newText: e.newText })), fileRename: plan.fileRename ?? null }
        : { error: plan.message },
    };
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

interface WrittenSymbol {
  readonly name: string;
  readonly kind: string;
  readonly detail?: string;
  readonly range: readonly number[];
  readonly selection: string;
  readonly children?: readonly WrittenSymbol[];
}

function writtenSymbol(text: string, s: ContentSymbol): WrittenSymbol {
  assert.ok(s.span.start <= s.selectionSpan.start && s.selectionSpan.end <= s.span.end, `selection of ${s.name} outside its range`);
  return {
    name: s.name,
    kind: s.kind,
    ...(s.detail ? { detail: s.detail } : {}),
    range: writtenRange(text, s.span),
    selection: text.slice(s.selectionSpan.start, s.selectionSpan.end),
    ...(s.children.length ? { children: s.children.map((c) => writtenSymbol(text, c)) } : {}),
  };
}

for (const file of caseFiles('symbols')) {
  const c = readCase<NavigationCase>(file);
  test(`document symbols: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const actual = documentSymbols(world.file, world.spls, (spl) => parseSpl(spl.source.text).pipeline).map((s) => writtenSymbol(world.text, s));
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

for (const file of caseFiles('workspace-symbols')) {
  const c = readCase<NavigationCase & { query: string }>(file);
  test(`workspace symbols: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const confMacros = [...world.macros.confs.values()].flatMap((conf) => conf.macros);
    const actual = workspaceSymbols(world.repository, confMacros, c.query).map((s) => ({ name: s.name, kind: s.kind, ...writtenLocation(world, s.location) }));
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

const written = (spl: { source: { text: string } }) => parseSpl(spl.source.text).pipeline;

for (const file of caseFiles('folding')) {
  const c = readCase<NavigationCase>(file);
  test(`folding: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const lines = new LineIndex(world.text);
    // As the LSP layer reports them: first and last line, ranges of one line left out.
    const actual = foldingSpans(world.file, world.text, world.spls, written)
      .map((f) => [lines.positionAt(f.span.start).line, lines.positionAt(f.span.end).line])
      .filter(([start, end]) => end > start);
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

for (const file of caseFiles('semantic-tokens')) {
  const c = readCase<NavigationCase & { lines: [number, number] }>(file);
  test(`semantic tokens: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const lines = new LineIndex(world.text);
    // "line:character length type text", one per token on the case's lines.
    const actual = semanticTokens(world.spls, (spl) => parseSpl(spl.source.text))
      .map((t) => ({ t, at: lines.positionAt(t.span.start) }))
      .filter(({ at }) => at.line >= c.lines[0] && at.line <= c.lines[1])
      .map(({ t, at }) => `${at.line}:${at.character} ${t.span.end - t.span.start} ${t.type} ${world.text.slice(t.span.start, t.span.end)}`);
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}

for (const file of caseFiles('highlights')) {
  const c = readCase<NavigationCase>(file);
  test(`highlights: ${path.basename(file, '.json')}: ${c.description}`, () => {
    const world = worldOf(c);
    const actual = highlightsAt(world.file, world.spls, written, world.offset).map((h) => ({ ...writtenLocation(world, { file: c.file, span: h.span }), kind: h.kind }));
    assert.deepEqual(actual, expectation(file, c, 'expected', actual));
  });
}
