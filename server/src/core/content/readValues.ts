// Small readers from YAML nodes to located values. Each returns undefined (or an empty list)
// for a value of the wrong shape: the model stays usable and validate.ts reports the shape.
import { isScalar, isSeq } from 'yaml';
import type { Located } from './model';
import { scalarText, spanOfNode, type YamlFile } from './yamlFile';

export function locatedString(file: YamlFile, node: unknown): Located<string> | undefined {
  const value = scalarText(node);
  const span = spanOfNode(file, node);
  return value !== undefined && span ? { value, span } : undefined;
}

/** A sequence of scalars; a lone scalar counts as a one-item list. */
export function locatedStrings(file: YamlFile, node: unknown): Located<string>[] {
  if (isSeq(node)) {
    return node.items.flatMap((item) => {
      const l = locatedString(file, item);
      return l ? [l] : [];
    });
  }
  const single = locatedString(file, node);
  return single ? [single] : [];
}

/** A numeric scalar (an integer or float as YAML resolves it). */
export function locatedNumber(file: YamlFile, node: unknown): Located<number> | undefined {
  if (!isScalar(node) || typeof node.value !== 'number') return undefined;
  const span = spanOfNode(file, node);
  return span ? { value: node.value, span } : undefined;
}

/** The items of a sequence node, or none. */
export function seqItems(node: unknown): readonly unknown[] {
  return isSeq(node) ? node.items : [];
}
