// `node scripts/bench/run.mjs lsp`: the bundled language server driven over stdio as an editor
// drives it. (1) The seed detection in a copy of samples/: didChange -> publishDiagnostics.
// (2) The whole shared corpus as one workspace folder: initialize -> every file checked and
// published (time, server memory), an edit in a security_content detection, and an edit of a
// macro many detections call (every dependent re-checked and republished).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession, VSCODE_LIKE_CAPABILITIES } from '../../test/protocol/lspSession';

const root = path.resolve(__dirname, '../..');
const corpus = path.resolve(root, process.env.SPL_WORKBENCH_CORPUS ?? '../shared/corpus');
const EDITS = 20;

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

/** Resident and peak resident memory of a process, in MB (Linux). */
function memoryOf(pid: number): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return `RSS ${(kb('VmRSS') / 1024).toFixed(0)} MB, peak ${(kb('VmHWM') / 1024).toFixed(0)} MB`;
  } catch {
    return 'memory unknown (no /proc)';
  }
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (n=${samples.length})`;
}

/** Alternately breaks and fixes the first call of `macro` in the search of an open document; the time from
 * each didChange to its publishDiagnostics (debounce set to 0). */
async function editLatency(session: LspSession, uri: string, text: string, macro: string): Promise<number[]> {
  const at = text.indexOf(`\`${macro}`, text.indexOf('\nsearch:'));
  if (at < 0) throw new Error(`the search of ${uri} does not call ${macro}`);
  const broken = `${text.slice(0, at)}\`${macro}_typo${text.slice(at + macro.length + 1)}`;
  await session.open(uri, 'yaml', text, 1);
  await session.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
  const samples: number[] = [];
  for (let version = 2; version < 2 + EDITS; version++) {
    const sentAt = performance.now();
    await session.change(uri, version, version % 2 === 0 ? broken : text);
    await session.waitForDiagnostics(uri, (p) => p.version === version, 60_000);
    samples.push(session.received[session.received.length - 1].at - sentAt);
  }
  await session.close(uri);
  return samples;
}

async function seed(): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'spl-workbench-bench-'));
  cpSync(path.join(root, 'samples'), workspace, { recursive: true });
  try {
    const session = await LspSession.start({
      rootUri: pathToFileURL(workspace).href,
      capabilities: VSCODE_LIKE_CAPABILITIES,
      settings: { splWorkbench: { diagnostics: { debounceMs: 0 } } },
    });
    await idle(session);
    const file = path.join(workspace, 'detections/endpoint/cisco_isovalent___shell_execution.yml');
    const samples = await editLatency(session, pathToFileURL(file).href, readFileSync(file, 'utf8'), 'cisco_isovalent_process_exec');
    console.log(`seed detection, didChange -> publishDiagnostics (debounce 0): ${stats(samples)}`);
    await session.shutdown();
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function wholeCorpus(): Promise<void> {
  const started = performance.now();
  const session = await LspSession.start({
    rootUri: pathToFileURL(corpus).href,
    capabilities: VSCODE_LIKE_CAPABILITIES,
    settings: { splWorkbench: { diagnostics: { debounceMs: 0 } } },
  });
  const roundTrips: number[] = [];
  const status = await idle(session, roundTrips);
  const indexedMs = performance.now() - started;
  const files = new Set(session.received.map((r) => r.params.uri)).size;
  const count = session.received.reduce((n, r) => n + r.params.diagnostics.length, 0);
  console.log(
    `corpus workspace (${corpus}): initialize -> all files checked and published in ${indexedMs.toFixed(0)} ms; ` +
      `${files} files published with ${count} diagnostics; server ${memoryOf(status.pid)}`,
  );
  console.log(`status requests while indexing and checking: ${stats(roundTrips)}`);

  const detection = path.join(corpus, 'security_content/detections/endpoint/windows_service_created_with_suspicious_service_path.yml');
  const text = readFileSync(detection, 'utf8');
  const samples = await editLatency(session, pathToFileURL(detection).href, text, 'wineventlog_system');
  console.log(`security_content detection, didChange -> publishDiagnostics (debounce 0): ${stats(samples)}`);

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
    console.log(`macro security_content_ctime ${label}: ${publications.length} files republished, the last ${last.toFixed(0)} ms after the didChange`);
  }
  console.log(`server after the edits: ${memoryOf(status.pid)}`);
  await session.shutdown();
}

void (async () => {
  await seed();
  await wholeCorpus();
})();
