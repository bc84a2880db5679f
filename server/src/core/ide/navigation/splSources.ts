// The SPL written anywhere in a content root, for the features that look across files (find
// references, rename): detections (search and drilldowns), macro definitions (YAML and
// macros.conf) and `.spl` files. The caller gives the `.spl` texts; the core reads no disk.
import type { ContentRepository } from '../../content';
import type { MacrosConf } from '../../macros/macrosConf';
import { walk } from '../nodeAt';
import { parseSpl, type MacroCall, type Pipeline } from '../../spl';
import type { Span } from '../../text/lineIndex';
import { embeddedSplOf, splFileEmbedding, type EmbeddedSpl } from '../embeddedSpl';

export interface SplFileText {
  readonly path: string;
  readonly text: string;
}

/** One file and the SPL texts written in it. */
export interface SplSource {
  readonly path: string;
  readonly spls: readonly EmbeddedSpl[];
}

/** Every file of the repository that holds SPL, plus the given `.spl` files. */
export function splSourcesOf(repository: ContentRepository, confs: ReadonlyMap<string, MacrosConf>, splFiles: readonly SplFileText[]): SplSource[] {
  const out: SplSource[] = [];
  for (const file of [...repository.detections(), ...repository.macroFiles()]) {
    const spls = embeddedSplOf(file);
    if (spls.length) out.push({ path: file.path, spls });
  }
  for (const [path, conf] of confs) {
    const spls = conf.macros.map((m): EmbeddedSpl => ({
      role: 'macro-definition',
      source: m.definition,
      fileSpan: m.definition.toFileSpan({ start: 0, end: m.definition.text.length }),
    }));
    if (spls.length) out.push({ path, spls });
  }
  for (const spl of splFiles) out.push({ path: spl.path, spls: [splFileEmbedding(spl.path, spl.text)] });
  return out;
}

/** Every macro call of a tree (macro stages and calls inside expressions and options). */
export function macroCallsOf(pipeline: Pipeline): MacroCall[] {
  const out: MacroCall[] = [];
  for (const node of walk(pipeline)) if (node.kind === 'macro-call') out.push(node as MacroCall);
  return out;
}

/** A place in a file, in file offsets. */
export interface FileSpan {
  readonly file: string;
  readonly span: Span;
}

/** File spans of the names of every call of the macro `name` with `arity` arguments. Texts
 * that do not contain the name are not parsed. */
export function macroCallSites(sources: readonly SplSource[], name: string, arity: number): FileSpan[] {
  const out: FileSpan[] = [];
  for (const source of sources) {
    for (const spl of source.spls) {
      if (!spl.source.text.includes(name)) continue;
      for (const call of macroCallsOf(parseSpl(spl.source.text).pipeline)) {
        if (call.name === name && call.args.length === arity) out.push({ file: source.path, span: spl.source.toFileSpan(call.nameSpan) });
      }
    }
  }
  return out;
}
