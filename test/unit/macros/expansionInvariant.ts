// The source-map invariant every expansion must keep, checked on fixtures, random tables and the
// corpus: each expanded character maps to a real offset of a real text, copied characters are
// the same character there, and whatever points into the root text stays inside it.
import type { Expansion, MacroCallSite } from '../../../server/src/core/macros/expand';
import type { SourceText } from '../../../server/src/core/text/sourceText';

/** Problems found (empty when the expansion is sound); stops after `limit` of them. */
export function expansionProblems(root: SourceText, expansion: Expansion, limit = 10): string[] {
  const problems: string[] = [];
  const fail = (message: string): boolean => problems.push(message) >= limit;
  const { text, map } = expansion;
  const outermost = new Set<MacroCallSite>(expansion.calls);
  const inRoot = (s: { start: number; end: number }): boolean => 0 <= s.start && s.start <= s.end && s.end <= root.text.length;

  if (map.length !== text.length) fail(`map length ${map.length} != text length ${text.length}`);
  let covered = 0;
  for (const p of map.pieces) {
    if (p.start !== covered || p.length <= 0) fail(`piece at ${p.start} (length ${p.length}) does not continue at ${covered}`);
    covered = p.start + p.length;
  }
  if (covered !== text.length) fail(`pieces cover ${covered} of ${text.length} characters`);

  for (let i = 0; i < text.length && problems.length < limit; i++) {
    const o = map.origin(i);
    const where = `expanded[${i}] ${JSON.stringify(text[i])}`;
    if (!(o.offset >= 0 && o.offset < o.source.text.length)) {
      if (fail(`${where} maps to offset ${o.offset} outside ${o.source.file} (length ${o.source.text.length})`)) break;
      continue;
    }
    if (o.verbatim && o.source.text[o.offset] !== text[i]) {
      fail(`${where} maps to ${JSON.stringify(o.source.text[o.offset])} at ${o.source.file}:${o.offset}`);
    }
    if (!o.verbatim && (text[i] !== ' ' || !o.source.text.startsWith('```', o.offset))) {
      fail(`${where} is not copied, yet not the space of a comment (${o.source.file}:${o.offset})`);
    }
    if (o.chain.length === 0 && o.source !== root) fail(`${where} has an empty chain but comes from ${o.source.file}`);
    if (o.chain.length > 0 && !outermost.has(o.chain[0])) fail(`${where}: chain does not start at an outermost call`);
    const r = map.toRoot(i);
    if (!(r >= 0 && r <= root.text.length)) fail(`${where}: toRoot gives ${r}`);
    const rs = map.toRootSpan({ start: i, end: i + 1 });
    if (!inRoot(rs) || r < rs.start || r >= Math.max(rs.end, rs.start + 1)) fail(`${where}: toRootSpan gives [${rs.start}, ${rs.end}) around ${r}`);
  }
  const end = map.origin(text.length);
  if (end.source !== root || end.offset !== root.text.length) fail(`the end of the expansion does not map to the end of the root`);
  if (!inRoot(map.toRootSpan({ start: 0, end: text.length }))) fail('toRootSpan of the whole text leaves the root');
  for (const call of expansion.calls) {
    if (call.source !== root || !inRoot(call.span)) fail(`outermost call \`${call.name}\` is not in the root text`);
  }
  for (const d of expansion.diagnostics) {
    if (!inRoot(d.span)) fail(`${d.code} span [${d.span.start}, ${d.span.end}) is outside the root text`);
    for (const r of d.related ?? []) {
      if (r.span.start < 0 || r.span.end < r.span.start) fail(`${d.code} related span [${r.span.start}, ${r.span.end}) in ${r.file}`);
    }
  }
  return problems;
}
