// spath location paths over parsed JSON (`a.b{}.c`, `items{0}.name`): `{}` takes every array
// element, `{N}` the element at N (0-based for JSON, as Splunk's spath documents). A path that
// ends on an object or array gives its JSON text, as spath does.
import type { Scalar } from '../values';

interface Step {
  readonly key: string;
  /** Array selectors after the key: undefined = all elements, a number = one element. */
  readonly indexes: readonly (number | undefined)[];
}

function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  for (const part of path.split('.')) {
    const m = /^(.*?)((?:\{\d*\})*)$/.exec(part)!;
    const indexes = [...m[2].matchAll(/\{(\d*)\}/g)].map((x) => (x[1] === '' ? undefined : Number(x[1])));
    steps.push({ key: m[1], indexes });
  }
  return steps;
}

function leaf(value: unknown, out: Scalar[]): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number') out.push(value);
  else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
  else out.push(JSON.stringify(value));
}

function walk(value: unknown, steps: readonly Step[], i: number, out: Scalar[]): void {
  if (i === steps.length) {
    leaf(value, out);
    return;
  }
  const step = steps[i];
  let current: unknown[] = [value];
  if (step.key !== '') {
    current = current.flatMap((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step.key) ? [(v as Record<string, unknown>)[step.key]] : []));
  }
  for (const index of step.indexes) {
    current = current.flatMap((v) => (!Array.isArray(v) ? [] : index === undefined ? v : index < v.length ? [v[index]] : []));
  }
  for (const v of current) walk(v, steps, i + 1, out);
}

/** The values at `path` in `json`. */
export function spathValues(json: unknown, path: string): Scalar[] {
  const out: Scalar[] = [];
  if (path === '') leaf(json, out);
  else walk(json, parsePath(path), 0, out);
  return out;
}
