// Code actions as data: each folder of test/fixtures/ide/actions holds `input/` (a small content
// root; one file marks the cursor with `¦` or a selection with `«…»`), `case.json` (that file and
// the title of the action to apply) and `expected/` (every file the action creates or changes,
// as it must read after the change). A case whose `expected/` is missing asserts that no action
// of that title is offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeSearch, checkFileInRepository, checkSplFile, macroTableOf } from '../../../server/src/core/analysis';
import { ContentRepository } from '../../../server/src/core/content';
import { codeActions, type ActionContext, type CodeAction } from '../../../server/src/core/ide/codeActions';
import { embeddedSplOf, splFileEmbedding, type EmbeddedSpl } from '../../../server/src/core/ide/embeddedSpl';
import { applyEdits } from '../../../server/src/core/ide/format';
import type { SearchAnalysis } from '../../../server/src/core/analysis';

const fixtures = path.resolve(__dirname, '../../fixtures/ide/actions');
const TODAY = '2026-01-01';
const NEW_ID = '00000000-0000-4000-8000-000000000001';

interface Case {
  readonly file: string;
  readonly title: string;
}

function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** The text without its markers, and the marked range. */
function unmark(marked: string): { text: string; start: number; end: number } {
  const cursor = marked.indexOf('¦');
  if (cursor >= 0) return { text: marked.replace('¦', ''), start: cursor, end: cursor };
  const open = marked.indexOf('«');
  const close = marked.indexOf('»');
  assert.ok(open >= 0 && close > open, 'the input file marks no cursor (¦) and no selection («…»)');
  return { text: marked.replace('«', '').replace('»', ''), start: open, end: close - 1 };
}

/** The actions at the marked range, with the diagnostics there, and the files they start from. */
function actionsAt(caseDir: string, file: string): { actions: CodeAction[]; files: Map<string, string> } {
  const files = readTree(path.join(caseDir, 'input'));
  const marked = unmark(files.get(file) ?? assert.fail(`${file} is not in input/`));
  files.set(file, marked.text);
  const isSpl = file.endsWith('.spl');
  const repo = new ContentRepository([...files].filter(([p]) => !p.endsWith('.spl')).map(([p, text]) => ({ path: p, text })));
  const macros = macroTableOf(repo);
  const model = isSpl ? undefined : repo.file(file);
  const spls = model ? embeddedSplOf(model) : [splFileEmbedding(file, marked.text)];
  const diagnostics = model ? checkFileInRepository(model, repo, macros, { today: TODAY }) : checkSplFile(file, marked.text, macros.table);
  const analyses = new Map<EmbeddedSpl, SearchAnalysis>();
  const context: ActionContext = {
    document: {
      path: file,
      text: marked.text,
      file: model,
      spls,
      analysisOf: (spl) => {
        let analysis = analyses.get(spl);
        if (!analysis) analyses.set(spl, (analysis = analyzeSearch(spl.source, macros.table)));
        return analysis;
      },
    },
    macros: macros.table,
    rootFolder: '',
    fileExists: (p) => files.has(p),
    today: TODAY,
    newId: () => NEW_ID,
  };
  const here = diagnostics.filter((d) => d.span.start <= marked.start && marked.start <= d.span.end);
  const range = { start: marked.start, end: marked.end };
  return { actions: codeActions(context, range, here.map((d) => ({ code: d.code, message: d.message, span: d.span }))), files };
}

/** The files an action creates or changes, with their new texts. */
function applied(action: CodeAction, files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const change of action.changes) {
    if (change.kind === 'create') {
      assert.ok(!files.has(change.path), `${change.path} exists already`);
      out.set(change.path, change.text);
    } else {
      out.set(change.path, applyEdits(out.get(change.path) ?? files.get(change.path) ?? '', change.edits));
    }
  }
  return out;
}

for (const name of readdirSync(fixtures).sort()) {
  const caseDir = path.join(fixtures, name);
  test(`code action ${name}`, () => {
    const spec = JSON.parse(readFileSync(path.join(caseDir, 'case.json'), 'utf8')) as Case;
    const { actions, files } = actionsAt(caseDir, spec.file);
    const titles = actions.map((a) => a.title);
    const action = actions.find((a) => a.title === spec.title);
    if (!existsSync(path.join(caseDir, 'expected'))) {
      assert.equal(action, undefined, `"${spec.title}" is offered; the case expects it not to be`);
      return;
    }
    assert.ok(action, `"${spec.title}" is not among ${JSON.stringify(titles)}`);
    const expected = readTree(path.join(caseDir, 'expected'));
    assert.deepEqual(Object.fromEntries(applied(action, files)), Object.fromEntries(expected));
  });
}
