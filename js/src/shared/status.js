// A status line inside a view: errors in words (never only in the console), and notes.

/**
 * @param {HTMLElement} parent
 * @returns {{ element: HTMLElement, error: (err: any) => void, note: (text: string) => void, clear: () => void }}
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

  function show(kind, message, detail = "") {
    element.dataset.kind = kind;
    element.setAttribute("role", kind === "error" ? "alert" : "status");
    text.textContent = message; // text, never HTML
    pre.textContent = detail;
    details.hidden = !detail;
  }

  return {
    element,
    error(err) {
      const message = err?.message ?? String(err);
      show("error", message, err?.detail ?? "");
    },
    note(message) {
      show("note", message);
    },
    clear() {
      show("none", "");
    },
  };
}
