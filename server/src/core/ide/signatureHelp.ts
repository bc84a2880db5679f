// Signature help: inside `if(a, ` or `` `security_content_ctime( `` which function or macro is
// being called and which of its parameters the cursor is in. Works on the text, not the tree:
// the call under the cursor is usually unfinished, and a scan of brackets, quotes, backticks and
// top-level commas reads an unfinished call the way the user means it.
import type { MacroTable } from '../macros/macroTable';
import { evalFunctionReference, statsFunctionReference, type FunctionReference } from '../spl/reference';

export interface SignatureParameter {
  /** [start, end) of the parameter's name in the signature's label. */
  readonly label: readonly [number, number];
  readonly documentation: string;
}

export interface Signature {
  readonly label: string;
  /** Markdown. */
  readonly documentation: string;
  readonly parameters: readonly SignatureParameter[];
}

export interface SignatureHelpResult {
  readonly signatures: readonly Signature[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}

/** An open bracket before the cursor. */
interface OpenCall {
  readonly kind: 'function' | 'macro' | 'group';
  /** The name before `(`, empty for a bracket that is not a call. */
  readonly name: string;
  commas: number;
}

const NAME_CHAR = /[A-Za-z0-9_.]/;

/** The name written just before `index` (the identifier a `(` follows). */
function nameBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  return text.slice(start, index);
}

/** End of the quoted string starting at `start` (after its closing quote, or the text's end). */
function skipQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}

/** The calls open at `offset`, outermost first. */
function openCallsAt(text: string, offset: number): OpenCall[] {
  const stack: OpenCall[] = [];
  let inBackticks = false;
  /** Where the `(` of the macro call being read sits in `stack` (macro arguments cannot nest
   * another call: a backtick ends the call). */
  let macroIndex: number | undefined;
  let i = 0;
  while (i < offset) {
    const c = text[i];
    if (text.startsWith('```', i)) {
      // A comment: skip it whole (an unclosed one runs to the end of the text).
      const end = text.indexOf('```', i + 3);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (c === '"' || (c === "'" && stack.length > 0 && stack[stack.length - 1].kind === 'function')) {
      i = skipQuoted(text, i, c);
      continue;
    }
    if (c === '`') {
      if (inBackticks && macroIndex !== undefined) stack.length = Math.min(stack.length, macroIndex);
      inBackticks = !inBackticks;
      macroIndex = undefined;
    } else if (c === '(') {
      const name = nameBefore(text, i);
      if (inBackticks && macroIndex === undefined) {
        macroIndex = stack.length;
        stack.push({ kind: 'macro', name, commas: 0 });
      } else stack.push({ kind: name ? 'function' : 'group', name, commas: 0 });
    } else if (c === '[') {
      stack.push({ kind: 'group', name: '', commas: 0 });
    } else if (c === ')' || c === ']') {
      stack.pop();
    } else if (c === ',' && stack.length) {
      stack[stack.length - 1].commas++;
    }
    i++;
  }
  return stack;
}

/** Offsets of each parameter name in `label`, searched left to right. */
function parameterLabels(label: string, names: readonly string[], from: number): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  let at = from;
  for (const name of names) {
    const found = label.indexOf(name, at);
    const start = found < 0 ? at : found;
    out.push([start, found < 0 ? at : found + name.length]);
    at = found < 0 ? at : found + name.length;
  }
  return out;
}

function functionSignature(reference: FunctionReference, what: string): Signature {
  const labels = parameterLabels(reference.signature, reference.parameters.map((p) => p.name), reference.signature.indexOf('(') + 1);
  return {
    label: reference.signature,
    documentation: `*${what}* — ${reference.summary}`,
    parameters: reference.parameters.map((p, i) => ({ label: labels[i], documentation: `${p.optional ? '(optional) ' : ''}${p.description}` })),
  };
}

/** The parameter a comma count selects: a repeatable last parameter takes every extra argument. */
function activeParameterOf(reference: FunctionReference, commas: number): number {
  const last = reference.parameters.length - 1;
  if (commas > last && last >= 0 && reference.parameters[last].repeatable) return last;
  return commas;
}

function functionHelp(call: OpenCall): SignatureHelpResult | undefined {
  const evalReference = evalFunctionReference(call.name);
  const reference = evalReference ?? statsFunctionReference(call.name);
  if (!reference) return undefined;
  return { signatures: [functionSignature(reference, evalReference ? 'eval function' : 'statistical function')], activeSignature: 0, activeParameter: activeParameterOf(reference, call.commas) };
}

function macroHelp(call: OpenCall, macros: MacroTable): SignatureHelpResult | undefined {
  const arities = macros.arities(call.name).filter((n) => n > 0);
  if (arities.length === 0) return undefined;
  const signatures: Signature[] = [];
  for (const arity of arities) {
    const definition = macros.get(call.name, arity);
    if (!definition) continue;
    const label = `${call.name}(${definition.args.join(', ')})`;
    const documentation = [definition.description ?? '', `Expands to \`${definition.definition.text.replace(/`/g, "'")}\``].filter(Boolean).join('\n\n');
    const labels = parameterLabels(label, definition.args, call.name.length + 1);
    signatures.push({ label, documentation, parameters: definition.args.map((_, i) => ({ label: labels[i], documentation: '' })) });
  }
  if (signatures.length === 0) return undefined;
  // The overload with room for the arguments written so far: the fewest that is enough.
  const written = call.commas + 1;
  const fitting = signatures.findIndex((s) => s.parameters.length >= written);
  return { signatures, activeSignature: fitting < 0 ? signatures.length - 1 : fitting, activeParameter: call.commas };
}

/** Signature help at `offset` of an SPL text: the innermost open call that is a known eval or
 * statistical function or a macro with arguments. */
export function signatureHelpAt(spl: string, offset: number, macros: MacroTable): SignatureHelpResult | undefined {
  const open = openCallsAt(spl, Math.max(0, Math.min(offset, spl.length)));
  for (let i = open.length - 1; i >= 0; i--) {
    const call = open[i];
    if (call.kind === 'group') continue;
    const help = call.kind === 'macro' ? macroHelp(call, macros) : functionHelp(call);
    if (help) return help;
    // An unknown name: the cursor is in its arguments, not in an outer call's.
    return undefined;
  }
  return undefined;
}
