// `spl-workbench`: the command-line adapter over the core. Each sub-command lives in its own
// file and returns an exit code; this file only dispatches and reports usage errors.
import { runCheck } from './check';
import { runExpand } from './expand';
import { runRun } from './run';
import { runSummary } from './summary';
import { runTest } from './test';
import { UsageError } from './usage';

const COMMANDS: Record<string, { readonly describe: string; readonly run: (args: string[]) => Promise<number> }> = {
  check: {
    describe: 'check [paths...] [--format text|json] [--content-root DIR]   diagnostics for files or content folders',
    run: runCheck,
  },
  expand: {
    describe: 'expand <detection.yml | file.spl> [--format text|json] [--content-root DIR]   the fully expanded search',
    run: runExpand,
  },
  run: {
    describe:
      'run <detection.yml> [--data FILE...] [--sourcetype ST] [--now ISO] [--window all|schedule] [--format table|json|ndjson] [--content-root DIR]\n' +
      '  spl-workbench run --search "<spl>" --data FILE... [--content-root DIR] [...]   run a search on NDJSON events with the local engine',
    run: runRun,
  },
  test: {
    describe: 'test [paths...] [--junit FILE] [--content-root DIR]   judge each detection test as contentctl does, on local attack data',
    run: runTest,
  },
  summary: {
    describe: 'summary <detection.yml>...   print what a detection is and what its search does',
    run: runSummary,
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  spl-workbench ${c.describe}`);
  return ['Usage:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`spl-workbench: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`spl-workbench ${name}: ${error.message}\n${usage()}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`spl-workbench: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 3;
  },
);
