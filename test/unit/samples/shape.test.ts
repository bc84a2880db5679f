// The generated events have the shape of the real ones: every key path (and its JSON type) of
// reference event 1 in each Isovalent Enterprise event, of reference event 2 or 3 in each
// open-source Tetragon event, and no key that none of the references has.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateEvents, generateHostileEvents } from '../../../scripts/generate-samples';
import { asProcessPath, isOptionalPath, keyPaths, referenceEvents, type JsonType } from './support';

type Paths = Map<string, JsonType>;

const references = referenceEvents();
const [enterpriseRef, ossOldRef, ossNewRef] = references.map((e) => keyPaths(e)) as [Paths, Paths, Paths];

/** A parent on the host (runc, containerd-shim) has no pod: reference event 1's runc parent. */
const isParentPodPath = (p: string): boolean => /^process_exec\.parent\.(pod(\.|$)|docker$)/.test(p);

/** Paths of `ref` (optional ones aside) missing from `paths` or of another type there. The parent's
 * pod keys are required when the parent has a pod. */
function missing(ref: Paths, paths: Paths): string[] {
  const out: string[] = [];
  const parentInPod = paths.has('process_exec.parent.pod');
  for (const [p, type] of ref) {
    if (isOptionalPath(p) || (!parentInPod && isParentPodPath(p))) continue;
    const actual = paths.get(p);
    if (actual !== type) out.push(actual === undefined ? p : `${p} (${actual}, not ${type})`);
  }
  return out;
}

/** Every path any reference event has, with parent and ancestors folded onto process. */
const knownPaths = new Set(references.flatMap((e) => [...keyPaths(e).keys()].map(asProcessPath)));

function checkEvents(lines: readonly string[], label: string): { enterprise: number; ossOld: number; ossNew: number } {
  const counts = { enterprise: 0, ossOld: 0, ossNew: 0 };
  for (const line of lines) {
    const event = JSON.parse(line) as Record<string, unknown>;
    const paths = keyPaths(event);
    const invented = [...paths.keys()].map(asProcessPath).filter((p) => !knownPaths.has(p));
    assert.deepEqual(invented, [], `${label}: keys no reference event has`);
    if ('cluster_name' in event) {
      assert.deepEqual(missing(enterpriseRef, paths), [], `${label}: an Enterprise event lacks paths of reference event 1`);
      counts.enterprise += 1;
      continue;
    }
    assert.ok(!('node_labels' in event) && !paths.has('process_exec.ancestors'), `${label}: open-source events have no node_labels or ancestors`);
    const old = missing(ossOldRef, paths);
    const recent = missing(ossNewRef, paths);
    assert.ok(old.length === 0 || recent.length === 0, `${label}: an open-source event matches neither reference 2 (${old.join(', ')}) nor 3 (${recent.join(', ')})`);
    if (old.length === 0 && paths.has('process_exec.process.refcnt')) counts.ossOld += 1;
    else counts.ossNew += 1;
  }
  return counts;
}

describe('event shape', () => {
  it('reads three reference events: one Enterprise, two open-source', () => {
    assert.equal(references.length, 3);
    assert.ok('cluster_name' in references[0]!);
    assert.ok(!('cluster_name' in references[1]!) && !('cluster_name' in references[2]!));
  });

  it('Enterprise events have every key path of reference event 1; open-source ones those of 2 or 3', () => {
    const counts = checkEvents([...generateEvents()], 'default data');
    assert.equal(counts.enterprise, 350);
    assert.ok(counts.ossOld > 0, 'some events in the shape of reference event 2');
    assert.ok(counts.ossNew > 0, 'some events in the shape of reference event 3');
  });

  it('holds for other seeds and for the hostile events', () => {
    checkEvents([...generateEvents({ seed: 31337, events: 800 })], 'seed 31337');
    const hostile = checkEvents(generateHostileEvents(), 'hostile');
    assert.equal(hostile.enterprise, 10);
  });

  it('the only optional key is arguments, and some events do leave it out', () => {
    const lines = [...generateEvents()];
    const withoutArguments = lines.filter((l) => !keyPaths(JSON.parse(l)).has('process_exec.process.arguments'));
    assert.equal(withoutArguments.length, 17);
  });
});
