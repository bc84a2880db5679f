// Folding ranges: the blocks of a YAML content file (every mapping entry and list item that
// spans several lines: the search block scalar, drilldown_searches and each drilldown, rba,
// tags, tests, ...) and the pipeline stages of any SPL (in YAML or a `.spl` file) that span
// several lines. Spans end at their last non-blank character; the LSP layer keeps those that
// cover more than one line.
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ContentFile } from '../../content';
import type { YamlFile } from '../../content/yamlFile';
import type { Span } from '../../text/lineIndex';
import type { EmbeddedSpl } from '../embeddedSpl';
import type { WrittenTree } from './target';

export interface FoldingSpan {
  readonly span: Span;
  readonly kind: 'region' | 'comment';
}

/** Deep enough for `rba.risk_objects[i]` and `tests[i].attack_data[j]`. */
const MAX_YAML_DEPTH = 4;

function trimEnd(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return { start: span.start, end };
}

function spans(node: unknown, yaml: YamlFile): Span | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? { start: yaml.toFileOffset(range[0]), end: yaml.toFileOffset(range[1]) } : undefined;
}

function yamlBlocks(yaml: YamlFile, node: unknown, depth: number, out: Span[]): void {
  if (depth > MAX_YAML_DEPTH) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = spans(pair.key, yaml);
      const value = spans(pair.value, yaml);
      if (key && value) out.push({ start: key.start, end: value.end });
      if (!isScalar(pair.value)) yamlBlocks(yaml, pair.value, depth + 1, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const span = spans(item, yaml);
      if (span && !isScalar(item)) out.push(span);
      yamlBlocks(yaml, item, depth + 1, out);
    }
  }
}

export function foldingSpans(file: ContentFile | undefined, text: string, spls: readonly EmbeddedSpl[], written: WrittenTree): FoldingSpan[] {
  const regions: Span[] = [];
  if (file && 'yaml' in file) yamlBlocks(file.yaml, file.yaml.root, 0, regions);
  for (const spl of spls) {
    for (const stage of written(spl).stages) regions.push(spl.source.toFileSpan(stage.span));
  }
  return regions
    .map((s) => trimEnd(text, s))
    .filter((s) => s.end > s.start && text.slice(s.start, s.end).includes('\n'))
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .map((span) => ({ span, kind: 'region' as const }));
}
