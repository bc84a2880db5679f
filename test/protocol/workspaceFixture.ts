// A throw-away workspace for protocol tests: a copy of samples/ with the files of
// test/fixtures/lsp/workspace laid over it, in a temporary folder.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-protocol';
import type { LspSession } from './lspSession';

const repoRoot = path.resolve(__dirname, '../..');

export interface TestWorkspace {
  readonly root: string;
  readonly rootUri: string;
  path(relative: string): string;
  uri(relative: string): string;
  text(relative: string): string;
  remove(): void;
}

export function createWorkspace(overlay = 'test/fixtures/lsp/workspace'): TestWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'spl-workbench-lsp-'));
  cpSync(path.join(repoRoot, 'samples'), root, { recursive: true });
  if (overlay) cpSync(path.join(repoRoot, overlay), root, { recursive: true });
  const abs = (relative: string): string => path.join(root, relative);
  return {
    root,
    rootUri: pathToFileURL(root).href,
    path: abs,
    uri: (relative) => pathToFileURL(abs(relative)).href,
    text: (relative) => readFileSync(abs(relative), 'utf8'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

interface Status {
  readonly indexed?: boolean;
  readonly pendingDiagnostics?: number;
  readonly contentRoots?: readonly string[];
  readonly openDocuments: readonly string[];
  readonly name: string;
}

/** Polls the status request until the workspace is indexed and no diagnostics are pending. */
export async function waitUntilIdle(session: LspSession, timeoutMs = 30_000): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await session.request<Status>('splWorkbench/serverStatus');
    if (status.indexed && status.pendingDiagnostics === 0) return status;
    if (Date.now() > deadline) throw new Error(`server not idle after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An expected LSP diagnostic: range as [startLine, startChar, endLine, endChar]. */
export function expected(
  range: [number, number, number, number],
  severity: 1 | 2 | 3 | 4,
  code: string,
  message: string,
  relatedInformation?: DiagnosticRelatedInformation[],
): Diagnostic {
  return {
    range: { start: { line: range[0], character: range[1] }, end: { line: range[2], character: range[3] } },
    severity,
    code,
    source: 'spl-workbench',
    message,
    ...(relatedInformation ? { relatedInformation } : {}),
  };
}

/** The text a range covers (to show in assertions what an exact range points at). */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (range.start.line !== range.end.line) throw new Error('single-line ranges only');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

/** The position `delta` characters into the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, delta: number): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`no ${needle} in the text`);
  const lines = text.slice(0, offset + delta).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
