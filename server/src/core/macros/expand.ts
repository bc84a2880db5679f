// Macro expansion with provenance (spl-semantics.md sections 1 and 3): comments become one
// space (except one whose opening an argument completes: it stays as written), backtick calls are replaced by their definitions, recursively, and every character of
// the result remembers where it was written. Problems inside macro bodies are reported at the
// outermost call in the root text, with one related location per level of the call chain.
// Never throws: a call that cannot be expanded is left in the text as written.
import { diagnostic, type Diagnostic, type RelatedLocation } from '../diagnostics/diagnostic';
import type { DiagnosticCode } from '../diagnostics/codes';
import type { Span } from '../text/lineIndex';
import type { SourceText } from '../text/sourceText';
import { backtickRun, scanComment, scanDoubleQuoted } from '../spl/scan';
import { argumentValueRanges, namedArgument, parseCall, type CallSyntax } from './callSyntax';
import { PieceExpansionMap, type ExpansionMap } from './expansionMap';
import { macroKey, type MacroDefinition } from './macroDefinition';
import { describeArities, isFilterMacroName, type MacroTable } from './macroTable';
import { MappedTextBuilder, pieceIndexAt, sourceAsMappedText, type MappedText } from './mappedText';

export type { ExpansionMap, ExpansionOrigin } from './expansionMap';

export interface MacroArgument {
  /** Set when the call names the argument (`` `m(fragment=TM)` ``). */
  readonly name?: string;
  /** The value substituted for `$name$`: outer double quotes removed, `\"` unescaped. */
  readonly value: string;
  /** Where the argument is written, in the call's `source.text`, when it is written there. */
  readonly span?: Span;
}

export interface MacroCallSite {
  readonly name: string;
  readonly arity: number;
  /** The text the call is written in: the root text for outermost calls, else the definition
   * of the macro that contains it (or the text one of that macro's arguments came from). */
  readonly source: SourceText;
  /** The call, backticks included, in `source.text`. */
  readonly span: Span;
  readonly args: readonly MacroArgument[];
  /** Undefined when no macro matches the name and arity. */
  readonly definition?: MacroDefinition;
  /** What the call became in the expanded text (the call as written when it was not expanded). */
  readonly expandedSpan: Span;
  /** Calls found while expanding this one. */
  readonly children: readonly MacroCallSite[];
}

export interface Expansion {
  readonly text: string;
  readonly map: ExpansionMap;
  /** The outermost calls, in the order they appear in the root text. */
  readonly calls: readonly MacroCallSite[];
  /** Spans are offsets into the root text. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ExpandOptions {
  /** Deepest allowed nesting of macro calls (Splunk's max_macro_depth). */
  readonly maxDepth?: number;
  /** Longest allowed expanded text, a guard against macros that multiply each other. */
  readonly maxLength?: number;
}

export const DEFAULT_MAX_MACRO_DEPTH = 100;
export const DEFAULT_MAX_EXPANSION_LENGTH = 1_000_000;

export function expandMacros(root: SourceText, table: MacroTable, options: ExpandOptions = {}): Expansion {
  const expander = new Expander(table, options.maxDepth ?? DEFAULT_MAX_MACRO_DEPTH, options.maxLength ?? DEFAULT_MAX_EXPANSION_LENGTH);
  const calls: MacroCallSite[] = [];
  expander.expandInto(sourceAsMappedText(root), [], calls);
  const expanded = expander.out.finish();
  return { text: expanded.text, map: new PieceExpansionMap(root, expanded), calls, diagnostics: expander.diagnostics };
}

type MutableCallSite = { -readonly [K in keyof MacroCallSite]: MacroCallSite[K] } & { children: MacroCallSite[] };

/** A macro being expanded. */
interface Frame {
  readonly key: string;
  /** The calls from the outermost one to this one: the provenance of the definition's text. */
  readonly chain: readonly MacroCallSite[];
}

/** One argument as written, in both readings (named ones only matter when the macro has an
 * argument of that name). */
interface WrittenArgument {
  readonly positional: MappedText;
  readonly named?: { readonly name: string; readonly value: MappedText };
  readonly span?: Span;
}

/** Where a range of a mapped text was written. */
interface Located {
  readonly source: SourceText;
  readonly span: Span;
  readonly chain: readonly MacroCallSite[];
}

const QUOTE_CODE = 34;
const QUOTE_OR_BACKTICK = /["`]/g;

/** Offset of the next `"` or backtick at or after `from`, or the text length. A regex finds it
 * at native speed; the expander only looks at those characters. */
function nextQuoteOrBacktick(text: string, from: number): number {
  QUOTE_OR_BACKTICK.lastIndex = from;
  return QUOTE_OR_BACKTICK.exec(text)?.index ?? text.length;
}

/** `input.text[start, start + length)` is copied from one place (one piece of the map). */
function withinOnePiece(input: MappedText, start: number, length: number): boolean {
  const piece = input.pieces[pieceIndexAt(input.pieces, start)];
  return piece.verbatim && start + length <= piece.start + piece.length;
}

const FOUR_BACKTICKS = 'Four backticks in a row are ambiguous: a comment next to a macro call?';

class Expander {
  readonly out = new MappedTextBuilder();
  readonly diagnostics: Diagnostic[] = [];
  private tooLargeReported = false;

  constructor(
    private readonly table: MacroTable,
    private readonly maxDepth: number,
    private readonly maxLength: number,
  ) {}

  /** Copies `input` to the output, removing comments and expanding calls. */
  expandInto(input: MappedText, stack: readonly Frame[], siblings: MacroCallSite[]): void {
    const text = input.text;
    const n = text.length;
    let literalStart = 0;
    let i = 0;
    while (i < n) {
      i = nextQuoteOrBacktick(text, i);
      if (i >= n) break;
      if (text.charCodeAt(i) === QUOTE_CODE) {
        // Nothing inside a double-quoted string is a comment or a macro call.
        i = scanDoubleQuoted(text, i, n).end;
        continue;
      }
      const run = backtickRun(text, i);
      // Four or more backticks are reported and left in the text; the parser reads them as the
      // opening of a comment (scanComment) and reports them again.
      if (run >= 4) {
        this.report('spl-four-backticks', FOUR_BACKTICKS, input, i, i + run);
        i += run;
        continue;
      }
      if (run === 3) {
        const end = this.commentEnd(input, i);
        // A comment whose opening an argument's substitution completes (`` `a(```$p$)` `` with a
        // value starting with a backtick) has no one place to stand for: it stays as written,
        // and the parser reads it as the comment it is. Any other comment becomes one space.
        if (withinOnePiece(input, i, 3)) {
          this.out.appendSlice(input, literalStart, i);
          const at = this.locate(input, i, end);
          this.out.appendComment(at.source, at.span.start, at.span.end - at.span.start, at.chain);
          literalStart = end;
        }
        i = end;
        continue;
      }
      const syntax = parseCall(text, i);
      if (syntax.problem === 'unterminated') {
        this.report('macro-unterminated', `The macro call \`${syntax.name} has no closing backtick.`, input, i, syntax.end);
        i++;
        continue;
      }
      const closingRun = backtickRun(text, syntax.end - 1);
      if (closingRun >= 4) {
        // `m```` ...: the closing backtick also starts a comment.
        this.report('spl-four-backticks', FOUR_BACKTICKS, input, syntax.end - 1, syntax.end - 1 + closingRun);
      }
      this.out.appendSlice(input, literalStart, i);
      this.expandCall(input, i, syntax, stack, siblings);
      i = syntax.end;
      literalStart = i;
    }
    this.out.appendSlice(input, literalStart, n);
  }

  /** Where the comment opening at `start` (three backticks) ends; reports an unclosed comment
   * and a closing run of four or more backticks. */
  private commentEnd(input: MappedText, start: number): number {
    const text = input.text;
    const comment = scanComment(text, start, text.length);
    let end = comment.end;
    if (!comment.closed) this.report('spl-unterminated-comment', 'The ``` comment is not closed.', input, start, start + 3);
    // The opening run has three backticks, so a long run is the closing one.
    const longClose = comment.longRuns[0];
    if (longClose) {
      this.report('spl-four-backticks', FOUR_BACKTICKS, input, longClose.start, longClose.end);
      // The comment ends after three of them when the rest reads as a macro call; else it takes
      // the whole run (as the parser's lexer always does).
      const afterThree = longClose.start + 3;
      if (parseCall(text, afterThree).problem !== 'unterminated') end = afterThree;
    }
    return end;
  }

  private expandCall(input: MappedText, start: number, syntax: CallSyntax, stack: readonly Frame[], siblings: MacroCallSite[]): void {
    const at = this.locate(input, start, syntax.end);
    const written = syntax.args.map((arg) => this.writtenArgument(input, arg, at));
    const site: MutableCallSite = {
      name: syntax.name,
      arity: syntax.args.length,
      source: at.source,
      span: at.span,
      args: written.map((w) => ({ value: w.positional.text, ...(w.span ? { span: w.span } : {}) })),
      expandedSpan: { start: this.out.length, end: this.out.length },
      children: [],
    };
    siblings.push(site);
    const expanded = this.expandResolved(input, start, syntax, site, written, stack);
    if (!expanded) this.out.appendSlice(input, start, syntax.end);
    site.expandedSpan = { start: site.expandedSpan.start, end: this.out.length };
  }

  /** Expands the call into the output; false (after reporting why) when it stays as written. */
  private expandResolved(
    input: MappedText,
    start: number,
    syntax: CallSyntax,
    site: MutableCallSite,
    written: readonly WrittenArgument[],
    stack: readonly Frame[],
  ): boolean {
    const { name, arity } = site;
    if (syntax.problem === 'empty-name') return this.refuse('macro-unknown', 'A macro call needs a name between its backticks.', input, start, syntax.end);
    if (syntax.problem === 'bad-arguments') {
      return this.refuse('macro-bad-arguments', `The arguments of \`${name}\` do not parse: a quote or parenthesis is not closed.`, input, start, syntax.end);
    }
    const key = macroKey(name, arity);
    let def = this.table.get(name, arity);
    if (!def) {
      const arities = this.table.arities(name);
      if (isFilterMacroName(name) && arity === 0 && arities.length === 0) {
        def = this.table.missingFilter(name);
        this.report('macro-filter-missing', `No file defines \`${name}\`; it expands to \`search *\`.`, input, start, syntax.end);
      } else if (this.table.isAppProvided(name)) {
        return this.refuse('macro-app-provided', `\`${name}\` is provided by a Splunk app; it is left unexpanded.`, input, start, syntax.end);
      } else if (arities.length) {
        const defined = arities.map((a) => `\`${macroKey(name, a)}\``).join(', ');
        return this.refuse('macro-arity', `\`${name}\` takes ${describeArities(arities)} (${defined}), not ${arity}.`, input, start, syntax.end);
      } else {
        const like = this.table.namesLike(name);
        const hint = like.length ? `; did you mean ${orList(like.map((s) => `\`${s}\``))}?` : '.';
        return this.refuse('macro-unknown', `Unknown macro \`${key}\`${hint}`, input, start, syntax.end);
      }
    }
    site.definition = def;
    if (def.iseval) {
      return this.refuse('macro-eval-unsupported', `\`${key}\` is an eval-based macro (iseval = true); it is left unexpanded.`, input, start, syntax.end);
    }
    const cycleStart = stack.findIndex((f) => f.key === key);
    if (cycleStart >= 0) {
      const path = [...stack.slice(cycleStart).map((f) => f.key), key].map((k) => `\`${k}\``).join(' → ');
      return this.refuse('macro-cycle', `Macro cycle: ${path}.`, input, start, syntax.end);
    }
    if (stack.length >= this.maxDepth) {
      return this.refuse('macro-depth', `Macro calls are nested more than ${this.maxDepth} levels deep (at \`${key}\`).`, input, start, syntax.end);
    }
    const bound = bindArguments(def, written);
    if (typeof bound === 'string') return this.refuse('macro-bad-arguments', bound, input, start, syntax.end);
    site.args = bound.args;
    const chain = [...(stack.length ? stack[stack.length - 1].chain : []), site];
    const body = substitute(def, bound.values, chain, this.maxLength);
    if (!body || this.out.length + body.text.length > this.maxLength) {
      if (this.tooLargeReported) return false;
      this.tooLargeReported = true;
      const message = `The expansion grows beyond ${this.maxLength} characters at \`${key}\`; the rest is left unexpanded.`;
      return this.refuse('macro-too-large', message, input, start, syntax.end);
    }
    this.expandInto(body, [...stack, { key, chain }], site.children);
    return true;
  }

  /** Reports why a call stays as written. */
  private refuse(code: DiagnosticCode, message: string, input: MappedText, start: number, end: number): false {
    this.report(code, message, input, start, end);
    return false;
  }

  private writtenArgument(input: MappedText, arg: Span, call: Located): WrittenArgument {
    const named = namedArgument(input.text, arg);
    const where = this.locate(input, arg.start, arg.end);
    return {
      positional: argumentValue(input, arg),
      ...(named ? { named: { name: named.name, value: argumentValue(input, named.value) } } : {}),
      ...(where.source === call.source && where.chain === call.chain ? { span: where.span } : {}),
    };
  }

  /** Where `input.text[start, end)` was written: the source of its first character, and the
   * span there (only the first piece's part when the range crosses sources). */
  private locate(input: MappedText, start: number, end: number): Located {
    const pieces = input.pieces;
    const first = pieces[pieceIndexAt(pieces, start)];
    const from = first.sourceOffset + (start - first.start);
    let to = first.sourceOffset + (Math.min(end, first.start + first.length) - first.start);
    if (end > first.start + first.length) {
      const last = pieces[pieceIndexAt(pieces, end - 1)];
      const lastOffset = last.sourceOffset + (end - 1 - last.start);
      if (last.source === first.source && last.chain === first.chain && lastOffset >= from) to = lastOffset + 1;
    }
    return { source: first.source, span: { start: from, end: to }, chain: first.chain };
  }

  /** Reports a problem at `input.text[start, end)`: there when it is root text, else at the
   * outermost call, with the way down to the problem as related locations. */
  private report(code: DiagnosticCode, message: string, input: MappedText, start: number, end: number): void {
    const at = this.locate(input, start, end);
    if (at.chain.length === 0) {
      this.diagnostics.push(diagnostic(code, message, at.span));
      return;
    }
    const related: RelatedLocation[] = [];
    for (let k = 1; k < at.chain.length; k++) {
      const call = at.chain[k];
      related.push({
        file: call.source.file,
        span: call.source.toFileSpan(call.span),
        message: `\`${callKey(at.chain[k - 1])}\` calls \`${callKey(call)}\` here`,
      });
    }
    related.push({ file: at.source.file, span: at.source.toFileSpan(at.span), message });
    const path = at.chain.map((c) => `\`${callKey(c)}\``).join(' → ');
    // A cycle's message already names the path.
    const located = code === 'macro-cycle' ? message : `In ${path}: ${message}`;
    this.diagnostics.push(diagnostic(code, located, at.chain[0].span, related));
  }
}

/** The value of the argument written at `arg`, with its provenance. */
function argumentValue(input: MappedText, arg: Span): MappedText {
  const b = new MappedTextBuilder();
  for (const r of argumentValueRanges(input.text, arg)) b.appendSlice(input, r.start, r.end);
  return b.finish();
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function callKey(call: MacroCallSite): string {
  return macroKey(call.name, call.arity);
}

/** Orders the call's arguments as the definition's `args`. All positional, or all named when
 * every argument reads `name=value` and one of the names is an argument of the macro (a value
 * like `src=1` given positionally to a macro without a `src` argument stays positional). */
function bindArguments(
  def: MacroDefinition,
  written: readonly WrittenArgument[],
): { values: MappedText[]; args: MacroArgument[] } | string {
  const declared = def.args;
  const isDeclared = (w: WrittenArgument): boolean => !!w.named && declared.includes(w.named.name);
  const namedCount = written.filter(isDeclared).length;
  if (namedCount === 0 || written.some((w) => !w.named)) {
    if (namedCount > 0) {
      return `The call of \`${macroKey(def.name, declared.length)}\` mixes positional and named arguments; write them all one way.`;
    }
    const args = written.map((w) => ({ value: w.positional.text, ...(w.span ? { span: w.span } : {}) }));
    return { values: written.map((w) => w.positional), args };
  }
  const values: MappedText[] = new Array(declared.length);
  const args: MacroArgument[] = [];
  for (const w of written) {
    const { name, value } = w.named!;
    const index = declared.indexOf(name);
    if (index < 0) return `\`${def.name}\` has no argument \`${name}\` (its arguments: ${declared.join(', ')}).`;
    if (values[index]) return `The argument \`${name}\` is given twice.`;
    values[index] = value;
    args.push({ name, value: value.text, ...(w.span ? { span: w.span } : {}) });
  }
  return { values, args };
}

/** The definition with each `$arg$` replaced by its value; undefined beyond `maxLength`. The
 * definition's own characters are attributed to `chain`; substituted ones keep their origin. */
function substitute(def: MacroDefinition, values: readonly MappedText[], chain: readonly MacroCallSite[], maxLength: number): MappedText | undefined {
  const source = def.definition;
  const text = source.text;
  const b = new MappedTextBuilder();
  let copied = 0;
  if (def.args.length > 0) {
    let open = text.indexOf('$');
    while (open >= 0) {
      const close = text.indexOf('$', open + 1);
      if (close < 0) break;
      const index = def.args.indexOf(text.slice(open + 1, close));
      if (index < 0) {
        // Not an argument (e.g. a `$field$` token): the closing `$` may open the next one.
        open = close;
        continue;
      }
      b.appendSource(source, copied, open, chain);
      b.appendSlice(values[index], 0, values[index].text.length);
      if (b.length > maxLength) return undefined;
      copied = close + 1;
      open = text.indexOf('$', copied);
    }
  }
  b.appendSource(source, copied, text.length, chain);
  return b.finish();
}
