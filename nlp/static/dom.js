// DOM building without HTML strings: text always goes in as text nodes, never parsed as markup.

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export const $ = (id) => document.getElementById(id);

export function show(el, visible) {
  el.hidden = !visible;
}

// Russian number format: 93,1
export function num(x, digits = 1) {
  return x.toLocaleString("ru-RU", {minimumFractionDigits: digits, maximumFractionDigits: digits});
}

export function percent(p) {
  return `${num(100 * p, 1)} %`;
}
