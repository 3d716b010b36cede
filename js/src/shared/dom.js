// Building the views' DOM: one small helper per namespace, so every view makes elements
// the same way.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Create an element with a class, appended to `parent` when given.
 * @param {string} tag
 * @param {string} [className]
 * @param {HTMLElement} [parent]
 * @returns {HTMLElement}
 */
export function element(tag, className, parent) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  parent?.append(el);
  return el;
}

/**
 * Create SVG element `tag` with `attributes` (each set as a string), appended to `parent`
 * when given.
 * @param {string} tag
 * @param {Record<string, string | number | boolean>} [attributes]
 * @param {Element} [parent]
 * @returns {SVGElement}
 */
export function svg(tag, attributes = {}, parent) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  parent?.append(node);
  return node;
}
