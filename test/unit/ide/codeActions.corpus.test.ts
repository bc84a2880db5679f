// Inlining a macro never changes what Splunk runs: for every call written in every corpus
// detection's search, the file after "Inline macro" (and after "fully expanded") reads back with
// a search whose expansion is exactly the original's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeSearch, macroTableOf, type SearchAnalysis } from '../../../server/src/core/analysis';
import type { ContentFile } from '../../../server/src/core/content';
import { parseContentFile } from '../../../server/src/core/content';
import { codeActions, type ActionContext, type CodeAction } from '../../../server/src/core/ide/codeActions';
import { embeddedSplOf, type EmbeddedSpl } from '../../../server/src/core/ide/embeddedSpl';
import { applyEdits } from '../../../server/src/core/ide/format';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { corpusRoot } from '../../support/corpus';

test('inlining any macro call of any corpus search keeps the expanded search', () => {
  const root = path.join(corpusRoot(), 'security_content');
  const { repository } = loadRepositorySync(root);
  const macros = macroTableOf(repository).table;
  const contextOf = (file: ContentFile): ActionContext => {
    const analyses = new Map<EmbeddedSpl, SearchAnalysis>();
    return {
      document: {
        path: file.path,
        text: file.text,
        file,
        spls: embeddedSplOf(file),
        analysisOf: (spl) => {
          let analysis = analyses.get(spl);
          if (!analysis) analyses.set(spl, (analysis = analyzeSearch(spl.source, macros)));
          return analysis;
        },
      },
      macros,
      rootFolder: root,
      fileExists: () => false,
      today: '2026-01-01',
      newId: () => '00000000-0000-4000-8000-000000000001',
    };
  };
  let inlined = 0;
  for (const detection of repository.detections()) {
    const context = contextOf(detection);
    const search = context.document.spls.find((s) => s.role === 'search');
    if (!search) continue;
    const analysis = context.document.analysisOf(search);
    for (const call of analysis.expansion.calls) {
      const at = search.source.toFileOffset(call.span.start + 1);
      const actions = codeActions(context, { start: at, end: at }, []).filter((a: CodeAction) => a.kind === 'refactor.inline' && !a.title.startsWith('Inline every'));
      for (const action of actions) {
        const change = action.changes[0];
        assert.ok(change.kind === 'edit' && action.changes.length === 1);
        const after = parseContentFile(detection.path, applyEdits(detection.text, change.edits));
        const again = embeddedSplOf(after).find((s) => s.role === 'search');
        assert.ok(again, `${detection.path}: ${action.title} lost the search`);
        assert.equal(analyzeSearch(again.source, macros).expansion.text, analysis.expansion.text, `${detection.path}: ${action.title}`);
        inlined++;
      }
    }
  }
  assert.ok(inlined > 1000, `only ${inlined} inlinings checked`);
});
