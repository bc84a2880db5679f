// The two charts of the preview, drawn with Chart.js on canvases and themed with VS Code's
// colours: result counts per group (the first numeric column by the row's group) and a timeline
// of the events that formed the results, over `_time`.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { PreviewResult, PreviewValue } from '../../server/src/lsp/protocol';
import { el, section, themeColor } from './dom';
import { cellText } from './values';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const MAX_GROUPS = 30;
const TIME_BUCKETS = 40;

function colours(): { bar: string; text: string; grid: string } {
  return {
    bar: themeColor('--vscode-charts-blue', '#3794ff'),
    text: themeColor('--vscode-foreground', '#cccccc'),
    grid: themeColor('--vscode-panel-border', 'rgba(128,128,128,0.35)'),
  };
}

function numeric(value: PreviewValue | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function barChart(canvas: HTMLCanvasElement, labels: string[], data: number[], label: string, onClick?: (index: number) => void): Chart {
  const c = colours();
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label, data, backgroundColor: c.bar, borderColor: c.bar }] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { tooltip: { enabled: true } },
      scales: {
        x: { ticks: { color: c.text, autoSkip: true, maxRotation: 45 }, grid: { color: c.grid } },
        y: { beginAtZero: true, ticks: { color: c.text, precision: 0 }, grid: { color: c.grid } },
      },
      ...(onClick ? { onClick: (_e: unknown, elements: { index: number }[]) => elements[0] && onClick(elements[0].index) } : {}),
    },
  });
}

/** Counts per group: the row's non-numeric column values as the label, its count (the column
 * named count, else the first numeric one) as the bar. */
export function groupChart(result: PreviewResult, onSelectRow: (row: number) => void): { element: HTMLElement; chart?: Chart } {
  const countColumn = result.columns.find((c) => c === 'count') ?? result.columns.find((c) => result.rows.some((r) => numeric(r[c]) !== undefined));
  if (!countColumn || result.rows.length === 0) return { element: section('Counts per group', 'group-chart', el('p', 'muted', ['No numeric column to chart.'])) };
  const labelColumns = result.groupBy.length ? result.groupBy.filter((c) => result.columns.includes(c)) : result.columns.filter((c) => c !== countColumn);
  const ranked = result.rows
    .map((row, i) => ({ i, value: numeric(row[countColumn]) ?? 0, label: labelColumns.map((c) => cellText(row[c]).replace(/\n/g, ', ')).join(' · ') }))
    .sort((a, b) => b.value - a.value)
    .slice(0, MAX_GROUPS);
  const canvas = el('canvas', undefined, [], { role: 'img', 'aria-label': `${countColumn} per group, the ${ranked.length} largest groups` });
  const box = el('div', 'chart-box', [canvas]);
  const note = el('p', 'muted', [`${countColumn} by ${labelColumns.join(', ') || 'row'}${result.rows.length > ranked.length ? ` (the ${ranked.length} largest of ${result.rows.length})` : ''}; click a bar to drill down`]);
  const element = section('Counts per group', 'group-chart', note, box);
  const chart = barChart(canvas, ranked.map((r) => (r.label.length > 60 ? `${r.label.slice(0, 57)}…` : r.label)), ranked.map((r) => r.value), countColumn, (k) => onSelectRow(ranked[k].i));
  return { element, chart };
}

/** The matching events over `_time`, in equal buckets. */
export function timelineChart(result: PreviewResult): { element: HTMLElement; chart?: Chart } {
  const times = result.events.map((e) => numeric(e._time)).filter((t): t is number => t !== undefined);
  if (times.length === 0) return { element: section('Timeline', 'timeline', el('p', 'muted', ['No event that formed the results has a _time.'])) };
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const width = Math.max(1, (max - min) / TIME_BUCKETS);
  const buckets = new Array<number>(TIME_BUCKETS).fill(0);
  for (const t of times) buckets[Math.min(TIME_BUCKETS - 1, Math.floor((t - min) / width))]++;
  const labels = buckets.map((_, i) => new Date((min + i * width) * 1000).toISOString().replace('.000Z', 'Z').replace('T', ' '));
  const canvas = el('canvas', undefined, [], { role: 'img', 'aria-label': `${times.length} matching events between ${labels[0]} and ${new Date(max * 1000).toISOString()}` });
  const note = `${times.length} events that formed the results, over _time${result.eventsCapped ? ' (among the first 2,000 matching events)' : ''}`;
  const element = section('Timeline', 'timeline', el('p', 'muted', [note]), el('div', 'chart-box', [canvas]));
  return { element, chart: barChart(canvas, labels, buckets, 'events') };
}
