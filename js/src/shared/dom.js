// Building the views' DOM: one small helper, so every view makes elements the same way.

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
