// Hover over the protocol, on the real bundled server: markdown and ranges on the seed detection,
// nothing (not an error) where there is nothing to say, and a 5 MB detection still answered fast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent, Position, SignatureHelp } from 'vscode-languageserver-protocol';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, textAt, waitUntilIdle, type TestWorkspace, positionOf } from './workspaceFixture';

const SEED = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

let ws: TestWorkspace;
let session: LspSession;

before(async () => {
  ws = createWorkspace('');
  session = await LspSession.start({ rootUri: ws.rootUri, capabilities: VSCODE_LIKE_CAPABILITIES, settings: { splWorkbench: { diagnostics: { debounceMs: 50 } } } });
  await waitUntilIdle(session);
});

after(async () => {
  await session.shutdown();
  ws.remove();
});


function hover(uri: string, position: Position): Promise<Hover | null> {
  return session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
}

function signatureHelp(uri: string, position: Position): Promise<SignatureHelp | null> {
  return session.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position });
}

test('initialize advertises hover and signature help on ( and ,', () => {
  assert.equal(session.initializeResult.capabilities.hoverProvider, true);
  assert.deepEqual(session.initializeResult.capabilities.signatureHelpProvider?.triggerCharacters, ['(', ',']);
});

test('signature help in a .spl file and in a drilldown search of the seed', async () => {
  const splUri = ws.uri('searches/signature.spl');
  const spl = 'index=main | eval kind=if(a, ';
  await session.open(splUri, 'spl', spl);
  const inIf = await signatureHelp(splUri, { line: 0, character: spl.length });
  assert.ok(inIf);
  assert.equal(inIf.signatures[inIf.activeSignature ?? 0].label, 'if(condition, then_value, else_value)');
  assert.equal(inIf.activeParameter, 1);
  assert.deepEqual(inIf.signatures[0].parameters?.map((p) => p.label), [[3, 12], [14, 24], [26, 36]]);
  assert.equal(await signatureHelp(splUri, { line: 0, character: 5 }), null);
  await session.close(splUri);

  const text = ws.text(SEED);
  const uri = ws.uri(SEED);
  await session.open(uri, 'yaml', text);
  const inMacro = await signatureHelp(uri, positionOf(text, '`security_content_ctime(firstTime)`', 25));
  assert.ok(inMacro);
  assert.equal(inMacro.signatures[0].label, 'security_content_ctime(field)');
  assert.equal(inMacro.activeParameter, 0);
  await session.close(uri);
});

test('hover on the seed: a command, a macro call (its expansion and file), a risk score, nothing on a plain key', async () => {
  const text = ws.text(SEED);
  const uri = ws.uri(SEED);
  await session.open(uri, 'yaml', text);

  const stats = await hover(uri, positionOf(text, '| stats count', 4));
  assert.ok(stats?.range);
  assert.equal(textAt(text, stats.range), 'stats');
  const statsMarkdown = stats.contents as MarkupContent;
  assert.equal(statsMarkdown.kind, 'markdown');
  assert.match(statsMarkdown.value, /^\*\*stats\*\* — command\n/);

  const macro = await hover(uri, positionOf(text, '`cisco_isovalent_process_exec`', 5));
  assert.ok(macro?.range);
  assert.equal(textAt(text, macro.range), '`cisco_isovalent_process_exec`');
  const macroMarkdown = (macro.contents as MarkupContent).value;
  assert.ok(macroMarkdown.includes('This call expands to:\n```spl\nsourcetype=cisco:isovalent:processExec\n```'), macroMarkdown);
  // Paths are shown relative to the content root.
  assert.ok(macroMarkdown.includes('Defined in macros/cisco_isovalent_process_exec.yml, line 1.'), macroMarkdown);

  const score = await hover(uri, positionOf(text, 'score: 49', 7));
  assert.ok(score?.range);
  assert.equal(textAt(text, score.range), '49');
  assert.match((score.contents as MarkupContent).value, /medium \(41-60\)/);

  assert.equal(await hover(uri, positionOf(text, 'author:', 2)), null);
  await session.close(uri);
});

test('a 5 MB detection still answers hover in under a second', async (t) => {
  const seed = ws.text(SEED);
  const line = '  Filler text that makes this detection file large, as a generated description could be.\n';
  const filler = line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
  const text = seed
    .replace('name: Cisco Isovalent - Shell Execution', 'name: Big Detection')
    .replace('cisco_isovalent___shell_execution_filter', 'big_detection_filter')
    .replace(/^description: .*$/m, `description: |\n${filler}`);
  assert.ok(text.length > 5 * 1024 * 1024);
  const relative = 'detections/endpoint/big_detection.yml';
  const uri = ws.uri(relative);
  await session.open(uri, 'yaml', text);
  for (const round of ['first', 'second']) {
    const started = performance.now();
    const result = await hover(uri, positionOf(text, '| stats count', 4));
    const ms = performance.now() - started;
    t.diagnostic(`${round} hover on a ${(text.length / 1024 / 1024).toFixed(1)} MB file: ${ms.toFixed(0)} ms`);
    assert.ok(result?.range);
    assert.equal(textAt(text, result.range), 'stats');
    assert.ok(ms < 1000, `${round} hover took ${ms.toFixed(0)} ms`);
  }
  await session.close(uri);
});
