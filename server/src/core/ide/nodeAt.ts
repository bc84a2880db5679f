// The syntax nodes under an offset: the chain from the pipeline down to the innermost node whose
// span contains it. Generic over the AST (every node has `kind` and `span`), so new node kinds
// need no change here.
import type { Pipeline, SplNode } from '../spl/ast';
import type { Span } from '../text/lineIndex';

export interface NodeWithSpan {
  readonly kind: string;
  readonly span: Span;
}

function isNode(value: unknown): value is NodeWithSpan {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { kind?: unknown; span?: unknown };
  return typeof v.kind === 'string' && typeof v.span === 'object' && v.span !== null;
}

/** Children of a node: every property that is a node or an array of nodes. */
export function childNodes(node: NodeWithSpan): NodeWithSpan[] {
  const out: NodeWithSpan[] = [];
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

/** Outermost first. `offset` is inside a node when start <= offset <= end (the end counts, so
 * a cursor just after a word is on that word). The innermost wins among siblings. */
export function nodesAt(pipeline: Pipeline, offset: number): SplNode[] {
  const chain: NodeWithSpan[] = [];
  let current: NodeWithSpan | undefined = pipeline;
  while (current) {
    chain.push(current);
    let next: NodeWithSpan | undefined;
    for (const child of childNodes(current)) {
      if (child.span.start <= offset && offset <= child.span.end && child.span.end > child.span.start) {
        // Prefer the child that starts at the offset over one that ends there (`a|b`).
        if (!next || child.span.start === offset) next = child;
      }
    }
    current = next;
  }
  return chain as SplNode[];
}

/** Every node of the tree, depth first (for symbols, highlights, semantic tokens). */
export function* walk(node: NodeWithSpan): Generator<NodeWithSpan> {
  yield node;
  for (const child of childNodes(node)) yield* walk(child);
}
