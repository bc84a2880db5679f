// The parts of the preview other than the table: header, risk events, the "why this result"
// funnel, the expanded search, the located error and the drilldown. Text only through textContent.
import type { PreviewError, PreviewResult, PreviewValue } from '../../server/src/lsp/protocol';
import { el, section } from './dom';
import { cellText, timeText } from './values';

/** The rows of the run, and how many were sent when `splWorkbench.preview.rowLimit` cut them. */
export function rowsText(result: PreviewResult): string {
  if (result.totalRows > result.rows.length) return `showing ${result.rows.length} of ${result.totalRows} rows (splWorkbench.preview.rowLimit)`;
  return String(result.totalRows);
}

export function headerView(result: PreviewResult): HTMLElement {
  const h = result.header;
  const facts: [string, string][] = [
    ['Type', h.type || '—'],
    ['Data sources', h.dataSources.join(', ') || '—'],
    ['Sample files', h.files.map((f) => `${f.path}${f.sourcetype ? ` (${f.sourcetype})` : ''}`).join('\n') || '—'],
    ['Events', String(h.events)],
    ['Rows', rowsText(result)],
    ['Window', h.window ? `${h.window.earliest} ≤ _time < ${h.window.latest} (run at ${h.window.now}: ${h.window.note})` : 'all events'],
    ['Run', `${h.runMs} ms`],
  ];
  const list = el('dl', 'facts');
  for (const [term, value] of facts) list.append(el('dt', undefined, [term]), el('dd', undefined, [value]));
  return el('header', 'header', [el('h1', undefined, [h.name]), list]);
}

export function errorView(error: PreviewError | undefined, message: string | undefined, onReveal: (line: number, character: number) => void): HTMLElement {
  const children: Node[] = [];
  if (error) {
    const where = error.line !== undefined ? `line ${error.line + 1}, column ${(error.character ?? 0) + 1}: ` : '';
    children.push(el('p', 'error-message', [`${where}error [${error.code}] ${error.message}`]));
    if (error.line !== undefined && error.lineText !== undefined) {
      const caret = `${' '.repeat(error.character ?? 0)}^`;
      children.push(el('pre', 'error-source', [`${error.lineText}\n${caret}`]));
      const line = error.line;
      const go = el('button', undefined, ['Go to the error'], { type: 'button' });
      go.addEventListener('click', () => onReveal(line, error.character ?? 0));
      children.push(go);
    }
  } else children.push(el('p', 'error-message', [message ?? 'The preview failed.']));
  return el('div', 'error', children, { role: 'alert' });
}

export function riskView(result: PreviewResult, onSelectRow: (row: number) => void): HTMLElement {
  const list = el('ol', 'risk-list');
  const shown = result.risk.slice(0, 500);
  for (const event of shown) {
    const message = el('p', 'risk-message');
    for (const part of event.parts) {
      if (part.token === undefined) message.append(document.createTextNode(part.text));
      else if (part.missing) message.append(el('mark', 'token missing', [part.text], { title: `$${part.token}$ has no value in this row` }));
      else message.append(el('mark', 'token', [part.text], { title: `$${part.token}$` }));
    }
    const threats = event.threatObjects.map((t) => `${t.value} (${t.type})`).join(', ') || 'none';
    const meta = el('p', 'risk-meta muted', [
      `risk object ${event.riskObject} (${event.riskObjectType}, ${event.riskObjectField}) · score ${event.score ?? '—'} · severity ${event.severity ?? '—'} · threat objects: ${threats}`,
    ]);
    const item = el('li', 'risk-event', [message, meta], { tabindex: '0', 'data-message': event.message });
    item.addEventListener('click', () => onSelectRow(event.row));
    item.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onSelectRow(event.row);
    });
    list.appendChild(item);
  }
  const children: Node[] = [];
  const count = result.risk.length;
  children.push(el('p', 'muted', [`${count} risk event${count === 1 ? '' : 's'}${count > shown.length ? ` (the first ${shown.length} shown)` : ''}`]));
  for (const w of result.riskWarnings) children.push(el('p', 'warning', [w]));
  children.push(list);
  return section('Risk events', 'risk', ...children);
}

export function funnelView(result: PreviewResult): HTMLElement {
  const max = Math.max(1, ...result.stages.map((s) => Math.max(s.rows_in, s.rows_out)));
  const list = el('ol', 'funnel');
  for (const stage of result.stages) {
    const bar = el('div', 'bar', [], { role: 'img', 'aria-label': `${stage.command}: ${stage.rows_in} rows in, ${stage.rows_out} out` });
    const fillIn = el('span', 'bar-in');
    fillIn.style.width = `${(100 * stage.rows_in) / max}%`;
    const fillOut = el('span', 'bar-out');
    fillOut.style.width = `${(100 * stage.rows_out) / max}%`;
    bar.append(fillIn, fillOut);
    list.appendChild(el('li', undefined, [el('span', 'stage-name', [stage.command]), bar, el('span', 'stage-numbers', [`${stage.rows_in} → ${stage.rows_out} · ${stage.ms.toFixed(1)} ms`])]));
  }
  const children: Node[] = [list];
  if (result.dropped.length) {
    const dropped = el('ul', 'dropped');
    for (const d of result.dropped) dropped.appendChild(el('li', undefined, [`${d.rows} row${d.rows === 1 ? '' : 's'} dropped at ${d.command} (stage ${d.stage + 1}): no ${d.by_field}`]));
    children.push(el('h3', undefined, ['Dropped for a null by-field']), dropped);
  }
  return section('Why this result', 'funnel-section', ...children);
}

export function expandedView(result: PreviewResult): HTMLElement {
  const pre = el('pre', 'expanded');
  const macros = new Set<string>();
  for (const piece of result.expanded) {
    if (piece.macro === undefined) pre.append(document.createTextNode(piece.text));
    else {
      macros.add(piece.macro);
      pre.append(el('span', 'macro', [piece.text], { title: `from \`${piece.macro}\`` }));
    }
  }
  const legend = el('p', 'muted', [macros.size ? `Marked: the text of ${[...macros].map((m) => `\`${m}\``).join(', ')}` : 'No macros']);
  return section('Expanded search', 'expanded-section', legend, pre);
}

const MAX_DRILLDOWN_EVENTS = 200;

export function drilldownView(result: PreviewResult, row: number | undefined): HTMLElement {
  if (row === undefined) return section('Drilldown', 'drilldown', el('p', 'muted', ['Select a result row to see the events that formed it.']));
  const indexes = result.rowEvents[row] ?? [];
  const count = result.rowEventCounts[row] ?? indexes.length;
  const events = indexes.slice(0, MAX_DRILLDOWN_EVENTS).map((i) => result.events[i]);
  let text = `Row ${row + 1} was formed by ${count} event${count === 1 ? '' : 's'}`;
  if (count === 0) text += ' (it did not come from the sample events: a subsearch or a generating command made it)';
  else if (events.length < count) text += `; the first ${events.length} are shown${indexes.length < count ? ' (the preview keeps the first 2,000 matching events)' : ''}`;
  const intro = el('p', 'muted', [`${text}.`]);
  const fields = [...new Set(events.flatMap((e) => Object.keys(e).filter((k) => cellText(e[k] as PreviewValue) !== '')))];
  const table = el('table', 'events');
  const head = table.createTHead().insertRow();
  for (const f of fields) head.appendChild(el('th', undefined, [f], { scope: 'col' }));
  const body = table.createTBody();
  for (const e of events) {
    const tr = body.insertRow();
    for (const f of fields) {
      const cell = tr.insertCell();
      cell.textContent = f === '_time' ? timeText(e[f]) : cellText(e[f]);
      cell.title = cellText(e[f]);
    }
  }
  return section('Drilldown', 'drilldown', intro, el('div', 'events-scroll', [table]));
}
