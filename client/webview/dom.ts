// Small DOM helpers for the webview. Values only ever become text (textContent), never markup.

type Attributes = Record<string, string>;

/** An element with a class, attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, children: readonly (Node | string)[] = [], attributes: Attributes = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** A section with a heading. */
export function section(title: string, id: string, ...content: Node[]): HTMLElement {
  const heading = el('h2', undefined, [title], { id: `${id}-title` });
  return el('section', id, [heading, ...content], { 'aria-labelledby': `${id}-title` });
}

export function button(label: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', undefined, [label], { type: 'button', ...(title ? { title } : {}) });
  b.addEventListener('click', onClick);
  return b;
}

/** Reads a VS Code theme colour (a CSS variable) for canvas drawing. */
export function themeColor(variable: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(variable).trim();
  return value || fallback;
}
