// The server never crashes and stays responsive: 2,000 random incremental edits (fast-check,
// seeded) of open detections — the seed and a few corpus detections — each followed by a request
// for one of the capabilities the server advertises, in rotation, at a random position. Every
// request must answer within a few seconds without an error response, and every range or
// position it returns must lie inside the document as the server has it (the test applies the
// same edits to its own copy). At the end the server is alive and, once the documents are
// restored, publishes for them exactly what it published when they were opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LSPErrorCodes, ResponseError, type Diagnostic, type Position, type Range, type ServerCapabilities } from 'vscode-languageserver-protocol';
import { corpusRoot, filesUnder } from '../support/corpus';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from './lspSession';
import { createWorkspace, waitUntilIdle, type TestWorkspace } from './workspaceFixture';

const EDITS = 2000;
const SEED = 20_261_127;
const REQUEST_TIMEOUT_MS = 5000;
/** How many corpus detections join the samples (every n-th of the corpus, for variety). */
const CORPUS_DETECTIONS = 36;
/** Of those, how many are opened and edited besides the seed. */
const OPENED_CORPUS_DETECTIONS = 3;
const SEED_DETECTION = 'detections/endpoint/cisco_isovalent___shell_execution.yml';

/** SPL and YAML pieces that break and unbreak the structure the server parses. */
const PIECES = [
  '"', "'", '`', '|', '| ', ' | ', '[', ']', '(', ')', '{', '}', ': ', ':', '- ', '#', '\\', '=', ',', '$',
  '\n', '\r\n', '\t', '  ', '\n  ', '\n    - ', '>-\n  ', '|\n  ',
  'search: ', 'name: ', 'id: ', 'search: |\n  ', 'how_to_implement: ',
  '| stats count by ', '| eval x=', 'if(', 'coalesce(a, b)', '| tstats ', '| where ', ' AND ', ' OR ', ' NOT ',
  '`cisco_isovalent_process_exec`', '`security_content_ctime(firstTime)`', '`unknown_macro(1,2)`', '$field$', '$arg',
  '[search index=x | head 1]', '| rename a AS b', '| lookup l f OUTPUT g', 'Processes.process_name', '"quoted | text"',
  'é', 'ß', '😀', '\u200b', 'İ', '—', '中文', '\u0301',
];

interface EditOp {
  /** Which open document, modulo their count. */
  readonly document: number;
  readonly kind: 'delete' | 'insert' | 'duplicate' | 'replace';
  /** Where, as a fraction of the document's length. */
  readonly at: number;
  readonly length: number;
  /** For a duplicate, where the copy goes. */
  readonly to: number;
  readonly piece: string;
  /** Where the request after the edit points, as fractions of the new length. */
  readonly cursor: number;
  readonly cursorEnd: number;
}

const pieceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...PIECES), minLength: 1, maxLength: 6 }).map((s) => s) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const editArb: fc.Arbitrary<EditOp> = fc.record({
  document: fc.nat({ max: 99 }),
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'replace'),
  at: fraction,
  length: fc.nat({ max: 40 }),
  to: fraction,
  piece: pieceArb,
  cursor: fraction,
  cursorEnd: fraction,
});

/** One request per advertised capability: its method and its params at `at` (`end` for ranges). */
type RequestFor = (uri: string, at: Position, end: Position) => unknown;
const REQUESTS: Record<string, ReadonlyArray<readonly [string, RequestFor]>> = {
  hoverProvider: [['textDocument/hover', (uri, at) => ({ textDocument: { uri }, position: at })]],
  completionProvider: [['textDocument/completion', (uri, at) => ({ textDocument: { uri }, position: at, context: { triggerKind: 1 } })]],
  signatureHelpProvider: [['textDocument/signatureHelp', (uri, at) => ({ textDocument: { uri }, position: at, context: { triggerKind: 1, isRetrigger: false } })]],
  definitionProvider: [['textDocument/definition', (uri, at) => ({ textDocument: { uri }, position: at })]],
  declarationProvider: [['textDocument/declaration', (uri, at) => ({ textDocument: { uri }, position: at })]],
  typeDefinitionProvider: [['textDocument/typeDefinition', (uri, at) => ({ textDocument: { uri }, position: at })]],
  implementationProvider: [['textDocument/implementation', (uri, at) => ({ textDocument: { uri }, position: at })]],
  referencesProvider: [['textDocument/references', (uri, at) => ({ textDocument: { uri }, position: at, context: { includeDeclaration: true } })]],
  renameProvider: [
    ['textDocument/prepareRename', (uri, at) => ({ textDocument: { uri }, position: at })],
    ['textDocument/rename', (uri, at) => ({ textDocument: { uri }, position: at, newName: 'renamed_by_robustness' })],
  ],
  documentSymbolProvider: [['textDocument/documentSymbol', (uri) => ({ textDocument: { uri } })]],
  workspaceSymbolProvider: [['workspace/symbol', () => ({ query: 'process' })]],
  foldingRangeProvider: [['textDocument/foldingRange', (uri) => ({ textDocument: { uri } })]],
  selectionRangeProvider: [['textDocument/selectionRange', (uri, at, end) => ({ textDocument: { uri }, positions: [at, end] })]],
  semanticTokensProvider: [
    ['textDocument/semanticTokens/full', (uri) => ({ textDocument: { uri } })],
    ['textDocument/semanticTokens/range', (uri, at, end) => ({ textDocument: { uri }, range: ordered(at, end) })],
  ],
  documentHighlightProvider: [['textDocument/documentHighlight', (uri, at) => ({ textDocument: { uri }, position: at })]],
  documentFormattingProvider: [['textDocument/formatting', (uri) => ({ textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })]],
  documentRangeFormattingProvider: [
    ['textDocument/rangeFormatting', (uri, at, end) => ({ textDocument: { uri }, range: ordered(at, end), options: { tabSize: 2, insertSpaces: true } })],
  ],
  codeActionProvider: [['textDocument/codeAction', (uri, at, end) => ({ textDocument: { uri }, range: ordered(at, end), context: { diagnostics: [] } })]],
  inlayHintProvider: [['textDocument/inlayHint', (uri, at, end) => ({ textDocument: { uri }, range: ordered(at, end) })]],
  codeLensProvider: [['textDocument/codeLens', (uri) => ({ textDocument: { uri } })]],
  documentLinkProvider: [['textDocument/documentLink', (uri) => ({ textDocument: { uri } })]],
  linkedEditingRangeProvider: [['textDocument/linkedEditingRange', (uri, at) => ({ textDocument: { uri }, position: at })]],
};

function ordered(a: Position, b: Position): Range {
  const aFirst = a.line < b.line || (a.line === b.line && a.character <= b.character);
  return aFirst ? { start: a, end: b } : { start: b, end: a };
}

let ws: TestWorkspace;
let session: LspSession;
let opened: string[] = [];
const docs = new Map<string, TextDocument>();
const initialDiagnostics = new Map<string, Diagnostic[]>();

before(async () => {
  ws = createWorkspace('');
  const corpusDetections = filesUnder(path.join(corpusRoot(), 'security_content/detections'));
  const step = Math.max(1, Math.floor(corpusDetections.length / CORPUS_DETECTIONS));
  const chosen = corpusDetections.filter((_, i) => i % step === 0).slice(0, CORPUS_DETECTIONS);
  mkdirSync(ws.path('detections/corpus'), { recursive: true });
  for (const file of chosen) cpSync(file, ws.path(`detections/corpus/${path.basename(file)}`));
  const largest = [...chosen].sort((a, b) => readFileSync(b).length - readFileSync(a).length);
  opened = [SEED_DETECTION, ...largest.slice(0, OPENED_CORPUS_DETECTIONS).map((f) => `detections/corpus/${path.basename(f)}`)];

  session = await LspSession.start({
    rootUri: ws.rootUri,
    capabilities: {
      ...VSCODE_LIKE_CAPABILITIES,
      workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } },
    },
    // Debounce 0: every edit is checked, so diagnostics race the requests.
    settings: { splWorkbench: { diagnostics: { debounceMs: 0, silence: [] } } },
  });
  await waitUntilIdle(session);
  for (const relative of opened) {
    const uri = ws.uri(relative);
    const doc = TextDocument.create(uri, 'yaml', 1, ws.text(relative));
    docs.set(uri, doc);
    await session.open(uri, 'yaml', doc.getText(), 1);
    initialDiagnostics.set(uri, (await session.waitForDiagnostics(uri, (p) => p.version === 1, 30_000)).diagnostics);
  }
});

after(async () => {
  await session.shutdown();
  ws.remove();
});

/** The methods exercised, in rotation order: those of every advertised capability, and the status request. */
function rotation(capabilities: ServerCapabilities): Array<readonly [string, RequestFor]> {
  const methods: Array<readonly [string, RequestFor]> = [];
  for (const [capability, value] of Object.entries(capabilities)) {
    const requests = REQUESTS[capability];
    if (!requests || !value) continue;
    for (const request of requests) {
      if (request[0] === 'textDocument/prepareRename' && !(typeof value === 'object' && value.prepareProvider)) continue;
      if (request[0] === 'textDocument/semanticTokens/range' && !(typeof value === 'object' && value.range)) continue;
      methods.push(request);
    }
  }
  methods.push(['splWorkbench/serverStatus', () => undefined]);
  return methods;
}

test('every capability the server advertises has a request in the rotation', () => {
  const advertised = Object.keys(session.initializeResult.capabilities).filter((c) => c !== 'textDocumentSync');
  assert.deepEqual(
    advertised.filter((c) => !REQUESTS[c]),
    [],
    'add a request for each of these capabilities to REQUESTS in test/protocol/robustness.test.ts',
  );
});

/** The text of a document as the server has it: the edited copy if open, else the file on disk. */
const diskTexts = new Map<string, TextDocument>();
function documentFor(uri: string): TextDocument | undefined {
  const open = docs.get(uri);
  if (open) return open;
  if (!uri.startsWith('file:')) return undefined;
  let disk = diskTexts.get(uri);
  if (!disk) {
    try {
      disk = TextDocument.create(uri, 'yaml', 0, readFileSync(fileURLToPath(uri), 'utf8'));
    } catch {
      return undefined;
    }
    diskTexts.set(uri, disk);
  }
  return disk;
}

function lineLength(doc: TextDocument, line: number): number {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$|\r$/, '').length;
}

const isPosition = (v: unknown): v is Position =>
  typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
const isRange = (v: unknown): v is Range => typeof v === 'object' && v !== null && isPosition((v as Range).start) && isPosition((v as Range).end);

/** Every problem with the ranges and positions in `result`, which answered a request about `requestUri`. */
function outOfDocument(result: unknown, requestUri: string): string[] {
  const problems: string[] = [];
  const checkPosition = (p: Position, uri: string, where: string): void => {
    const doc = documentFor(uri);
    if (!doc) return;
    if (p.line < 0 || p.line >= doc.lineCount || p.character < 0 || p.character > lineLength(doc, p.line)) {
      problems.push(`${where}: ${JSON.stringify(p)} outside ${uri} (${doc.lineCount} lines)`);
    }
  };
  const walk = (value: unknown, uri: string, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, uri, `${where}[${i}]`));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (isRange(value)) {
      checkPosition(value.start, uri, `${where}.start`);
      checkPosition(value.end, uri, `${where}.end`);
      const { start, end } = value;
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) problems.push(`${where}: reversed range ${JSON.stringify(value)}`);
      return;
    }
    if (isPosition(value)) {
      checkPosition(value, uri, where);
      return;
    }
    const record = value as Record<string, unknown>;
    const own =
      typeof record.uri === 'string' ? record.uri
      : typeof record.targetUri === 'string' ? record.targetUri
      : typeof (record.textDocument as { uri?: unknown } | undefined)?.uri === 'string' ? (record.textDocument as { uri: string }).uri
      : uri;
    if (typeof record.startLine === 'number' && typeof record.endLine === 'number') {
      const doc = documentFor(own);
      if (doc && (record.startLine < 0 || record.endLine < record.startLine || record.endLine >= doc.lineCount)) {
        problems.push(`${where}: folding lines ${record.startLine}-${record.endLine} outside ${doc.lineCount} lines`);
      }
    }
    for (const [key, v] of Object.entries(record)) {
      if (key === 'changes' && typeof v === 'object' && v !== null) {
        for (const [changed, edits] of Object.entries(v)) walk(edits, changed, `${where}.changes[${changed}]`);
      } else if (key === 'originSelectionRange') walk(v, requestUri, `${where}.${key}`);
      else walk(v, own, `${where}.${key}`);
    }
  };
  walk(result, requestUri, 'result');
  return problems;
}

/** Semantic tokens (relative encoding, 5 numbers each) that do not fit their line. */
function tokensOutOfDocument(data: readonly number[], doc: TextDocument): string[] {
  const problems: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const length = data[i + 2];
    if (line >= doc.lineCount || character + length > lineLength(doc, line)) problems.push(`token ${i / 5} at ${line}:${character} length ${length}`);
  }
  return problems;
}

async function answered(method: string, params: unknown): Promise<{ result?: unknown; refused?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} did not answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    return { result: await Promise.race([session.request<unknown>(method, params), timeout]) };
  } catch (error) {
    // Refusing a rename at a place that names no macro is the protocol's answer, not a failure.
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed && method.endsWith('ename')) return { refused: error.message };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function describe(op: EditOp): string {
  return `${op.kind} doc ${op.document % opened.length} at ${op.at.toFixed(3)} length ${op.length} to ${op.to.toFixed(3)} piece ${JSON.stringify(op.piece)}`;
}

test(`${EDITS} random edits: every request answers with ranges inside the document`, { timeout: 120_000 }, async (t) => {
  const methods = rotation(session.initializeResult.capabilities);
  const ops = fc.sample(editArb, { seed: SEED, numRuns: EDITS });
  const uris = [...docs.keys()];
  const versions = new Map(uris.map((u) => [u, 1]));
  const answeredBy = new Map<string, number>();
  let refusals = 0;
  const recent: string[] = [];
  const started = performance.now();

  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const uri = uris[op.document % uris.length];
    const doc = docs.get(uri)!;
    const text = doc.getText();
    const at = Math.floor(op.at * (text.length + 1));
    const end = Math.min(text.length, at + op.length);
    const [range, newText] =
      op.kind === 'delete' ? [{ start: doc.positionAt(at), end: doc.positionAt(end) }, '']
      : op.kind === 'insert' ? [{ start: doc.positionAt(at), end: doc.positionAt(at) }, op.piece]
      : op.kind === 'replace' ? [{ start: doc.positionAt(at), end: doc.positionAt(end) }, op.piece]
      : [{ start: doc.positionAt(Math.floor(op.to * (text.length + 1))), end: doc.positionAt(Math.floor(op.to * (text.length + 1))) }, text.slice(at, end)];
    const version = versions.get(uri)! + 1;
    versions.set(uri, version);
    TextDocument.update(doc, [{ range, text: newText }], version);
    await session.edit(uri, version, range, newText);
    recent.push(`#${i} ${describe(op)}`);
    if (recent.length > 5) recent.shift();

    const [method, paramsFor] = methods[i % methods.length];
    const length = doc.getText().length;
    const cursor = doc.positionAt(Math.floor(op.cursor * (length + 1)));
    const cursorEnd = doc.positionAt(Math.floor(op.cursorEnd * (length + 1)));
    const context = () => `after edit ${recent.join('; ')}\n${method} at ${JSON.stringify(cursor)} in ${uri}`;
    let outcome: { result?: unknown; refused?: string };
    try {
      outcome = await answered(method, paramsFor(uri, cursor, cursorEnd));
    } catch (error) {
      assert.fail(`${String(error)}\n${context()}`);
    }
    if (outcome.refused !== undefined) refusals++;
    answeredBy.set(method, (answeredBy.get(method) ?? 0) + 1);
    const problems = outOfDocument(outcome.result, uri);
    const tokens = (outcome.result as { data?: unknown } | null | undefined)?.data;
    if (method.startsWith('textDocument/semanticTokens') && Array.isArray(tokens)) problems.push(...tokensOutOfDocument(tokens as number[], doc));
    assert.deepEqual(problems, [], context());
  }

  t.diagnostic(`${EDITS} edits and requests in ${(performance.now() - started).toFixed(0)} ms; ${refusals} renames refused (RequestFailed)`);
  t.diagnostic(`answered: ${[...answeredBy].map(([m, n]) => `${m} ${n}`).join(', ')}`);
  assert.deepEqual([...answeredBy.keys()].sort(), methods.map(([m]) => m).sort(), 'every method in the rotation was sent');
});

test('afterwards the server is alive and publishes the original diagnostics for restored documents', { timeout: 60_000 }, async () => {
  const status = await answered('splWorkbench/serverStatus', undefined);
  const pid = (status.result as { pid: number }).pid;
  assert.doesNotThrow(() => process.kill(pid, 0), 'the server process is alive');
  for (const [uri, doc] of docs) {
    const version = doc.version + 1;
    const original = ws.text(opened[[...docs.keys()].indexOf(uri)]);
    TextDocument.update(doc, [{ text: original }], version);
    await session.change(uri, version, original);
  }
  for (const [uri, doc] of docs) await session.waitForDiagnostics(uri, (p) => p.version === doc.version, 30_000);
  // Cross-file rules may republish a document when another one is restored: compare once idle.
  await waitUntilIdle(session);
  for (const uri of docs.keys()) assert.deepEqual(session.latest(uri)?.diagnostics, initialDiagnostics.get(uri), uri);
});
