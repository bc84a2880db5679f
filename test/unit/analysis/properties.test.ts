// Bad input never crashes the checker: detection YAML files of the samples and the corpus, with
// random slices deleted, inserted or duplicated (breaking the YAML, the SPL, the macro calls,
// the scalar styles), always give diagnostics whose ranges lie inside the file, and related
// locations inside the file they name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { checkFile, macroTableOf } from '../../../server/src/core/analysis';
import { ContentRepository } from '../../../server/src/core/content';
import { loadRepositorySync } from '../../../server/src/node/loadRepository';
import { corpusRoot, filesUnder, repoRoot } from '../../support/corpus';

const RUNS = 2_000;
const TODAY = '2026-11-27';

const PIECES = ['\n', '  ', ': ', '- ', "'", "''", '"', '\\"', '\\', '|', '>', '|-', '`', '```', '(', ')', '[', ']', '$', '#', '\t', '\r\n', 'search: ', 'rba:', 'é'];

test('mutated detection files never make the checker throw or report outside the file', () => {
  const samples = loadRepositorySync(path.join(repoRoot, 'samples'));
  const repo = samples.repository;
  const { table } = macroTableOf(repo);
  const corpusDetections = filesUnder(path.join(corpusRoot(), 'isovalent/detections')).concat(
    filesUnder(path.join(corpusRoot(), 'security_content/detections/endpoint')).slice(0, 40),
  );
  const originals = [
    ...repo.detections().map((d) => ({ path: d.path, text: d.text })),
    ...corpusDetections.map((file) => ({ path: path.join(repoRoot, 'samples/detections/endpoint', path.basename(file)), text: readFileSync(file, 'utf8') })),
  ];
  const texts = new Map<string, string>(repo.files().map((f) => [f.path, f.text]));
  const edit = fc.record({
    kind: fc.constantFrom('delete', 'insert', 'duplicate'),
    at: fc.nat(),
    length: fc.nat({ max: 60 }),
    piece: fc.constantFrom(...PIECES),
  });
  const mutated = fc.tuple(fc.constantFrom(...originals), fc.array(edit, { minLength: 1, maxLength: 5 })).map(([original, edits]) => {
    let text = original.text;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.piece + text.slice(at);
      else text = text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
    }
    return { path: original.path, text };
  });
  fc.assert(
    fc.property(mutated, ({ path: file, text }) => {
      const scratch = new ContentRepository([...repo.files()].map((f) => ({ path: f.path, text: f.text })));
      const parsed = scratch.update(file, text);
      const diagnostics = checkFile(parsed, scratch, table, { today: TODAY });
      for (const d of diagnostics) {
        assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `${d.code} ${JSON.stringify(d.span)} outside [0, ${text.length}]`);
        for (const r of d.related ?? []) {
          const relatedText = r.file === file ? text : texts.get(r.file);
          if (relatedText === undefined) continue; // built-in macros have no file
          assert.ok(r.span.start >= 0 && r.span.start <= r.span.end && r.span.end <= relatedText.length, `related ${r.file} ${JSON.stringify(r.span)}`);
        }
      }
    }),
    { numRuns: RUNS },
  );
});
