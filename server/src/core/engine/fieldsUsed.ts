// Which event fields a pipeline reads, so extraction can skip the rest of each event. Flattening
// every JSON leaf of every event costs more than the search itself; a detection reads a handful
// of fields. The answer may name more fields than needed (harmless), never fewer: when a stage
// works on every field (`table *`, `fields x*`, `rename a.* as *`, `fillnull` without a list, or
// raw events reaching the output), extraction takes everything.
import type { Command, Pipeline, SearchExpression } from '../spl/ast';

export interface FieldNeeds {
  /** Fields the first stage's search expression reads (extracted before it filters). */
  readonly filter: readonly string[];
  /** Fields the later stages read, or 'all'. */
  readonly rest: readonly string[] | 'all';
}

/** Commands whose output rows are made anew: event fields they do not read are gone after them. */
function closes(command: Command): boolean {
  switch (command.kind) {
    case 'stats':
      return command.name === 'stats' || command.name === 'sistats';
    case 'chart':
    case 'tstats':
    case 'top':
    case 'table':
      return true;
    case 'fields':
      return command.mode === 'keep';
    default:
      return false;
  }
}

/** The command works on every field of a row. */
function needsAllFields(command: Command): boolean {
  switch (command.kind) {
    case 'table':
    case 'fields':
      return command.fields.some((f) => f.wildcard);
    case 'rename':
      return command.renames.some((r) => r.from.wildcard);
    case 'fillnull':
      return command.fields.length === 0;
    case 'convert':
      return command.conversions.some((c) => c.field.kind === 'field' && c.field.wildcard);
    case 'search':
      return command.expression !== undefined && searchUsesWildcardField(command.expression);
    case 'join':
      // Sub rows overwrite main fields: main-row fields they do not name stay as they are.
      return false;
    default:
      return false;
  }
}

function searchUsesWildcardField(e: SearchExpression): boolean {
  switch (e.kind) {
    case 'search-and':
    case 'search-or':
      return e.operands.some(searchUsesWildcardField);
    case 'search-not':
      return searchUsesWildcardField(e.operand);
    case 'search-comparison':
    case 'search-in':
      return e.field.wildcard;
    default:
      return false;
  }
}

const FIELD_OPTIONS = new Set(['field', 'input', 'output']);

/** Every field name a node mentions (subsearches excluded: they read events on their own). */
function collect(node: unknown, out: Set<string>, raw: { value: boolean }): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, out, raw);
    return;
  }
  const n = node as { kind?: string; name?: string; value?: unknown; wildcard?: boolean };
  switch (n.kind) {
    case 'subsearch':
      return;
    case 'field':
    case 'eval-field':
      if (typeof n.name === 'string' && !n.wildcard) out.add(n.name);
      return;
    case 'search-term':
      // `*` alone matches everything without reading the event.
      if (!((node as { text?: string }).text === '*' && !(node as { quoted?: boolean }).quoted)) raw.value = true;
      return;
    case 'search-term-function':
      raw.value = true;
      return;
    case 'option':
      if (typeof n.name === 'string' && FIELD_OPTIONS.has(n.name.toLowerCase())) {
        const v = n.value as { kind?: string; text?: string };
        if (v?.kind === 'value' && typeof v.text === 'string') out.add(v.text);
      }
      break;
    case 'rex':
    case 'regex':
    case 'spath': {
      // Without field= / input=, these read _raw.
      const c = node as { field?: unknown; options?: readonly { kind: string; name?: string }[] };
      const named = c.field !== undefined || (c.options ?? []).some((o) => o.kind === 'option' && ['field', 'input'].includes((o.name ?? '').toLowerCase()));
      if (!named) raw.value = true;
      break;
    }
    default:
      break;
  }
  for (const key of Object.keys(node)) {
    if (key === 'span' || key === 'nameSpan') continue;
    collect((node as Record<string, unknown>)[key], out, raw);
  }
}

/** The fields of events a pipeline whose first stage is an event search needs. */
export function fieldNeeds(pipeline: Pipeline): FieldNeeds {
  const [first, ...rest] = pipeline.stages;
  const filterFields = new Set<string>(['_time']);
  const filterRaw = { value: false };
  if (first) collect(first, filterFields, filterRaw);
  if (filterRaw.value) filterFields.add('_raw');

  const later = new Set<string>();
  const laterRaw = { value: false };
  let all = false;
  let closed = false;
  for (const command of rest) {
    collect(command, later, laterRaw);
    if (!closed && needsAllFields(command)) all = true;
    if (closes(command)) {
      closed = true;
      break;
    }
  }
  if (!closed) all = true;
  if (laterRaw.value) later.add('_raw');
  const filter = [...filterFields];
  return { filter, rest: all ? 'all' : [...later].filter((f) => !filterFields.has(f)) };
}
