// `npm run bench:lsp` (node scripts/bench/run.mjs lsp): the bundled language server driven over
// stdio as an editor drives it, against the targets of issue 5:
// (1) the seed detection in a copy of samples/: didChange -> publishDiagnostics, completion
//     (after `| ` and on a field name) and hover (on a command and on a macro call);
// (2) the whole shared corpus as one workspace folder: initialize -> every file checked and
//     published (time, the server's peak memory), then the largest corpus detection opened and
//     edited (didChange -> publishDiagnostics), and an edit of a macro many detections call
//     (every dependent re-checked and republished).
// Diagnostics are measured with `splWorkbench.diagnostics.debounceMs` at 0, so the figures are
// the server's own work, not the debounce an editor adds.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Hover, Position } from 'vscode-languageserver-protocol';
import { filesUnder } from '../../test/support/corpus';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from '../../test/protocol/lspSession';

const root = path.resolve(__dirname, '../..');
const corpus = path.resolve(root, process.env.SPL_WORKBENCH_CORPUS ?? '../shared/corpus');
/** Samples per latency figure (edits alternate breaking and fixing, so half of each). */
const SAMPLES = 100;
const SETTINGS = { splWorkbench: { diagnostics: { debounceMs: 0 } } };

const TARGETS = {
  diagnosticsP95Ms: 20,
  completionP95Ms: 10,
  indexingMs: 3000,
  indexingPeakMb: 200,
};

interface Status {
  readonly pid: number;
  readonly indexed?: boolean;
  readonly pendingDiagnostics?: number;
}

/** Polls the status request until the server is idle; `roundTrips` collects how long each
 * answer took (how long the server kept a request waiting while it worked). */
async function idle(session: LspSession, roundTrips: number[] = []): Promise<Status> {
  for (;;) {
    const sentAt = performance.now();
    const status = await session.request<Status>('splWorkbench/serverStatus');
    roundTrips.push(performance.now() - sentAt);
    if (status.indexed && status.pendingDiagnostics === 0) return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resident and peak resident memory of a process in MB (Linux /proc), NaN elsewhere. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

function summary(samples: readonly number[]): { p50: number; p95: number; text: string } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5);
  const p95 = percentile(sorted, 0.95);
  return { p50, p95, text: `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (n=${samples.length})` };
}

const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

/** A latency line with its p95 target and whether it is met. */
function report(label: string, samples: readonly number[], targetMs?: number): void {
  const s = summary(samples);
  const target = targetMs === undefined ? '' : ` — target p95 < ${targetMs} ms: ${verdict(s.p95 < targetMs)}`;
  console.log(`  ${label}: ${s.text}${target}`);
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The offset just after the first `marker` at or after `from`; throws when missing (the bench's
 * inputs changed). */
function after(text: string, marker: string, from = 0): number {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new Error(`"${marker}" not found`);
  return at + marker.length;
}

/** The time from each didChange to its publishDiagnostics: incremental edits that alternately
 * misspell and restore the first macro call of the detection's search. */
async function editLatency(session: LspSession, uri: string, text: string): Promise<number[]> {
  const call = /`(\w+)/.exec(text.slice(after(text, '\nsearch:')));
  if (!call) throw new Error(`the search of ${uri} calls no macro`);
  const nameEnd = positionAt(text, text.indexOf(call[0], after(text, '\nsearch:')) + call[0].length);
  const typo = '_typo';
  const typoEnd = { line: nameEnd.line, character: nameEnd.character + typo.length };
  await session.open(uri, 'yaml', text, 1);
  await session.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
  const samples: number[] = [];
  for (let version = 2; version < 2 + SAMPLES; version++) {
    const sentAt = performance.now();
    if (version % 2 === 0) await session.edit(uri, version, { start: nameEnd, end: nameEnd }, typo);
    else await session.edit(uri, version, { start: nameEnd, end: typoEnd }, '');
    await session.waitForDiagnostics(uri, (p) => p.version === version, 60_000);
    samples.push(session.received[session.received.length - 1].at - sentAt);
  }
  await session.close(uri);
  return samples;
}

/** Round-trip times of `count` identical requests. */
async function requestLatency(session: LspSession, method: string, params: unknown, check: (result: unknown) => void): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = performance.now();
    const result = await session.request<unknown>(method, params);
    samples.push(performance.now() - sentAt);
    if (i === 0) check(result);
  }
  return samples;
}

const itemsOf = (result: unknown): CompletionItem[] =>
  !result ? [] : Array.isArray(result) ? (result as CompletionItem[]) : (result as CompletionList).items;

function expectItem(label: string): (result: unknown) => void {
  return (result) => {
    if (!itemsOf(result).some((i) => i.label === label)) throw new Error(`completion does not offer ${label}`);
  };
}

function expectHover(word: string): (result: unknown) => void {
  return (result) => {
    if (!JSON.stringify((result as Hover | null)?.contents ?? '').includes(word)) throw new Error(`hover says nothing about ${word}`);
  };
}

/** After typing `| ` at the end of a search line: from the didChange to the completion answer,
 * as an editor sees it (the server re-analyses the edited document first). */
async function typedCompletionLatency(session: LspSession, uri: string, at: Position, firstVersion: number): Promise<number[]> {
  const typed = ' | ';
  const cursor = { line: at.line, character: at.character + typed.length };
  const samples: number[] = [];
  let version = firstVersion;
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = performance.now();
    await session.edit(uri, ++version, { start: at, end: at }, typed);
    const result = await session.request<unknown>('textDocument/completion', { textDocument: { uri }, position: cursor, context: { triggerKind: 2, triggerCharacter: ' ' } });
    samples.push(performance.now() - sentAt);
    if (i === 0) expectItem('stats')(result);
    await session.edit(uri, ++version, { start: at, end: cursor }, '');
  }
  return samples;
}

async function seed(): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'spl-workbench-bench-'));
  cpSync(path.join(root, 'samples'), workspace, { recursive: true });
  try {
    const session = await LspSession.start({ rootUri: pathToFileURL(workspace).href, capabilities: VSCODE_LIKE_CAPABILITIES, settings: SETTINGS });
    await idle(session);
    const file = path.join(workspace, 'detections/endpoint/cisco_isovalent___shell_execution.yml');
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    console.log(`seed detection (samples/${path.relative(workspace, file)}, ${statSync(file).size} bytes):`);
    report('didChange -> publishDiagnostics (debounce 0)', await editLatency(session, uri, text), TARGETS.diagnosticsP95Ms);

    await session.open(uri, 'yaml', text, 1);
    await session.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    const textDocument = { uri };
    const search = after(text, '\nsearch:');
    const pipe = positionAt(text, after(text, '\n  | ', search));
    report('completion after `| ` (document unchanged)', await requestLatency(session, 'textDocument/completion', { textDocument, position: pipe }, expectItem('stats')), TARGETS.completionP95Ms);
    // A field name of the `by` clause, produced by the base search: field completion.
    const field = positionAt(text, after(text, 'count by ', search));
    report('completion of a field name after `by ` (document unchanged)', await requestLatency(session, 'textDocument/completion', { textDocument, position: field }, expectItem('process_name')), TARGETS.completionP95Ms);
    const lineEnd = positionAt(text, text.indexOf('\n', after(text, 'count by ', search)));
    report('didChange typing ` | ` -> completion answered', await typedCompletionLatency(session, uri, lineEnd, 1), TARGETS.completionP95Ms);
    const command = positionAt(text, after(text, '| st', search));
    report('hover on a command (`stats`)', await requestLatency(session, 'textDocument/hover', { textDocument, position: command }, expectHover('stats')));
    const macro = positionAt(text, after(text, '`cisco_isovalent_process', search));
    report('hover on a macro call (`cisco_isovalent_process_exec`)', await requestLatency(session, 'textDocument/hover', { textDocument, position: macro }, expectHover('cisco_isovalent_process_exec')));
    await session.shutdown();
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function wholeCorpus(): Promise<void> {
  const started = performance.now();
  const session = await LspSession.start({ rootUri: pathToFileURL(corpus).href, capabilities: VSCODE_LIKE_CAPABILITIES, settings: SETTINGS });
  const roundTrips: number[] = [];
  const status = await idle(session, roundTrips);
  const indexedMs = performance.now() - started;
  const memory = memoryOf(status.pid);
  const files = new Set(session.received.map((r) => r.params.uri)).size;
  const count = session.received.reduce((n, r) => n + r.params.diagnostics.length, 0);
  console.log(`whole corpus as one workspace (${corpus}, ${filesUnder(corpus).length} YAML files):`);
  console.log(
    `  spawn + initialize -> indexed, every file checked and published: ${indexedMs.toFixed(0)} ms — target < ${TARGETS.indexingMs} ms: ${verdict(indexedMs < TARGETS.indexingMs)}`,
  );
  console.log(
    `  server peak RSS (VmHWM) after indexing: ${memory.peakMb.toFixed(1)} MB (RSS now ${memory.rssMb.toFixed(0)} MB) — target < ${TARGETS.indexingPeakMb} MB: ${verdict(memory.peakMb < TARGETS.indexingPeakMb)}`,
  );
  console.log(`  ${files} files published with ${count} diagnostics`);
  report('status requests while indexing and checking', roundTrips);

  // The largest detection of the corpus, by the size of its YAML file.
  const detections = filesUnder(corpus).filter((f) => f.split(path.sep).includes('detections'));
  const largest = detections.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
  const samples = await editLatency(session, pathToFileURL(largest).href, readFileSync(largest, 'utf8'));
  report(`largest corpus detection (${path.relative(corpus, largest)}, ${statSync(largest).size} bytes), didChange -> publishDiagnostics (debounce 0)`, samples, TARGETS.diagnosticsP95Ms);

  // A macro most Windows detections call: every dependent is re-checked.
  const macro = path.join(corpus, 'security_content/macros/security_content_ctime.yml');
  const macroUri = pathToFileURL(macro).href;
  const macroText = readFileSync(macro, 'utf8');
  await session.open(macroUri, 'yaml', macroText, 1);
  await idle(session);
  for (const [version, label, newText] of [
    [2, 'broken', macroText.replace("ctime($field$)'", "ctime($field$) | | eval broken=1'")],
    [3, 'restored', macroText],
  ] as const) {
    const from = session.received.length;
    const sentAt = performance.now();
    await session.change(macroUri, version, newText);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await idle(session);
    const publications = session.received.slice(from);
    const last = publications.length ? publications[publications.length - 1].at - sentAt : 0;
    console.log(`  macro security_content_ctime ${label}: ${publications.length} files republished, the last ${last.toFixed(0)} ms after the didChange`);
  }
  const end = memoryOf(status.pid);
  console.log(`  server after the edits: RSS ${end.rssMb.toFixed(0)} MB, peak ${end.peakMb.toFixed(0)} MB`);
  await session.shutdown();
}

void (async () => {
  console.log(`bench:lsp — bundled server over stdio, splWorkbench.diagnostics.debounceMs = 0, ${SAMPLES} samples per latency (node ${process.version}, ${os.cpus().length} CPUs)`);
  await seed();
  await wholeCorpus();
})().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
