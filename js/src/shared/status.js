// A status line inside a view: errors in words (never only in the console), and notes.
// Every view shows its `status` trait ({state, message, progress, traceback}) through it.

/**
 * @typedef {{ state?: string, message?: string, progress?: number | null, traceback?: string }} Status
 * @typedef {{
 *   element: HTMLElement,
 *   error: (err: any) => void,
 *   note: (text: string) => void,
 *   clear: () => void,
 *   show: (status: Status | null | undefined, failure: string) => void,
 * }} StatusLine
 */

/**
 * @param {HTMLElement} parent
 * @returns {StatusLine}
 */
export function createStatusLine(parent) {
  const element = document.createElement("div");
  element.className = "lw-status";
  element.setAttribute("role", "status");
  element.setAttribute("aria-live", "polite");
  const text = document.createElement("span");
  text.className = "lw-status-text";
  const details = document.createElement("details");
  details.className = "lw-status-details";
  const summary = document.createElement("summary");
  summary.textContent = "traceback";
  const pre = document.createElement("pre");
  details.append(summary, pre);
  element.append(text, details);
  parent.append(element);

  function paint(kind, message, detail = "") {
    element.dataset.kind = kind;
    element.setAttribute("role", kind === "error" ? "alert" : "status");
    text.textContent = message; // text, never HTML
    pre.textContent = detail;
    details.hidden = !detail;
  }

  const line = {
    element,
    error(err) {
      const message = err?.message ?? String(err);
      paint("error", message, err?.detail ?? "");
    },
    note(message) {
      paint("note", message);
    },
    clear() {
      paint("none", "");
    },
    /**
     * Show a `status` trait: the message in words, the traceback folded away; `failure`
     * stands for the message of an error that came without one.
     */
    show(status, failure) {
      const state = status?.state ?? "ready";
      const message = String(status?.message ?? "");
      if (state === "error") {
        line.error({ message: message || failure, detail: status?.traceback ?? "" });
      } else if (message) {
        line.note(message);
      } else {
        line.clear();
      }
    },
  };
  return line;
}
