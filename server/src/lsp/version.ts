// Replaced at bundle time by esbuild's `define`; falls back for tests that import the source.
declare const __SPL_WORKBENCH_VERSION__: string | undefined;

export const SERVER_VERSION: string =
  typeof __SPL_WORKBENCH_VERSION__ === 'string' ? __SPL_WORKBENCH_VERSION__ : '0.0.0-dev';
