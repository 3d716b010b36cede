// Keys the widget handles stay in the widget. JupyterLab listens for its shortcuts on the
// document, in the bubbling phase: an arrow key on one of our sliders would move the
// notebook's cell selection (and prevent the slider from moving), a letter typed into a
// select would insert a cell. A listener on the view's element stops those keys before
// they reach the document, and lets everything else through (Shift+Enter still runs the
// cell, Ctrl/Cmd shortcuts still work).

/** Keys a slider (input type=range) moves with. */
const SLIDER_KEYS = new Set([
  "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End",
]);

/** Keys a select or a list box answers to, besides letters (type to find an option). */
const LIST_KEYS = new Set([...SLIDER_KEYS, "Enter", " "]);

/** Keys that press a button, tick a box or pick a radio button. */
const PRESS_KEYS = new Set(["Enter", " "]);

/** Input types that take text (every key without a modifier is theirs). */
const TEXT_TYPES = new Set(["text", "number", "search", "email", "url", "tel", "password", ""]);

/** Whether the key press is a shortcut of the page rather than input to a control. */
function withModifier(event) {
  return event.ctrlKey || event.metaKey || event.altKey || (event.shiftKey && event.key === "Enter");
}

/**
 * Whether the control `target` uses the key of `event` itself (so JupyterLab must not see
 * it). Keys a view handled in its own listeners (they call `preventDefault`) count too.
 * @param {KeyboardEvent} event
 * @param {Element | null} target
 */
export function keyBelongsToControl(event, target) {
  if (event.defaultPrevented) return true;
  if (!target || withModifier(event) || event.key === "Escape" || event.key === "Tab") return false;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || target.isContentEditable) return true;
  if (tag === "SELECT") return LIST_KEYS.has(event.key) || event.key.length === 1;
  if (tag === "BUTTON") return PRESS_KEYS.has(event.key);
  if (tag !== "INPUT") return false;
  const type = (target.getAttribute("type") || "").toLowerCase();
  if (type === "range") return SLIDER_KEYS.has(event.key);
  if (type === "radio") return PRESS_KEYS.has(event.key) || SLIDER_KEYS.has(event.key);
  if (TEXT_TYPES.has(type)) return true;
  return PRESS_KEYS.has(event.key);
}

/**
 * Keep the keys that controls inside `el` use from reaching JupyterLab's shortcuts.
 * @param {HTMLElement} el
 * @returns {() => void} removes the listeners
 */
export function keepKeysInside(el) {
  const stop = (event) => {
    if (keyBelongsToControl(event, /** @type {Element} */ (event.target))) event.stopPropagation();
  };
  el.addEventListener("keydown", stop);
  el.addEventListener("keyup", stop);
  return () => {
    el.removeEventListener("keydown", stop);
    el.removeEventListener("keyup", stop);
  };
}
