// Every mark of the persistence plots stays readable on JupyterLab's light and dark pages:
// faded marks move toward the muted ink, never toward the background (WCAG AA, 3:1).
import { describe, expect, it } from "vitest";
import { composite, contrastRatio, luminance, mix, parseColor, toCss } from "../src/shared/colors.js";
import { dimColor, markColor, withAlpha } from "../src/persistence/theme.js";

// JupyterLab 4's own values: --jp-layout-color0 and --jp-ui-font-color2 of each theme.
const THEMES = {
  light: { background: "#ffffff", muted: "rgba(0, 0, 0, 0.54)" },
  dark: { background: "#111111", muted: "rgba(255, 255, 255, 0.54)" },
};
const STATES = [
  { alive: true, short: false }, { alive: false, short: false },
  { alive: true, short: true }, { alive: false, short: true },
];

describe("colour arithmetic", () => {
  it("gives WCAG's known answers", () => {
    expect(contrastRatio([0, 0, 0], [1, 1, 1])).toBeCloseTo(21, 5);
    expect(luminance(parseColor("#808080"))).toBeCloseTo(0.2159, 3);
    expect(composite([1, 1, 1, 0.5], [0, 0, 0, 1])).toEqual([0.5, 0.5, 0.5, 1]);
    expect(mix([0, 0, 0], [1, 1, 1], 0.25)).toEqual([0.25, 0.25, 0.25]);
    expect(toCss([1, 0.5, 0, 1])).toBe("rgb(255, 128, 0)");
  });
});

describe("persistence marks", () => {
  for (const [name, theme] of Object.entries(THEMES)) {
    it(`keep 3:1 against the ${name} page in every state, for H0, H1 and H2`, () => {
      const page = parseColor(theme.background);
      for (const dim of [0, 1, 2]) {
        for (const state of STATES) {
          const ratio = contrastRatio(parseColor(markColor(dim, state, theme)), page);
          expect(ratio, `H${dim} ${JSON.stringify(state)}`).toBeGreaterThanOrEqual(3);
        }
      }
    });
  }

  it("did not before: the old translucent H0 of a short bar vanished on the dark page", () => {
    const page = parseColor(THEMES.dark.background);
    const old = composite(parseColor(withAlpha(dimColor(0), 0.35)), page);
    expect(contrastRatio(old, page)).toBeLessThan(3);
  });

  it("fade more the less they count, and alive long bars keep their own hue", () => {
    const theme = THEMES.light;
    expect(markColor(1, { alive: true }, theme)).toBe(toCss(parseColor(dimColor(1))));
    const hueGap = (state) => {
      const [r, g, b] = parseColor(markColor(1, state, theme));
      return Math.max(r, g, b) - Math.min(r, g, b); // saturation, roughly
    };
    expect(hueGap({ alive: false })).toBeLessThan(hueGap({ alive: true }));
    expect(hueGap({ alive: false, short: true })).toBeLessThan(hueGap({ alive: false }));
  });
});
