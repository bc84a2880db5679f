// Command-line usage problems: reported with the usage text and exit code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command-line usage: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

/** `parseArgs` with positionals allowed, its errors (unknown option, missing value) turned
 * into usage errors. */
type CommandLineConfig<T> = { args: string[]; allowPositionals: true; strict: true; options: T };

export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<CommandLineConfig<T>>> {
  try {
    return parseArgs<CommandLineConfig<T>>({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
