// Properties of parseSpl on any input: it never throws (nor hits an internal error it would
// report instead), and every span it returns (diagnostics, tokens, tree nodes) lies inside the
// text with start <= end, tokens in order. Inputs: random strings over an
// SPL-ish alphabet, and corpus searches with slices deleted, inserted or duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSpl, type SplParseResult } from '../../../server/src/core/spl';
import type { Span } from '../../../server/src/core/text/lineIndex';
import { loadCorpusSearches } from './support/corpusSearches';

const RUNS = 10_000;

/** Pieces that exercise the lexer and parser: operators, quotes, backticks, brackets, keywords. */
const SPL_PIECES = [
  '|', '| ', ' ', '  ', '\n', '"', '\\"', '\\', "'", '`', '```', '````', '[', ']', '(', ')', ',', '=', '==', '!=', '<', '<=', '>',
  '>=', '!', '+', '-', '*', '/', '%', '.', '$', '@', ':', '{}', 'AND', 'OR', 'NOT', 'IN', 'XOR', 'LIKE', 'and', 'or', 'by', 'BY',
  'as', 'AS', 'where', 'from', 'OUTPUT', 'OUTPUTNEW', 'over', 'search', 'stats', 'eval', 'where', 'tstats', 'count', 'dc(x)',
  'eval(', 'rename', 'table', 'fields', 'lookup', 'rex', 'regex', 'join', 'append', 'foreach', 'bin', 'sort', 'dedup', 'head',
  'convert', 'ctime(', 'makeresults', 'inputlookup', 'x', 'a=1', 'TERM(', 'CASE(', '`m(a, b="x")`', '<<FIELD>>', '10.0.0.0/8',
  '-70m@m', '*\\cmd.exe', 'if(', 'null()', '0', '1.5', '.5', 'é', '\u2028', '\t',
];

function splitSpans(result: SplParseResult): Span[] {
  const spans: Span[] = [];
  for (const d of result.diagnostics) spans.push(d.span);
  for (const t of result.tokens) spans.push(t.span);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'span' || key.endsWith('Span')) && child && typeof child === 'object' && 'start' in child) spans.push(child as Span);
      else visit(child);
    }
  };
  visit(result.pipeline);
  return spans;
}

/** parseSpl did not throw, and every span is inside the text. */
function checkParse(text: string): void {
  let result: SplParseResult;
  try {
    result = parseSpl(text);
  } catch (error) {
    assert.fail(`parseSpl threw on ${JSON.stringify(text)}: ${String(error)}`);
  }
  const internal = result.diagnostics.find((d) => d.message.includes('internal error'));
  if (internal) assert.fail(`${internal.message} on ${JSON.stringify(text)}`);
  for (const span of splitSpans(result)) {
    if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length)) {
      assert.fail(`span ${JSON.stringify(span)} outside [0, ${text.length}] for ${JSON.stringify(text)}`);
    }
  }
  for (let i = 1; i < result.tokens.length; i++) {
    if (result.tokens[i].span.start < result.tokens[i - 1].span.end) {
      assert.fail(`tokens overlap or are out of order at ${i} for ${JSON.stringify(text)}`);
    }
  }
}

test('random SPL-ish strings never make parseSpl throw or return spans outside the text', () => {
  const splish = fc.string({ unit: fc.oneof(fc.constantFrom(...SPL_PIECES), fc.string({ maxLength: 1 })), maxLength: 40 });
  fc.assert(
    fc.property(fc.oneof(splish, fc.string({ maxLength: 60 })), (text) => checkParse(text)),
    { numRuns: RUNS },
  );
});

test('mutated corpus searches never make parseSpl throw or return spans outside the text', () => {
  const texts = loadCorpusSearches().texts.map((t) => t.text);
  const edit = fc.record({
    kind: fc.constantFrom('delete', 'insert', 'duplicate'),
    at: fc.nat(),
    length: fc.nat({ max: 40 }),
    piece: fc.constantFrom(...SPL_PIECES),
  });
  const mutated = fc.tuple(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([original, edits]) => {
    let text = original;
    for (const e of edits) {
      const at = text.length === 0 ? 0 : e.at % text.length;
      const end = Math.min(text.length, at + e.length);
      if (e.kind === 'delete') text = text.slice(0, at) + text.slice(end);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.piece + text.slice(at);
      else text = text.slice(0, end) + text.slice(at, end) + text.slice(end);
    }
    return text;
  });
  fc.assert(
    fc.property(mutated, (text) => checkParse(text)),
    { numRuns: RUNS },
  );
});
