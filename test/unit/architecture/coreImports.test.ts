// The pure core (server/src/core) imports nothing from VS Code, the LSP libraries, its own
// adapters, or Node's IO modules. ESLint enforces the same rule while editing; this test makes
// the invariant part of `npm test` even if the lint config drifts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const coreDir = path.resolve(__dirname, '../../../server/src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const FORBIDDEN: readonly RegExp[] = [
  /^vscode$/,
  /^vscode-languageserver/,
  /^vscode-languageclient/,
  /^vscode-jsonrpc/,
  /^(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)$/,
  /(^|\/)(lsp|cli|node)\//,
];

export function forbiddenImports(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  return specifiers.filter((s) => FORBIDDEN.some((re) => re.test(s)));
}

test('the forbidden-import check recognises each kind of import', () => {
  assert.deepEqual(forbiddenImports(`import * as vscode from 'vscode';`), ['vscode']);
  assert.deepEqual(forbiddenImports(`import { x } from "vscode-languageserver/node";`), ['vscode-languageserver/node']);
  assert.deepEqual(forbiddenImports(`const fs = require('node:fs');`), ['node:fs']);
  assert.deepEqual(forbiddenImports(`export { a } from '../lsp/server';`), ['../lsp/server']);
  assert.deepEqual(forbiddenImports(`import { parse } from 'yaml';\nimport { a } from './ast';`), []);
});

test('the core exists and imports neither vscode, the LSP libraries, its adapters nor IO modules', () => {
  const files = sourceFiles(coreDir);
  assert.ok(files.length > 0, `no core sources found under ${coreDir}`);
  const offenders = files.flatMap((file) =>
    forbiddenImports(readFileSync(file, 'utf8')).map((s) => `${path.relative(coreDir, file)} imports '${s}'`),
  );
  assert.deepEqual(offenders, []);
});
