// Document highlights: every occurrence, in the same SPL text, of the field or the macro under
// the cursor. For a field of a detection's search, also the rba `field:` values that name it
// and its `$field$` tokens in the risk messages (the name inside the dollars); a cursor on such
// a `field:` value highlights the same set.
import type { ContentFile, Detection } from '../../content';
import type { AsClause, Aggregation, EvalAssignment, MacroCall } from '../../spl';
import type { Span } from '../../text/lineIndex';
import { messageTokens } from '../../analysis';
import { splAtFileOffset, type EmbeddedSpl } from '../embeddedSpl';
import { nodesAt, walk, type NodeWithSpan } from '../nodeAt';
import { unquoted, type WrittenTree } from './target';

export interface Highlight {
  readonly span: Span;
  /** `write`: the field is assigned there (eval, `as`, an aggregation's alias). */
  readonly kind: 'read' | 'write' | 'text';
}

function isField(node: NodeWithSpan): node is NodeWithSpan & { name: string } {
  return node.kind === 'field' || node.kind === 'eval-field';
}

function fieldHighlights(spl: EmbeddedSpl, written: WrittenTree, name: string): Highlight[] {
  const writes = new Set<NodeWithSpan>();
  const out: Highlight[] = [];
  for (const node of walk(written(spl))) {
    if (node.kind === 'eval-assignment') writes.add((node as unknown as EvalAssignment).field);
    if (node.kind === 'as-clause') writes.add((node as unknown as AsClause).to);
    if (node.kind === 'aggregation') {
      const alias = (node as unknown as Aggregation).alias;
      if (alias) writes.add(alias);
    }
    if (isField(node) && node.name === name) out.push({ span: spl.source.toFileSpan(node.span), kind: writes.has(node) ? 'write' : 'read' });
  }
  return out;
}

function riskHighlights(detection: Detection, name: string): Highlight[] {
  const risk = detection.risk;
  if (!risk) return [];
  const out: Highlight[] = [];
  for (const o of [...risk.riskObjects, ...risk.threatObjects]) {
    if (o.field.value === name) out.push({ span: unquoted(detection.text, o.field.span), kind: 'text' });
  }
  for (const message of risk.messages) {
    for (const token of messageTokens(message.text)) {
      if (token.field === name) out.push({ span: message.toFileSpan({ start: token.start + 1, end: token.end - 1 }), kind: 'text' });
    }
  }
  return out;
}

function inside(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function highlightsAt(file: ContentFile | undefined, spls: readonly EmbeddedSpl[], written: WrittenTree, offset: number): Highlight[] {
  const search = spls.find((s) => s.role === 'search');
  const detection = file?.kind === 'detection' ? file : undefined;
  const found = splAtFileOffset(spls, offset);
  if (!found) {
    // On an rba `field:` value: the field in the search and the risk block.
    const risk = detection?.risk;
    const object = risk && [...risk.riskObjects, ...risk.threatObjects].find((o) => inside(o.field.span, offset));
    if (!detection || !object) return [];
    return sorted([...(search ? fieldHighlights(search, written, object.field.value) : []), ...riskHighlights(detection, object.field.value)]);
  }
  const chain = nodesAt(written(found.spl), found.offset);
  const innermost = chain[chain.length - 1] as NodeWithSpan | undefined;
  if (!innermost) return [];
  if (innermost.kind === 'macro-call') {
    const call = innermost as unknown as MacroCall;
    const out: Highlight[] = [];
    for (const node of walk(written(found.spl))) {
      if (node.kind !== 'macro-call') continue;
      const other = node as unknown as MacroCall;
      if (other.name === call.name && other.args.length === call.args.length) out.push({ span: found.spl.source.toFileSpan(other.nameSpan), kind: 'text' });
    }
    return sorted(out);
  }
  if (!isField(innermost)) return [];
  const inSearch = found.spl === search && detection ? riskHighlights(detection, innermost.name) : [];
  return sorted([...fieldHighlights(found.spl, written, innermost.name), ...inSearch]);
}

function sorted(highlights: Highlight[]): Highlight[] {
  return highlights.sort((a, b) => a.span.start - b.span.start);
}
