// Signature help on fixture cases: each case under test/fixtures/ide/signature has a cursor
// marker and an `.expected.json` beside it: the signatures (parameter labels shown as the text
// they cover) and the active signature and parameter, or null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { signatureHelpAt } from '../../../server/src/core/ide/signatureHelp';
import { repoRoot } from '../../support/corpus';
import { checkExpected, loadCase } from './hoverFixtures';

const dir = path.join(repoRoot, 'test/fixtures/ide/signature');
const cases = readdirSync(dir).filter((f) => /\.(yml|spl)$/.test(f)).sort();

interface Rendered {
  readonly signatures: readonly { label: string; parameters: string[]; documentation: string }[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}

function rendered(fileName: string): Rendered | null {
  const c = loadCase(dir, fileName);
  if (!c.spl) return null;
  const help = signatureHelpAt(c.spl.spl.source.text, c.spl.offset, c.macros);
  if (!help) return null;
  return {
    signatures: help.signatures.map((s) => ({ label: s.label, parameters: s.parameters.map((p) => s.label.slice(p.label[0], p.label[1])), documentation: s.documentation })),
    activeSignature: help.activeSignature,
    activeParameter: help.activeParameter,
  };
}

for (const fileName of cases) {
  test(`signature help: ${fileName}`, () => {
    checkExpected(path.join(dir, fileName.replace(/\.(yml|spl)$/, '.expected.json')), `${JSON.stringify(rendered(fileName), null, 2)}\n`);
  });
}

test('the cases say which parameter is active', () => {
  const active = (fileName: string): [string, number] | null => {
    const r = rendered(fileName);
    return r ? [r.signatures[r.activeSignature].label, r.activeParameter] : null;
  };
  assert.deepEqual(active('if-second-argument.spl'), ['if(condition, then_value, else_value)', 1]);
  assert.deepEqual(active('if-after-nested-call.spl'), ['if(condition, then_value, else_value)', 1]);
  assert.deepEqual(active('macro-call.spl'), ['security_content_ctime(field)', 0]);
  assert.deepEqual(active('macro-call-in-drilldown.yml'), ['security_content_ctime(field)', 0]);
  assert.deepEqual(active('after-comment.spl')?.[1], 1);
  assert.equal(active('outside-any-call.spl'), null);
  assert.equal(active('unknown-function.spl'), null);
  assert.equal(active('after-closed-macro.spl'), null);
});
