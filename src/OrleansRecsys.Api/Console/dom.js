// Building the page from data without ever parsing it as markup: every name, version and reason becomes a text node.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function assign(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  return node;
}

/** An HTML element: h('button', { type: 'button', onclick: f }, 'Promote'). */
export function h(tag, attrs, ...children) {
  return append(assign(document.createElement(tag), attrs), children);
}

/** An SVG element, same shape as h. */
export function s(tag, attrs, ...children) {
  return append(assign(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Replaces the children of the element with id <id>. */
export function fill(id, ...children) {
  const node = document.getElementById(id);
  node.replaceChildren();
  return append(node, children);
}

export function show(id, visible) {
  document.getElementById(id).hidden = !visible;
}

export const percent = (value, digits = 1) => `${(value * 100).toFixed(digits)} %`;

export function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
