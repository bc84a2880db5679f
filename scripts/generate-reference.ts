// Compiles the hand-written SPL reference into the one file the server loads.
//
//   node --conditions=import --import tsx scripts/generate-reference.ts     (npm run generate-reference)
//
// Sources, in server/src/core/spl/reference/: commands.yaml, evalFunctions.yaml and
// statsFunctions.yaml, each a YAML list of entries (the fields are described in types.ts). The
// script checks every entry (each field present and of the right shape, names lowercase and unique
// with their aliases, parameters named in the signature) and writes splReference.generated.json:
// entries sorted by name, every field present, one entry per line. It writes nothing when a
// source has a problem, and lists every problem. The reference test regenerates the JSON in
// memory and fails when the file on disk differs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type {
  CommandProvider, CommandReference, FunctionReference, ParameterReference, ReferenceItem, SplReferenceData,
} from '../server/src/core/spl/reference/types';

export const REFERENCE_DIR = path.resolve(__dirname, '../server/src/core/spl/reference');
export const GENERATED_FILE = path.join(REFERENCE_DIR, 'splReference.generated.json');

/** The source file of each part of the reference. */
export const SOURCE_FILES = {
  commands: 'commands.yaml',
  evalFunctions: 'evalFunctions.yaml',
  statsFunctions: 'statsFunctions.yaml',
} as const;

export type ReferenceSources = Readonly<Record<keyof typeof SOURCE_FILES, string>>;

export interface BuildResult {
  readonly data: SplReferenceData;
  /** `file: entry: problem`, empty when the sources are valid. */
  readonly problems: readonly string[];
}

const NAME = /^[a-z_][a-z0-9_]*$/;
const PROVIDERS: readonly CommandProvider[] = ['splunk', 'mltk', 'app'];
/** Summaries show in completion lists next to the name: keep them short. */
const MAX_SUMMARY = 100;
const MIN_DESCRIPTION = 60;
const MAX_DESCRIPTION = 600;

/** The text of each source file. */
export function readSources(dir: string = REFERENCE_DIR): ReferenceSources {
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  return {
    commands: read(SOURCE_FILES.commands),
    evalFunctions: read(SOURCE_FILES.evalFunctions),
    statsFunctions: read(SOURCE_FILES.statsFunctions),
  };
}

/** Validates the sources and builds the reference (entries sorted by name). */
export function buildReference(sources: ReferenceSources): BuildResult {
  const problems: string[] = [];
  const commands = entriesOf(sources.commands, SOURCE_FILES.commands, problems)
    .map((raw, i) => readCommand(new EntryReader(raw, SOURCE_FILES.commands, i, problems)));
  const evalFunctions = entriesOf(sources.evalFunctions, SOURCE_FILES.evalFunctions, problems)
    .map((raw, i) => readFunction(new EntryReader(raw, SOURCE_FILES.evalFunctions, i, problems)));
  const statsFunctions = entriesOf(sources.statsFunctions, SOURCE_FILES.statsFunctions, problems)
    .map((raw, i) => readFunction(new EntryReader(raw, SOURCE_FILES.statsFunctions, i, problems)));
  checkUniqueNames(commands, SOURCE_FILES.commands, problems);
  checkUniqueNames(evalFunctions, SOURCE_FILES.evalFunctions, problems);
  checkUniqueNames(statsFunctions, SOURCE_FILES.statsFunctions, problems);
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    data: { commands: commands.sort(byName), evalFunctions: evalFunctions.sort(byName), statsFunctions: statsFunctions.sort(byName) },
    problems,
  };
}

/** The generated file's text: compact JSON, one entry per line so that a change shows as a
 * one-line diff. */
export function renderReference(data: SplReferenceData): string {
  const part = (key: keyof SplReferenceData) => `${JSON.stringify(key)}:[\n${data[key].map((e) => JSON.stringify(e)).join(',\n')}\n]`;
  return `{${part('commands')},\n${part('evalFunctions')},\n${part('statsFunctions')}}\n`;
}

/** The generated file's text for `sources`; throws listing every problem of the sources. */
export function generateReference(sources: ReferenceSources = readSources()): string {
  const { data, problems } = buildReference(sources);
  if (problems.length > 0) throw new Error(`the SPL reference sources have problems:\n  ${problems.join('\n  ')}`);
  return renderReference(data);
}

// ---------------------------------------------------------------------------------------------
// Reading and checking entries

function entriesOf(text: string, file: string, problems: string[]): unknown[] {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push(`${file}: expected a list of entries`);
    return [];
  }
  return value;
}

/** Reads the fields of one entry, recording a problem for each missing or malformed one (and
 * returning a placeholder, so that every problem of a file is reported in one run). */
class EntryReader {
  private readonly fields: Record<string, unknown>;
  private readonly used = new Set<string>();
  readonly label: string;

  constructor(raw: unknown, file: string, index: number, private readonly problems: string[]) {
    this.fields = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const name = typeof this.fields.name === 'string' ? this.fields.name : `#${index + 1}`;
    this.label = `${file}: ${name}`;
    if (this.fields !== raw) this.problem('expected a mapping');
  }

  problem(message: string): void {
    this.problems.push(`${this.label}: ${message}`);
  }

  /** A non-empty string; `multiline` allows line breaks. */
  text(key: string, options: { multiline?: boolean } = {}): string {
    this.used.add(key);
    const value = this.fields[key];
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(`'${key}' must be a non-empty string`);
      return '';
    }
    if (value !== value.trim()) this.problem(`'${key}' has surrounding spaces`);
    if (!options.multiline && /[\r\n]/.test(value)) this.problem(`'${key}' must be one line`);
    return value;
  }

  flag(key: string, fallback?: boolean): boolean {
    this.used.add(key);
    const value = this.fields[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(`'${key}' must be true or false`);
      return false;
    }
    return value;
  }

  /** A list of mappings (`[]` when there are none). */
  list(key: string): EntryReader[] {
    this.used.add(key);
    const value = this.fields[key];
    if (!Array.isArray(value)) {
      this.problem(`'${key}' must be a list`);
      return [];
    }
    return value.map((item, i) => new EntryReader(item, `${this.label}: ${key}`, i, this.problems));
  }

  /** A mapping written `name: value`, as entries in the order written. */
  pairs(key: string): [string, unknown][] {
    this.used.add(key);
    const value = this.fields[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(`'${key}' must be a mapping of names to descriptions ({} when there are none)`);
      return [];
    }
    return Object.entries(value as Record<string, unknown>);
  }

  /** A list of lowercase names; absent is empty. */
  names(key: string): string[] {
    this.used.add(key);
    const value = this.fields[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
      this.problem(`'${key}' must be a list of names`);
      return [];
    }
    for (const v of value) if (!NAME.test(v)) this.problem(`'${key}': '${v}' must be a lowercase name`);
    return value;
  }

  /** Reports fields nobody read (a typo in a key would otherwise be silently dropped). */
  finish(): void {
    for (const key of Object.keys(this.fields)) if (!this.used.has(key)) this.problem(`unknown field '${key}'`);
  }
}

/** The fields every command and function has. */
function readCommon(entry: EntryReader) {
  const name = entry.text('name');
  if (name && !NAME.test(name)) entry.problem(`name '${name}' must be lowercase letters, digits and '_'`);
  const aliases = entry.names('aliases');
  const summary = entry.text('summary');
  if (summary.length > MAX_SUMMARY) entry.problem(`summary longer than ${MAX_SUMMARY} characters`);
  const description = entry.text('description', { multiline: true }).replace(/\s*\n\s*/g, ' ');
  if (description && (description.length < MIN_DESCRIPTION || description.length > MAX_DESCRIPTION)) {
    entry.problem(`description must be ${MIN_DESCRIPTION} to ${MAX_DESCRIPTION} characters`);
  }
  const sentences = countSentences(description);
  if (description && (sentences < 2 || sentences > 4)) entry.problem(`description must be 2 to 4 sentences, not ${sentences}`);
  if (description && !/[.)]$/.test(description)) entry.problem('description must end with a full stop');
  const example = entry.text('example');
  return { name, aliases, summary, description, example };
}

/** A sentence ends with `.`, `!` or `?` right after a word character, a closing quote or a
 * bracket, and before a space: `0.01` and `Processes.dest` do not end one. */
function countSentences(text: string): number {
  return text ? text.split(/(?<=[\w`)"'][.!?])\s+/).length : 0;
}

/** `options` and `keywords`: a mapping from each name to its one-line meaning (YAML keeps the
 * order as written). */
function readItems(entry: EntryReader, key: string): ReferenceItem[] {
  const items: ReferenceItem[] = [];
  const seen = new Set<string>();
  for (const [name, description] of entry.pairs(key)) {
    if (!name.trim() || name !== name.trim() || /\s/.test(name)) entry.problem(`${key}: '${name}' must be one word`);
    if (typeof description !== 'string' || !description.trim() || /[\r\n]/.test(description)) {
      entry.problem(`${key}: '${name}' needs a one-line description`);
    }
    if (seen.has(name.toLowerCase())) entry.problem(`${key}: '${name}' is listed twice`);
    seen.add(name.toLowerCase());
    items.push({ name, description: typeof description === 'string' ? description.trim() : '' });
  }
  return items;
}

function readCommand(entry: EntryReader): CommandReference {
  const common = readCommon(entry);
  const syntax = entry.text('syntax');
  if (common.name && !syntax.toLowerCase().startsWith(common.name)) entry.problem(`syntax must start with the name`);
  const provider = entry.text('provider') as CommandProvider;
  if (provider && !PROVIDERS.includes(provider)) entry.problem(`provider must be one of ${PROVIDERS.join(', ')}`);
  const command: CommandReference = {
    name: common.name,
    aliases: common.aliases,
    syntax,
    summary: common.summary,
    description: common.description,
    example: common.example,
    generating: entry.flag('generating'),
    transforming: entry.flag('transforming'),
    provider,
    options: readItems(entry, 'options'),
    keywords: readItems(entry, 'keywords'),
  };
  entry.finish();
  return command;
}

function readFunction(entry: EntryReader): FunctionReference {
  const common = readCommon(entry);
  const signature = entry.text('signature');
  const parameters: ParameterReference[] = entry.list('parameters').map((p) => {
    const parameter = {
      name: p.text('name'),
      description: p.text('description'),
      optional: p.flag('optional', false),
      repeatable: p.flag('repeatable', false),
    };
    p.finish();
    return parameter;
  });
  const returns = entry.text('returns');
  entry.finish();
  if (common.name && !signature.toLowerCase().startsWith(common.name)) entry.problem('signature must start with the name');
  // Signature help highlights each parameter by finding its name in the signature, left to right.
  let from = signature.indexOf('(');
  for (const p of parameters) {
    const at = findWord(signature, p.name, from);
    if (at < 0) entry.problem(`parameter '${p.name}' is not in the signature after the previous one`);
    else from = at + p.name.length;
  }
  return { ...common, signature, parameters, returns };
}

/** The first occurrence of `word` in `text` at or after `from` that is not part of a longer word. */
function findWord(text: string, word: string, from: number): number {
  if (!word) return -1;
  for (let at = text.indexOf(word, from); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + word.length] ?? ' ';
    if (!/\w/.test(before) && !/\w/.test(after)) return at;
  }
  return -1;
}

function checkUniqueNames(entries: readonly { name: string; aliases: readonly string[] }[], file: string, problems: string[]): void {
  const owner = new Map<string, string>();
  for (const entry of entries) {
    for (const name of [entry.name, ...entry.aliases]) {
      if (!name) continue;
      const previous = owner.get(name);
      if (previous !== undefined) problems.push(`${file}: '${name}' is used by both '${previous}' and '${entry.name}'`);
      else owner.set(name, entry.name);
    }
  }
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const text = generateReference();
  writeFileSync(GENERATED_FILE, text);
  const data = JSON.parse(text) as SplReferenceData;
  console.error(
    `wrote ${path.relative(process.cwd(), GENERATED_FILE)}: ${data.commands.length} commands, ` +
      `${data.evalFunctions.length} eval functions, ${data.statsFunctions.length} statistical functions`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
