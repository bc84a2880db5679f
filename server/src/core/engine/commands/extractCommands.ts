// Commands that pull new fields out of text: rex (named groups, or sed-style edits) and spath.
import type { RexCommand, SpathCommand } from '../../spl/ast';
import { spathValues } from '../eval/jsonPath';
import { flattenJson } from '../extract';
import { EngineError } from '../problems';
import { allMatches, groupText, regexReplace, type CompiledRegex } from '../regex';
import { addingColumns, rowUpdateStage, type CompiledStage } from '../runtime';
import { scalarText, setField, valuesOf, type Row, type Scalar } from '../values';
import type { CompileContext } from './context';
import { commandRegex, regexWork } from './filters';
import { Options } from './options';

interface SedEdit {
  readonly kind: 's';
  readonly regex: CompiledRegex;
  readonly replacement: string;
  readonly global: boolean;
  readonly nth?: number;
}

interface SedTranslate {
  readonly kind: 'y';
  readonly from: string;
  readonly to: string;
}

/** Splits `s/a\/b/c/g` on its delimiter (the character after `s`), keeping escapes of other
 * characters for the regex. */
function splitSed(script: string): string[] | undefined {
  const delimiter = script[1];
  if (delimiter === undefined) return undefined;
  const parts: string[] = [];
  let current = '';
  for (let i = 2; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\' && script[i + 1] === delimiter) {
      current += delimiter;
      i++;
    } else if (ch === '\\' && i + 1 < script.length) {
      current += ch + script[i + 1];
      i++;
    } else if (ch === delimiter) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function parseSed(script: string, span: { start: number; end: number }): SedEdit | SedTranslate {
  const bad = (why: string): never => {
    throw new EngineError('engine-invalid-argument', `rex mode=sed: ${why} (expected s/regex/replacement/flags or y/abc/xyz/)`, span);
  };
  const parts = splitSed(script);
  if (!parts || parts.length !== 3) return bad(`cannot read "${script}"`);
  if (script[0] === 'y') {
    if (parts[0].length !== parts[1].length) return bad('y/// needs two lists of the same length');
    return { kind: 'y', from: parts[0], to: parts[1] };
  }
  if (script[0] !== 's') return bad(`unknown sed command "${script[0]}"`);
  const flags = parts[2];
  if (!/^(g|\d+)?$/.test(flags)) return bad(`unknown flags "${flags}"`);
  const regex = commandRegex({ text: parts[0], span });
  return { kind: 's', regex, replacement: parts[1], global: flags === 'g', nth: /^\d+$/.test(flags) ? Number(flags) : undefined };
}

function applySed(edit: SedEdit | SedTranslate, text: string): string {
  if (edit.kind === 'y') return [...text].map((c) => { const i = edit.from.indexOf(c); return i < 0 ? c : edit.to[i]; }).join('');
  return regexReplace(edit.regex, text, edit.replacement, edit.nth !== undefined ? { nth: edit.nth } : { limit: edit.global ? Infinity : 1 });
}

export function compileRex(command: RexCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['field', 'max_match', 'mode']);
  if (!command.pattern) throw new EngineError('engine-invalid-argument', 'rex needs a regular expression: rex field=f "(?<name>...)"', command.span);
  const field = options.text('field') ?? '_raw';
  const mode = options.text('mode');
  const span = command.pattern.span;
  if (mode !== undefined) {
    if (mode.toLowerCase() !== 'sed') throw new EngineError('engine-invalid-argument', `rex mode is "sed", not "${mode}".`, options.span('mode'));
    const edit = parseSed(command.pattern.text, span);
    return rowUpdateStage(command, ctx.index, (row) => {
      const value = row[field];
      if (value !== undefined) {
        const out = regexWork(span, () => valuesOf(value).map((v) => applySed(edit, scalarText(v))));
        setField(row, field, out);
      }
    });
  }
  const maxMatch = options.int('max_match', 1);
  const regex = commandRegex(command.pattern);
  const groups = regex.groupNames;
  if (groups.length === 0) ctx.warnings.add('rex has no named group (?<name>...): it extracts no field.', span, ctx.index);
  const names = groups.map(([n]) => n);
  const limit = maxMatch === 0 ? Infinity : maxMatch;
  const extract = (row: Row): void => {
    const value = row[field];
    if (value === undefined) return;
    const found: Scalar[][] = groups.map(() => []);
    let count = 0;
    for (const v of valuesOf(value)) {
      const text = scalarText(v);
      for (const m of allMatches(regex, text, limit - count)) {
        count++;
        groups.forEach(([, index], i) => {
          const g = groupText(text, m, index);
          if (g !== undefined) found[i].push(g);
        });
      }
      if (count >= limit) break;
    }
    // A group that matched nothing leaves the field as it was.
    groups.forEach(([name], i) => {
      if (found[i].length) setField(row, name, found[i]);
    });
  };
  return rowUpdateStage(
    command,
    ctx.index,
    (row) => {
      regexWork(span, () => extract(row));
    },
    addingColumns(names),
  );
}

export function compileSpath(command: SpathCommand, ctx: CompileContext): CompiledStage {
  const options = new Options(command, command.options, ['input', 'output', 'path']);
  const input = options.text('input') ?? '_raw';
  const path = options.text('path') ?? command.path?.text;
  const output = options.text('output') ?? path;
  const parse = (row: Row): unknown => {
    const value = row[input];
    if (typeof value !== 'string') return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  };
  if (path === undefined) {
    return rowUpdateStage(
      command,
      ctx.index,
      (row) => {
        const json = parse(row);
        if (json !== undefined) for (const [name, values] of flattenJson(json)) setField(row, name, values);
      },
      (columns) => ({ names: columns.names, open: true }),
    );
  }
  return rowUpdateStage(
    command,
    ctx.index,
    (row) => {
      const json = parse(row);
      if (json !== undefined) setField(row, output!, spathValues(json, path));
    },
    addingColumns([output!]),
  );
}
