/**
 * Builds DOM nodes with data written as text only. Names, numbers and subjects come from callers and
 * from Ringostat, so nothing here ever assigns innerHTML: a name like `<img onerror=…>` shows as text.
 */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : doc.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

export function byId<T extends HTMLElement = HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`The page is missing #${id}: the HTML and the script are out of step.`);
  return element as T;
}
