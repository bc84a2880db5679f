// The results table: sortable (click or Enter on a column header), filterable (a text box) and
// virtualized: only the rows in view (and a few around them) are in the DOM, every row has the
// same height, and spacer rows stand for the others. Multivalue cells are lists.
import type { PreviewValue } from '../../server/src/lsp/protocol';
import { el } from './dom';
import { cellText, compareValues } from './values';

/** Pixel height of a row (the CSS gives `tbody tr` this height). */
export const ROW_HEIGHT = 26;
const OVERSCAN = 10;

export interface TableOptions {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, PreviewValue>[];
  /** A row was selected (click, Enter or Space): its index in `rows`. */
  readonly onSelect: (index: number) => void;
  /** The rendered rows changed (after a scroll, sort or filter). */
  readonly onRender: () => void;
}

export class ResultsTable {
  readonly element: HTMLElement;
  private readonly scroller: HTMLDivElement;
  private readonly body: HTMLTableSectionElement;
  private readonly headers: HTMLTableCellElement[] = [];
  private readonly count: HTMLElement;
  /** Indexes into options.rows, filtered and sorted. */
  private order: number[];
  private sortColumn: string | undefined;
  private sortDescending = false;
  private filter = '';
  private selected: number | undefined;
  private frame: number | undefined;
  private lastRange = '';

  constructor(private readonly options: TableOptions) {
    this.order = options.rows.map((_, i) => i);
    const input = el('input', 'filter', [], { type: 'search', placeholder: 'Filter rows', 'aria-label': 'Filter the result rows' });
    input.addEventListener('input', () => {
      this.filter = input.value.toLowerCase();
      this.recompute();
    });
    this.count = el('span', 'muted row-count', [], { 'aria-live': 'polite' });
    const table = el('table', 'results', [], { role: 'grid', 'aria-rowcount': String(options.rows.length) });
    const headRow = table.createTHead().insertRow();
    for (const column of options.columns) {
      const th = el('th', undefined, [column], { scope: 'col', tabindex: '0', 'aria-sort': 'none', title: `Sort by ${column}` });
      const activate = (): void => this.sortBy(column);
      th.addEventListener('click', activate);
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          activate();
        }
      });
      headRow.appendChild(th);
      this.headers.push(th);
    }
    this.body = table.createTBody();
    this.scroller = el('div', 'table-scroll', [table], { tabindex: '-1' });
    this.scroller.addEventListener('scroll', () => this.schedule());
    // The panel can be rendered while hidden or small: render again when the view changes size.
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.element = el('div', 'table-block', [el('div', 'toolbar', [input, this.count]), this.scroller]);
    this.updateCount();
  }

  /** The rows in their current order and filter (what the copy buttons copy). */
  visibleRows(): Record<string, PreviewValue>[] {
    return this.order.map((i) => this.options.rows[i]);
  }

  private updateCount(): void {
    const total = this.options.rows.length;
    this.count.textContent = this.order.length === total ? `${total} row${total === 1 ? '' : 's'}` : `${this.order.length} of ${total} rows`;
  }

  private sortBy(column: string): void {
    this.sortDescending = this.sortColumn === column ? !this.sortDescending : false;
    this.sortColumn = column;
    this.headers.forEach((th, i) => th.setAttribute('aria-sort', this.options.columns[i] === column ? (this.sortDescending ? 'descending' : 'ascending') : 'none'));
    this.recompute();
  }

  private recompute(): void {
    const { rows, columns } = this.options;
    let order = rows.map((_, i) => i);
    if (this.filter) order = order.filter((i) => columns.some((c) => cellText(rows[i][c]).toLowerCase().includes(this.filter)));
    const column = this.sortColumn;
    if (column !== undefined) {
      const sign = this.sortDescending ? -1 : 1;
      order.sort((a, b) => sign * compareValues(rows[a][column], rows[b][column]) || a - b);
    }
    this.order = order;
    this.updateCount();
    this.lastRange = '';
    this.render();
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  /** Renders the rows in view. Call after the table is in the document. */
  render(): void {
    const height = this.scroller.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((this.scroller.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const range = `${first}:${last}`;
    if (range === this.lastRange) return;
    this.lastRange = range;
    const { columns, rows } = this.options;
    const fragment = document.createDocumentFragment();
    fragment.appendChild(this.spacer(first * ROW_HEIGHT));
    for (let k = first; k < last; k++) {
      const index = this.order[k];
      const row = rows[index];
      const tr = el('tr', index === this.selected ? 'selected' : undefined, [], { tabindex: '0', 'aria-rowindex': String(k + 2), 'data-row': String(index) });
      for (const column of columns) {
        const td = document.createElement('td');
        const value = row[column];
        if (Array.isArray(value)) {
          const list = el('ul', 'mv');
          for (const v of value) list.appendChild(el('li', undefined, [v === null ? '' : String(v)]));
          td.appendChild(list);
        } else td.textContent = cellText(value);
        td.title = cellText(value);
        tr.appendChild(td);
      }
      const select = (): void => this.select(index);
      tr.addEventListener('click', select);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
          if (next?.dataset.row !== undefined) next.focus();
        }
      });
      fragment.appendChild(tr);
    }
    fragment.appendChild(this.spacer((this.order.length - last) * ROW_HEIGHT));
    this.body.replaceChildren(fragment);
    this.options.onRender();
  }

  private spacer(px: number): HTMLTableRowElement {
    const tr = el('tr', 'spacer', [], { 'aria-hidden': 'true' });
    tr.style.height = `${px}px`;
    return tr;
  }

  private select(index: number): void {
    this.highlight(index);
    this.options.onSelect(index);
  }

  /** Marks a row selected (chosen elsewhere: a chart bar, a risk event) and scrolls it into the
   * table's view, without calling onSelect. */
  highlight(index: number): void {
    this.selected = index;
    const position = this.order.indexOf(index);
    if (position >= 0) {
      const top = position * ROW_HEIGHT;
      if (top < this.scroller.scrollTop || top + ROW_HEIGHT > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = Math.max(0, top - ROW_HEIGHT * 2);
    }
    for (const tr of Array.from(this.body.rows)) tr.classList.toggle('selected', tr.dataset.row === String(index));
  }

  /** textContent of the rendered cells, row by row (for the tests). */
  renderedCells(): string[][] {
    return Array.from(this.body.rows)
      .filter((tr) => tr.dataset.row !== undefined)
      .map((tr) => Array.from(tr.cells).map((td) => (td.querySelector('ul') ? Array.from(td.querySelectorAll('li')).map((li) => li.textContent ?? '').join('\n') : (td.textContent ?? ''))));
  }

  get renderedRowCount(): number {
    return Array.from(this.body.rows).filter((tr) => tr.dataset.row !== undefined).length;
  }

  get rowCount(): number {
    return this.order.length;
  }
}
