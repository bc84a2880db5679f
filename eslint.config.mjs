// Lint rules. The one that guards the architecture: code under server/src/core is the pure core
// and may not import VS Code, the LSP libraries, or do IO (see ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_FORBIDDEN = [
  { name: 'vscode', message: 'The pure core must not import vscode (ARCHITECTURE.md).' },
  ...['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'worker_threads'].flatMap((m) => [
    { name: m, message: 'The pure core does no IO: take data in as values (ARCHITECTURE.md).' },
    { name: `node:${m}`, message: 'The pure core does no IO: take data in as values (ARCHITECTURE.md).' },
  ]),
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'test-artifacts/**', 'samples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_FORBIDDEN,
          patterns: [
            { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'], message: 'The pure core must not import the LSP libraries (ARCHITECTURE.md).' },
            { group: ['**/lsp/**', '**/cli/**', '**/node/**'], message: 'The pure core may not import its adapters (ARCHITECTURE.md).' },
          ],
        },
      ],
    },
  },
);
