// The value of a file's top-level `name:` line, read without parsing the YAML, when the line
// leaves no doubt: a one-line plain string, or a simply quoted one. Anything else (a value
// continued on the next line, escapes, anchors, a value yaml would read as a number, boolean
// or null) gives undefined, and the caller parses the file. The repository indexes names this
// way so that finding one data source by name does not parse every file.

const NAME_LINE = /^name:[ \t]*(.*)$/m;
const NOT_A_PLAIN_STRING = /^(?:[-?:,[\]{}#&*!|>'"%@`]|~$|null$|Null$|NULL$|true$|True$|TRUE$|false$|False$|FALSE$|[-+.]?\d|\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;

export function quickName(text: string): string | undefined {
  const match = NAME_LINE.exec(text);
  if (!match) return undefined;
  // A continuation line (indented, not blank) would fold into the value.
  const after = text.slice(match.index + match[0].length);
  if (/^\r?\n[ \t]+\S/.test(after)) return undefined;
  const raw = match[1].replace(/\r$/, '');
  const single = /^'([^']*)'[ \t]*(?:#.*)?$/.exec(raw);
  if (single) return single[1];
  const double = /^"([^"\\]*)"[ \t]*(?:#.*)?$/.exec(raw);
  if (double) return double[1];
  const comment = raw.search(/[ \t]#/);
  const value = (comment >= 0 ? raw.slice(0, comment) : raw).trimEnd();
  if (value === '' || NOT_A_PLAIN_STRING.test(value) || /: |\t/.test(value)) return undefined;
  return value;
}
