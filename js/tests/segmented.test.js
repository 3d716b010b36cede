// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { segmentedGroup } from "../src/shared/segmented.js";

describe("segmented group", () => {
  it("builds one button per item, named in a data attribute, with text and title", () => {
    const parent = document.createElement("div");
    const group = segmentedGroup(parent, {
      items: [["linear", "Linear", "straight lines"], ["slerp", "Slerp"]],
      attribute: "method",
      label: "interpolation method",
      className: "lw-methods",
      onPick: () => {},
    });
    expect(group.element.parentElement).toBe(parent);
    expect(group.element.className).toBe("lw-segmented lw-methods");
    expect(group.element.getAttribute("role")).toBe("group");
    expect(group.element.getAttribute("aria-label")).toBe("interpolation method");
    const buttons = [...parent.querySelectorAll("button.lw-button")];
    expect(buttons.map((b) => [b.dataset.method, b.textContent, b.title, b.type])).toEqual([
      ["linear", "Linear", "straight lines", "button"],
      ["slerp", "Slerp", "", "button"],
    ]);
    expect([...group.buttons.keys()]).toEqual(["linear", "slerp"]);
  });

  it("reports the button clicked and presses only the one shown", () => {
    const parent = document.createElement("div");
    const onPick = vi.fn();
    const group = segmentedGroup(parent, {
      items: [["pca", "PCA"], ["umap", "UMAP"]], attribute: "projection", label: "projection", onPick,
    });
    expect(group.element.className).toBe("lw-segmented");
    parent.querySelector('[data-projection="umap"]').click();
    expect(onPick).toHaveBeenCalledWith("umap");
    group.show("umap");
    const pressed = () => [...group.buttons.values()].map((b) => b.getAttribute("aria-pressed"));
    expect(pressed()).toEqual(["false", "true"]);
    group.show(undefined);
    expect(pressed()).toEqual(["false", "false"]);
  });
});
