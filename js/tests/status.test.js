// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { createStatusLine } from "../src/shared/status.js";
import { CommandError } from "../src/shared/commands.js";

describe("status line", () => {
  it("shows an error in words, as text and never as HTML", () => {
    const parent = document.createElement("div");
    const status = createStatusLine(parent);
    status.error(new CommandError({ type: "ValueError", message: "<b>bad</b> input", traceback: "tb" }));
    expect(status.element.dataset.kind).toBe("error");
    expect(status.element.getAttribute("role")).toBe("alert");
    expect(parent.textContent).toContain("ValueError: <b>bad</b> input");
    expect(parent.querySelector("b")).toBeNull();
    expect(parent.querySelector("pre").textContent).toBe("tb");
  });

  it("clears and notes", () => {
    const status = createStatusLine(document.createElement("div"));
    status.note("Click anywhere");
    expect(status.element.dataset.kind).toBe("note");
    status.clear();
    expect(status.element.textContent).not.toContain("Click anywhere");
    expect(status.element.querySelector("details").hidden).toBe(true);
  });
});

describe("status line: a status trait", () => {
  it("shows an error with its traceback, a message as a note, and clears", () => {
    const status = createStatusLine(document.createElement("div"));
    status.show({ state: "error", message: "", traceback: "Traceback: x" }, "the computation failed");
    expect(status.element.dataset.kind).toBe("error");
    expect(status.element.textContent).toContain("the computation failed");
    expect(status.element.querySelector("pre").textContent).toBe("Traceback: x");
    status.show({ state: "computing", message: "computing H1…", progress: 0.5 }, "unused");
    expect(status.element.dataset.kind).toBe("note");
    expect(status.element.textContent).toContain("computing H1…");
    status.show({ state: "ready", message: "" }, "unused");
    expect(status.element.dataset.kind).toBe("none");
    status.show(null, "unused");
    expect(status.element.dataset.kind).toBe("none");
  });
});
