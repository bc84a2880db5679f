// Script of the results webview. It only renders what the extension posts to it; every value
// goes through textContent, never innerHTML, so event data cannot inject markup.

interface TableMessage {
  readonly type: 'table';
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}

type ViewMessage = TableMessage | ErrorMessage;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join('\n');
  return String(value);
}

function renderTable(root: HTMLElement, message: TableMessage): void {
  const heading = document.createElement('h2');
  heading.textContent = message.title;
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const column of message.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of message.rows) {
    const tr = body.insertRow();
    for (const column of message.columns) tr.insertCell().textContent = cellText(row[column]);
  }
  root.replaceChildren(heading, table);
}

function renderError(root: HTMLElement, message: ErrorMessage): void {
  const box = document.createElement('div');
  box.className = 'error';
  box.setAttribute('role', 'alert');
  box.textContent = message.message;
  root.replaceChildren(box);
}

function isViewMessage(data: unknown): data is ViewMessage {
  return typeof data === 'object' && data !== null && 'type' in data;
}

const root = document.getElementById('root');
if (root) {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isViewMessage(data)) return;
    if (data.type === 'table') renderTable(root, data);
    else renderError(root, data);
  });
}
