// Commands that set, remove or rename fields: eval, table, fields, rename, fillnull, convert.
import type { ConvertCommand, EvalCommand, FieldRef, FieldsCommand, FillnullCommand, RenameCommand, TableCommand } from '../../spl/ast';
import { EvalCompiler, isBooleanExpression } from '../eval/compileEval';
import { toField } from '../eval/evalValue';
import { EngineError } from '../problems';
import { addingColumns, rowUpdateStage, streamingInstance, uniqueNames, type Columns, type CompiledStage, type Sink, type StageInstance } from '../runtime';
import { globMatcher } from '../search/matching';
import { strftime, strptime } from '../time/timeFormat';
import { inheritOrigin, newRow, scalarText, setField, toNumber, valuesOf, type FieldValue, type Row, type Scalar } from '../values';
import type { CompileContext } from './context';
import { Options } from './options';

export function compileEvalCommand(command: EvalCommand, ctx: CompileContext): CompiledStage {
  const compiler = new EvalCompiler(ctx);
  const assignments = command.assignments.map((a) => {
    if (a.field.wildcard) throw new EngineError('engine-invalid-argument', `eval cannot assign to a wildcard name (${a.field.name}).`, a.field.span);
    if (isBooleanExpression(a.value)) {
      throw new EngineError('engine-type', `eval cannot store a boolean in ${a.field.name}: wrap the condition in if(..., "true", "false").`, a.value.span);
    }
    return { name: a.field.name, fn: compiler.compile(a.value), span: a.span };
  });
  const names = assignments.map((a) => a.name);
  return rowUpdateStage(
    command,
    ctx.index,
    (row) => {
      for (const a of assignments) {
        const value = a.fn(row);
        if (typeof value === 'boolean') throw new EngineError('engine-type', `eval cannot store a boolean in ${a.name}: wrap it in if(..., "true", "false").`, a.span);
        setField(row, a.name, toField(value));
      }
    },
    addingColumns(names),
  );
}

/** Field names of the rows a stage saw, in first-seen order (for wildcards in table/fields). */
class SeenNames {
  private readonly names = new Set<string>();

  note(row: Row): void {
    for (const key in row) this.names.add(key);
  }

  all(input: Columns): string[] {
    return uniqueNames([...input.names, ...this.names]);
  }
}

/** The names a list of field references picks from `available`, in the list's order. */
function pick(refs: readonly FieldRef[], available: readonly string[]): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    if (!ref.wildcard) out.push(ref.name);
    else {
      const fits = globMatcher(ref.name);
      for (const name of available) if (fits(name)) out.push(name);
    }
  }
  return uniqueNames(out);
}

export function compileTable(command: TableCommand, ctx: CompileContext): CompiledStage {
  const refs = command.fields;
  const wildcard = refs.some((r) => r.wildcard);
  const literal = refs.map((r) => r.name);
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      const seen = new SeenNames();
      const matchers = refs.map((r) => (r.wildcard ? globMatcher(r.name) : undefined));
      return {
        push(row) {
          const out = newRow();
          if (!wildcard) {
            for (const name of literal) if (name in row) out[name] = row[name];
          } else {
            seen.note(row);
            refs.forEach((r, i) => {
              const fits = matchers[i];
              if (!fits) {
                if (r.name in row) out[r.name] = row[r.name];
              } else for (const key in row) if (fits(key)) out[key] = row[key];
            });
          }
          next.push(inheritOrigin(out, row));
        },
        end: () => next.end(),
        columns: (input) => ({ names: wildcard ? pick(refs, seen.all(input)) : uniqueNames(literal), open: false }),
      };
    },
  };
}

const isInternal = (name: string): boolean => name === '_time' || name === '_raw';

export function compileFields(command: FieldsCommand, ctx: CompileContext): CompiledStage {
  const refs = command.fields;
  const matchers = refs.map((r) => (r.wildcard ? globMatcher(r.name) : (n: string) => n === r.name));
  const matches = (name: string): boolean => matchers.some((m) => m(name));
  if (command.mode === 'remove') {
    return rowUpdateStage(
      command,
      ctx.index,
      (row) => {
        for (const key in row) if (matches(key)) delete row[key];
      },
      (input) => ({ names: input.names.filter((n) => !matches(n)), open: input.open }),
    );
  }
  return {
    command,
    index: ctx.index,
    connect(next: Sink): StageInstance {
      const seen = new SeenNames();
      return {
        push(row) {
          seen.note(row);
          // `fields x` keeps _time and _raw too (Splunk keeps internal fields unless removed).
          for (const key in row) if (!matches(key) && !isInternal(key)) delete row[key];
          next.push(row);
        },
        end: () => next.end(),
        columns: (input) => ({ names: pick(refs, seen.all(input)), open: false }),
      };
    },
  };
}

/** `rename "a.*" as *`: the parts a wildcard name captured, or null when the name does not fit. */
function wildcardCapture(pattern: string): (name: string) => string[] | null {
  const parts = pattern.split('*');
  return (name) => {
    if (!name.startsWith(parts[0])) return null;
    const captures: string[] = [];
    let pos = parts[0].length;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const at = last ? (name.endsWith(part) && name.length - part.length >= pos ? name.length - part.length : -1) : name.indexOf(part, pos);
      if (at < 0) return null;
      captures.push(name.slice(pos, at));
      pos = at + part.length;
    }
    return pos === name.length ? captures : null;
  };
}

function fillWildcards(target: string, captures: readonly string[]): string {
  let i = 0;
  return target.replace(/\*/g, () => captures[i++] ?? '');
}

export function compileRename(command: RenameCommand, ctx: CompileContext): CompiledStage {
  const renames = command.renames.map((r) => {
    if (r.to.kind === 'missing') throw new EngineError('engine-syntax', 'rename needs a new name: rename a AS b', r.span);
    const from = r.from.name;
    const to = r.to.name;
    if (r.from.wildcard !== to.includes('*') && to.includes('*')) throw new EngineError('engine-invalid-argument', `The wildcards of "${from}" and "${to}" do not correspond.`, r.span);
    return { from, to, capture: r.from.wildcard ? wildcardCapture(from) : undefined };
  });
  const rename = (name: string): string | undefined => {
    let result: string | undefined;
    for (const r of renames) {
      if (!r.capture) {
        if (name === r.from) result = r.to;
        continue;
      }
      const captures = r.capture(name);
      if (captures) result = fillWildcards(r.to, captures);
    }
    return result;
  };
  return {
    command,
    index: ctx.index,
    connect: (next) =>
      streamingInstance(
        next,
        (row) => {
          // Rebuilt in key order so a renamed field keeps its column position; a rename onto an
          // existing name replaces that field.
          const moves = new Map<string, string>();
          for (const key in row) {
            const target = rename(key);
            if (target !== undefined && target !== key) moves.set(key, target);
          }
          if (moves.size === 0) {
            next.push(row);
            return;
          }
          const targets = new Set(moves.values());
          const out = newRow();
          for (const key in row) {
            const target = moves.get(key);
            if (target !== undefined) out[target] = row[key];
            else if (!targets.has(key)) out[key] = row[key];
          }
          next.push(inheritOrigin(out, row));
        },
        (input) => {
          const renamed = input.names.map((from) => ({ from, to: rename(from) ?? from }));
          const targets = new Set(renamed.filter((r) => r.to !== r.from).map((r) => r.to));
          return { names: uniqueNames(renamed.filter((r) => r.to !== r.from || !targets.has(r.from)).map((r) => r.to)), open: input.open };
        },
      ),
  };
}

export function compileFillnull(command: FillnullCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['value']);
  const value = options.text('value') ?? '0';
  const filled: FieldValue = toNumber(value) !== undefined && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  const fields = command.fields.map((f) => {
    if (f.wildcard) throw new EngineError('engine-unsupported', `Wildcard names in fillnull (${f.name}) are not supported by the local engine.`, f.span);
    return f.name;
  });
  if (fields.length > 0) {
    return rowUpdateStage(
      command,
      ctx.index,
      (row) => {
        for (const f of fields) if (!(f in row)) row[f] = filled;
      },
      addingColumns(fields),
    );
  }
  // Every field of the results: known only once all rows are in.
  return {
    command,
    index: ctx.index,
    connect(next: Sink, _run, inputColumns): StageInstance {
      const rows: Row[] = [];
      const seen = new SeenNames();
      return {
        push(row) {
          seen.note(row);
          rows.push(row);
        },
        end() {
          const names = seen.all(inputColumns()).filter((n) => !n.startsWith('_'));
          for (const row of rows) {
            for (const n of names) if (!(n in row)) row[n] = filled;
            next.push(row);
          }
          next.end();
        },
        columns: (input) => input,
      };
    },
  };
}

const DEFAULT_CTIME_FORMAT = '%m/%d/%Y %H:%M:%S';

type Conversion = (value: Scalar, format: string) => Scalar | null | undefined;

// Each returns the new value; undefined leaves the value as it was, null removes it.
const CONVERSIONS: Readonly<Record<string, Conversion>> = {
  ctime: (v, format) => {
    const n = toNumber(v);
    return n === undefined ? undefined : strftime(n, format);
  },
  mktime: (v, format) => strptime(scalarText(v), format) ?? undefined,
  auto: (v) => toNumber(v) ?? undefined,
  num: (v) => toNumber(v) ?? null,
  none: () => undefined,
  rmcomma: (v) => {
    const s = scalarText(v).replace(/,/g, '');
    return toNumber(s) ?? s;
  },
  rmunit: (v) => {
    const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(scalarText(v));
    return m ? Number(m[1]) : undefined;
  },
  dur2sec: (v) => {
    const m = /^(?:(\d+)\+)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(scalarText(v).trim());
    return m ? Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : undefined;
  },
  memk: (v) => {
    const m = /^([+-]?\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(scalarText(v).trim());
    if (!m) return undefined;
    const factor = { '': 1, k: 1, m: 1024, g: 1024 * 1024 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
    return Number(m[1]) * factor;
  },
};

export function compileConvert(command: ConvertCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['timeformat']);
  const format = options.text('timeformat') ?? DEFAULT_CTIME_FORMAT;
  const steps = command.conversions.map((c) => {
    const convert = CONVERSIONS[c.function.toLowerCase()];
    if (!convert) throw new EngineError('engine-unsupported', `convert ${c.function}() is not supported by the local engine.`, c.functionSpan);
    if (c.field.kind === 'missing') throw new EngineError('engine-syntax', `${c.function}() needs a field.`, c.span);
    const field = c.field;
    if (field.wildcard && c.alias) throw new EngineError('engine-unsupported', 'convert with a wildcard field and AS is not supported by the local engine.', c.span);
    return { convert, field: field.name, wildcard: field.wildcard ? globMatcher(field.name) : undefined, alias: c.alias?.name };
  });
  const apply = (row: Row, field: string, target: string, convert: Conversion): void => {
    const value = row[field];
    if (value === undefined) return;
    const out: Scalar[] = [];
    for (const v of valuesOf(value)) {
      const r = convert(v, format);
      if (r === undefined) out.push(v);
      else if (r !== null) out.push(r);
    }
    setField(row, target, out);
  };
  const aliases = steps.flatMap((s) => (s.alias ? [s.alias] : []));
  return rowUpdateStage(
    command,
    ctx.index,
    (row) => {
      for (const s of steps) {
        if (s.wildcard) {
          for (const key of Object.keys(row)) if (s.wildcard(key)) apply(row, key, key, s.convert);
        } else apply(row, s.field, s.alias ?? s.field, s.convert);
      }
    },
    addingColumns(aliases),
  );
}
