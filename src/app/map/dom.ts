/** Small DOM builders: text from data always goes in as text, never as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function rows(pairs: [string, string][]): HTMLElement {
  const table = element('table', 'popup-table');
  for (const [label, value] of pairs) {
    const row = table.insertRow();
    row.append(element('th', '', label), element('td', '', value));
  }
  return table;
}
