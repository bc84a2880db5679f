// `spl-workbench expand <detection.yml | file.spl> [--format text|json] [--content-root DIR]`:
// the fully expanded search; JSON adds every macro expansion with its call-site range and the
// location of the definition it used.
import { readFileSync } from 'node:fs';
import { macroTableOf } from '../core/analysis';
import type { MacroCallSite } from '../core/macros/expand';
import { expandMacros } from '../core/macros/expand';
import { LineIndex, type Range, type Span } from '../core/text/lineIndex';
import { verbatimSourceText, type SourceText } from '../core/text/sourceText';
import { readTextOrUndefined } from './check';
import { toCheckReport } from './diagnosticsOutput';
import { displayPath, loadScopes } from './contentScope';
import { parseCommandLine, UsageError } from './usage';

interface JsonLocation {
  readonly path: string;
  readonly range?: Range;
}

interface JsonExpansion {
  readonly macro: string;
  readonly arity: number;
  readonly arguments: readonly { readonly name?: string; readonly value: string }[];
  readonly callSite: JsonLocation;
  readonly definition: (JsonLocation & { readonly text: string }) | null;
  /** Offsets of what the call became in the expanded text. */
  readonly expanded: Span;
  readonly children: readonly JsonExpansion[];
}

export async function runExpand(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, { format: { type: 'string', default: 'text' }, 'content-root': { type: 'string' } });
  const { format } = parsed.values;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (parsed.positionals.length !== 1) throw new UsageError('expand takes exactly one detection.yml or .spl file');
  const [scope] = loadScopes(parsed.positionals, parsed.values['content-root']);
  const target = scope.splFiles[0] ?? scope.files[0];
  if (!target) throw new UsageError(`${parsed.positionals[0]} is not a file`);

  let source: SourceText;
  if (target.endsWith('.spl')) source = verbatimSourceText(target, readFileSync(target, 'utf8'));
  else {
    const file = scope.repository.file(target);
    if (!file || file.kind !== 'detection' || !file.search) {
      process.stderr.write(`${displayPath(target)}: no search to expand (not a detection with a search: key)\n`);
      return 1;
    }
    source = file.search;
  }
  const { table } = macroTableOf(scope.repository);
  const expansion = expandMacros(source, table);

  const indexes = new Map<string, LineIndex | undefined>();
  const indexOf = (p: string): LineIndex | undefined => {
    if (!indexes.has(p)) {
      const text = scope.repository.file(p)?.text ?? readTextOrUndefined(p);
      indexes.set(p, text === undefined ? undefined : new LineIndex(text));
    }
    return indexes.get(p);
  };
  const location = (text: SourceText, s: Span): JsonLocation => {
    const index = indexOf(text.file);
    return { path: displayPath(text.file), ...(index ? { range: index.rangeOf(text.toFileSpan(s)) } : {}) };
  };
  const toJson = (call: MacroCallSite): JsonExpansion => ({
    macro: call.name,
    arity: call.arity,
    arguments: call.args.map((a) => ({ ...(a.name ? { name: a.name } : {}), value: a.value })),
    callSite: location(call.source, call.span),
    definition: call.definition
      ? { ...location(call.definition.definition, { start: 0, end: call.definition.definition.text.length }), text: call.definition.definition.text }
      : null,
    expanded: call.expandedSpan,
    children: call.children.map(toJson),
  });

  const fileText = target.endsWith('.spl') ? source.text : (scope.repository.file(target)?.text ?? '');
  const diagnostics = expansion.diagnostics.map((d) => ({ ...d, span: source.toFileSpan(d.span) }));
  const report = toCheckReport([{ path: displayPath(target), text: fileText, diagnostics }], readTextOrUndefined, displayPath);
  const errors = report.summary.errors;
  if (format === 'json') {
    const out = {
      path: displayPath(target),
      expanded: expansion.text,
      expansions: expansion.calls.map(toJson),
      diagnostics: report.files[0].diagnostics,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(expansion.text.endsWith('\n') ? expansion.text : expansion.text + '\n');
    for (const d of report.files[0].diagnostics) {
      process.stderr.write(`${displayPath(target)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}\n`);
    }
  }
  return errors > 0 ? 1 : 0;
}
