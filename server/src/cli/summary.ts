// `spl-workbench summary <detection.yml>...`: a person-readable account of a detection: what it
// is, where its macros come from, what each stage of the expanded search does to the fields, the
// risk it raises, and how many problems `check` finds. `npm start` prints it for the seed until
// the engine can run it.
import path from 'node:path';
import { checkDetection, macroTableOf, type SearchAnalysis } from '../core/analysis';
import type { MacroCallSite } from '../core/macros/expand';
import { LineIndex } from '../core/text/lineIndex';
import { displayPath, loadScopes } from './contentScope';
import { todayIso } from './check';
import { UsageError } from './usage';

function listOf(values: readonly string[]): string {
  return values.length ? values.join(', ') : '(none)';
}

function macroLines(calls: readonly MacroCallSite[], depth = 2): string[] {
  return calls.flatMap((call) => {
    const where = call.definition ? displayPath(call.definition.definition.file) : 'not defined';
    const args = call.args.length ? `(${call.args.map((a) => a.value).join(', ')})` : '';
    const line = `${'  '.repeat(depth)}\`${call.name}${args}\` → ${where}`;
    return [line, ...macroLines(call.children, depth + 1)];
  });
}

function stageLines(analysis: SearchAnalysis): string[] {
  return analysis.flow.stages.map((stage, i) => {
    const text = analysis.expansion.text.slice(stage.command.span.start, stage.command.span.end).replace(/\s+/g, ' ').trim();
    const shown = text.length > 90 ? `${text.slice(0, 87)}...` : text;
    const fields = stage.output.open ? `event fields${stage.output.names.length ? ` incl. ${stage.output.names.length} known` : ''}` : listOf(stage.output.names);
    return `  ${i + 1}. ${shown}\n       → ${fields}`;
  });
}

export async function runSummary(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('expected at least one detection file');
  let failures = 0;
  for (const scope of loadScopes(args)) {
    const { table } = macroTableOf(scope.repository);
    for (const file of scope.files) {
      const detection = scope.repository.file(file);
      if (!detection || detection.kind !== 'detection') {
        process.stderr.write(`${displayPath(file)}: not a detection (detections live under a detections/ folder)\n`);
        failures++;
        continue;
      }
      const check = checkDetection(detection, scope.repository, table, { today: todayIso() });
      const risk = detection.risk;
      const lines = [
        `${detection.name?.value ?? path.basename(file)}`,
        `  file:        ${displayPath(file)} (${detection.generation} generation)`,
        `  type:        ${detection.type?.value ?? '(none)'} · status ${detection.status?.value ?? '(none)'}`,
        `  data source: ${listOf(detection.dataSources.map((d) => d.value))}`,
        `  MITRE:       ${listOf(detection.mitreIds.map((m) => m.value))}`,
      ];
      if (check.search) {
        lines.push('  macros:', ...(check.search.expansion.calls.length ? macroLines(check.search.expansion.calls) : ['    (none)']));
        lines.push('  expanded search, stage by stage (→ the fields after the stage):', ...stageLines(check.search));
      } else lines.push('  search:      (none)');
      if (risk) {
        if (risk.message) lines.push(`  risk message: ${risk.message.value}`);
        for (const r of risk.riskObjects) lines.push(`  risk object: ${r.field.value} (${r.type.value}, score ${r.score?.value ?? '?'})`);
        for (const t of risk.threatObjects) lines.push(`  threat object: ${t.field.value} (${t.type.value})`);
      }
      const index = new LineIndex(detection.text);
      const bySeverity = (s: string): number => check.diagnostics.filter((d) => d.severity === s).length;
      lines.push(`  check:       ${bySeverity('error')} errors, ${bySeverity('warning')} warnings, ${bySeverity('information')} notes`);
      for (const d of check.diagnostics) {
        const at = index.positionAt(d.span.start);
        lines.push(`    ${at.line + 1}:${at.character + 1} ${d.severity} [${d.code}] ${d.message}`);
      }
      process.stdout.write(lines.join('\n') + '\n\n');
      if (bySeverity('error') > 0) failures++;
    }
  }
  return failures ? 1 : 0;
}
