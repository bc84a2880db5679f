// Reading command options (`max_match=0`, `span=1h`). An option the engine does not know is an
// error, not ignored: options change results, and a silently ignored one gives wrong rows.
import type { Command, CommandOption, MacroCall } from '../../spl/ast';
import { EngineError } from '../problems';

export class Options {
  private readonly byName = new Map<string, CommandOption>();

  constructor(
    private readonly command: Command,
    options: readonly (CommandOption | MacroCall)[],
    known: readonly string[],
  ) {
    for (const option of options) {
      if (option.kind === 'macro-call') throw new EngineError('engine-unexpanded-macro', `The macro \`${option.name}\` was not expanded; the search cannot run.`, option.span);
      const name = option.name.toLowerCase();
      if (!known.includes(name)) {
        throw new EngineError('engine-unsupported', `The option ${option.name} of ${command.name} is not supported by the local engine${known.length ? ` (it knows ${known.join(', ')})` : ''}.`, option.span);
      }
      this.byName.set(name, option);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  option(name: string): CommandOption | undefined {
    return this.byName.get(name);
  }

  text(name: string): string | undefined {
    const option = this.byName.get(name);
    if (!option) return undefined;
    const value = option.value;
    if (value.kind === 'value') return value.text;
    if (value.kind === 'macro-call') throw new EngineError('engine-unexpanded-macro', `The macro \`${value.name}\` was not expanded; the search cannot run.`, value.span);
    throw new EngineError('engine-invalid-argument', `The option ${option.name} of ${this.command.name} needs a value.`, option.span);
  }

  bool(name: string, fallback: boolean): boolean {
    const text = this.text(name);
    if (text === undefined) return fallback;
    const t = text.toLowerCase();
    if (t === 't' || t === 'true' || t === '1' || t === 'yes') return true;
    if (t === 'f' || t === 'false' || t === '0' || t === 'no') return false;
    throw new EngineError('engine-invalid-argument', `${name} of ${this.command.name} is true or false, not "${text}".`, this.byName.get(name)!.span);
  }

  int(name: string, fallback: number, min = 0): number {
    const text = this.text(name);
    if (text === undefined) return fallback;
    if (!/^-?\d+$/.test(text) || Number(text) < min) {
      throw new EngineError('engine-invalid-argument', `${name} of ${this.command.name} is a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${text}".`, this.byName.get(name)!.span);
    }
    return Number(text);
  }

  span(name: string): CommandOption['span'] | undefined {
    return this.byName.get(name)?.span;
  }
}
