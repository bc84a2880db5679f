import { expandMacros } from '../server/src/core/macros/expand';
import { MacroTable } from '../server/src/core/macros/macroTable';
import { verbatimSourceText } from '../server/src/core/text/sourceText';
import { expansionProblems } from '../test/unit/macros/expansionInvariant';
const defs = [{ name: 'x_filter', args: ['p'], definition: verbatimSourceText('macros/0_x_filter.yml', '`a(```$p$)`'), origin: 'repository-yaml' as const }];
const root = verbatimSourceText('search.spl', '`x_filter("`b`")`');
const e = expandMacros(root, new MacroTable(defs));
console.log(JSON.stringify(e.text), expansionProblems(root, e));
console.log(e.diagnostics.map((d) => d.code + ' ' + d.message));
for (let i = 0; i < e.text.length; i++) { const o = e.map.origin(i); console.log(i, JSON.stringify(e.text[i]), o.source.file, o.offset, o.verbatim); }
