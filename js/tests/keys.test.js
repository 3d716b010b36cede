// @vitest-environment jsdom
// Keys our controls use stay inside the widget; the page's shortcuts still get the rest.
import { afterEach, describe, expect, it } from "vitest";
import { keepKeysInside, keyBelongsToControl } from "../src/shared/keys.js";

function control(html) {
  const box = document.createElement("div");
  box.innerHTML = html;
  return box.firstElementChild;
}

const key = (k, extra = {}) => new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra });

describe("keyBelongsToControl", () => {
  it("gives a slider its arrows, pages, Home and End, and nothing else", () => {
    const slider = control('<input type="range">');
    for (const k of ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]) {
      expect(keyBelongsToControl(key(k), slider)).toBe(true);
    }
    expect(keyBelongsToControl(key("a"), slider)).toBe(false);
    expect(keyBelongsToControl(key("Enter", { shiftKey: true }), slider)).toBe(false);
  });

  it("gives text and number boxes every plain key but not Shift+Enter, Ctrl shortcuts, Escape or Tab", () => {
    for (const html of ['<input type="number">', '<input>', "<textarea></textarea>"]) {
      const box = control(html);
      for (const k of ["a", "1", "ArrowDown", "Backspace", "Enter"]) expect(keyBelongsToControl(key(k), box)).toBe(true);
      expect(keyBelongsToControl(key("Enter", { shiftKey: true }), box)).toBe(false);
      expect(keyBelongsToControl(key("s", { ctrlKey: true }), box)).toBe(false);
      expect(keyBelongsToControl(key("s", { metaKey: true }), box)).toBe(false);
      expect(keyBelongsToControl(key("Escape"), box)).toBe(false);
      expect(keyBelongsToControl(key("Tab"), box)).toBe(false);
    }
  });

  it("gives a select its arrows and letters, a button and a checkbox Enter and Space", () => {
    const select = control("<select><option>a</option></select>");
    expect(keyBelongsToControl(key("ArrowDown"), select)).toBe(true);
    expect(keyBelongsToControl(key("b"), select)).toBe(true);
    for (const html of ["<button>go</button>", '<input type="checkbox">']) {
      const el = control(html);
      expect(keyBelongsToControl(key(" "), el)).toBe(true);
      expect(keyBelongsToControl(key("Enter"), el)).toBe(true);
      expect(keyBelongsToControl(key("ArrowDown"), el)).toBe(false);
      expect(keyBelongsToControl(key("a"), el)).toBe(false);
    }
    expect(keyBelongsToControl(key("ArrowDown"), control('<input type="radio">'))).toBe(true);
  });

  it("leaves keys on other elements to the page unless a view handled them", () => {
    const canvas = control("<canvas></canvas>");
    expect(keyBelongsToControl(key("ArrowDown"), canvas)).toBe(false);
    const handled = key("Escape");
    handled.preventDefault();
    expect(keyBelongsToControl(handled, canvas)).toBe(true);
  });
});

describe("keepKeysInside", () => {
  let release = () => {};
  afterEach(() => {
    release();
    document.body.innerHTML = "";
  });

  it("stops the keys a control uses before the document sees them, and stops after release", () => {
    const el = document.createElement("div");
    el.innerHTML = '<input type="range"><canvas></canvas>';
    document.body.append(el);
    const seen = [];
    const listener = (event) => seen.push(event.key);
    document.addEventListener("keydown", listener);
    release = keepKeysInside(el);
    el.querySelector("input").dispatchEvent(key("ArrowRight"));
    el.querySelector("canvas").dispatchEvent(key("ArrowDown"));
    el.querySelector("input").dispatchEvent(key("Enter", { shiftKey: true }));
    expect(seen).toEqual(["ArrowDown", "Enter"]);
    release();
    release = () => {};
    el.querySelector("input").dispatchEvent(key("ArrowLeft"));
    expect(seen).toEqual(["ArrowDown", "Enter", "ArrowLeft"]);
    document.removeEventListener("keydown", listener);
  });
});
