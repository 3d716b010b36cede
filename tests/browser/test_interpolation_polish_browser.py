"""The Interpolation view as a new user meets it (issue 15): a long strip, class arithmetic,
the traverse axes, the smoothness trace, in a real JupyterLab at three widths and two themes.

Screenshots go to $LW_INTERPOLATION_SHOTS when it is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.browser.explorer_page import poll_kernel
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

ROOT = ".lw-interpolation"
WIDTHS = (1400, 1000, 640)
# eight latent dimensions of very different spread; 8×8 frames, as small digits are
SETUP = (
    "import numpy as np\nimport latent_widgets as lw\n"
    "rng = np.random.default_rng(0)\n"
    "scales = np.array([0.5, 3.0, 1.0, 0.1, 2.0, 0.01, 1.5, 0.7])\n"
    "z = (rng.normal(size=(300, 8)) * scales).astype(np.float32)\n"
    "labels = np.where(z[:, 1] > 0, 'up', 'down')\n"
    "weights = np.random.default_rng(1).normal(size=(8, 64)).astype(np.float32)\n"
    "def decode(batch):\n"
    "    return ((np.tanh(np.asarray(batch) @ weights) + 1) / 2).reshape(-1, 8, 8)\n"
    "space = lw.LatentSpace.from_latents(z, labels=labels, decode=decode)\n"
)


def open_view(notebook, lab_server, name: str, steps: int = 10):
    """A notebook with a three-anchor path of ``2 * (steps - 1) + 1`` frames, run."""
    write_notebook(lab_server.root / name, [
        SETUP + f"interpolation = lw.Interpolation(space, anchors=[0, 1, 2], steps={steps})\n"
        "interpolation",
    ])
    notebook.open(name).run_all()
    frames = 2 * (steps - 1) + 1
    notebook.wait_for(f"{ROOT}[data-strip-frames='{frames}']")
    notebook.page.evaluate("() => { window.jupyterapp.shell.collapseLeft();"
                           " window.jupyterapp.shell.collapseRight(); }")
    return notebook.page


# What the strip shows, measured in the page: every frame's box against the scroller's
# visible box, the scrollbar, the caption, and the notebook's scroll position.
_STRIP = """() => {
  const root = document.querySelector('.lw-interpolation');
  const scroller = root.querySelector('.lw-strip-scroller');
  const view = scroller.getBoundingClientRect();
  const output = root.closest('.jp-OutputArea-output') ?? root.parentElement;
  const frames = [...root.querySelectorAll('canvas.lw-strip-frame')].map((c) => {
    const r = c.getBoundingClientRect();
    const inside = r.left >= view.left - 0.5 && r.right <= view.right + 0.5;
    return { left: r.left, right: r.right, inside };
  });
  const current = Number(root.querySelector('.lw-strip').dataset.currentStep);
  const caption = root.querySelector('.lw-strip-caption');
  return {
    frames, current,
    overflows: scroller.scrollWidth > scroller.clientWidth + 1,
    scrollbar: (() => {  // the strip's own scrollbar: shown, its thumb narrower than its track
      const track = root.querySelector('.lw-strip-track');
      const thumb = track.querySelector('.lw-strip-thumb').getBoundingClientRect();
      const box = track.getBoundingClientRect();
      return track.hidden || !box.height ? 0 : box.width - thumb.width;
    })(),
    caption: caption.hidden ? '' : caption.textContent,
    rootRight: root.getBoundingClientRect().right,
    outputRight: output.getBoundingClientRect().right,
    notebookScroll: document.querySelector('.jp-WindowedPanel-outer')?.scrollTop ?? window.scrollY,
  };
}"""


def test_a_long_strip_fits_or_scrolls_visibly_and_keeps_the_current_frame_in_view(
        notebook, lab_server):
    page = open_view(notebook, lab_server, "long_strip.ipynb")  # 19 frames
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)  # the strip refits on resize
        strip = page.evaluate(_STRIP)
        assert len(strip["frames"]) == 19
        assert strip["rootRight"] <= strip["outputRight"] + 1, (width, strip)  # inside the output
        if strip["overflows"]:  # it scrolls, and shows it: a scrollbar and a caption
            assert strip["scrollbar"] > 0, (width, strip)
            assert "scroll the strip sideways" in strip["caption"]
        else:  # everything fits: no frame cut
            assert all(f["inside"] for f in strip["frames"]), (width, strip)
            assert strip["caption"] == ""

    notebook.kernel("interpolation.steps = 30")  # 59 frames: too many to fit at 640 px
    notebook.wait_for(f"{ROOT}[data-strip-frames='59']")
    page.wait_for_timeout(300)
    strip = page.evaluate(_STRIP)
    assert strip["overflows"] and strip["scrollbar"] > 0 and "59 frames" in strip["caption"]
    page.locator(f"{ROOT} .lw-strip-box").scroll_into_view_if_needed()
    scrolled = page.evaluate(_STRIP)["notebookScroll"]
    for step in (58, 0, 31):
        page.evaluate("(t) => document.querySelector('.lw-interpolation').lwView.scrub(t)", step)
        page.wait_for_timeout(150)
        strip = page.evaluate(_STRIP)
        assert strip["current"] == step
        assert strip["frames"][step]["inside"], (step, strip["frames"][step])
        assert strip["notebookScroll"] == scrolled  # the strip scrolled, never the notebook

    notebook.kernel("interpolation.current = 40.0\ninterpolation.playing = True")
    page.wait_for_timeout(1500)  # about six steps at four a second
    strip = page.evaluate(_STRIP)
    notebook.kernel("interpolation.playing = False")
    assert strip["current"] != 40 and strip["frames"][strip["current"]]["inside"], strip
    assert strip["notebookScroll"] == scrolled


def test_class_arithmetic_adds_an_anchor_and_says_what_it_did(notebook, lab_server):
    page = open_view(notebook, lab_server, "arithmetic.ipynb")
    section = page.locator(f"{ROOT} .lw-class-arithmetic")
    section.scroll_into_view_if_needed()
    assert page.locator(f"{ROOT} ol.lw-anchors li").count() == 3
    section.locator(".lw-class-from-select").select_option(label="down")
    section.locator(".lw-class-to-select").select_option(label="up")
    section.locator(".lw-class-apply").click()
    names = poll_kernel(notebook, "interpolation.anchor_names", lambda v: len(v) == 4)
    assert names[3] == "step 0 + 1 × (up − down)"
    page.wait_for_function("() => document.querySelectorAll('.lw-interpolation ol.lw-anchors li')"
                           ".length === 4")
    note = section.locator(".lw-class-note")
    assert note.is_visible()
    assert note.inner_text() == ("Class arithmetic added anchor 4, step 0 + 1 × (up − down), at "
                                 "the end of the path; the 3 anchors before it are kept "
                                 "(✕ removes it)")
    assert "Class arithmetic added anchor 4" in page.inner_text(f"{ROOT} .lw-status-text")
    notebook.wait_for(f"{ROOT}[data-strip-frames='28']")  # the path runs on to the new anchor


def test_the_traverse_axes_are_ordered_by_variance_and_show_it(notebook, lab_server):
    page = open_view(notebook, lab_server, "traverse.ipynb")
    section = page.locator(f"{ROOT} .lw-traverse")
    section.scroll_into_view_if_needed()
    shown = page.evaluate("""() => [...document.querySelectorAll('.lw-interpolation .lw-axis')]
      .map((row) => [row.querySelector('.lw-axis-name').textContent,
                     row.querySelector('.lw-axis-variance').textContent])""")
    variance = np.var(np.asarray(notebook.kernel_value("z.astype(float).tolist()")), axis=0)
    order = np.argsort(-variance)
    assert [name for name, _ in shown] == [f"z{i}" for i in order]
    assert [name for name, _ in shown][:2] == ["z1", "z4"]  # the two widest dimensions
    first = shown[0][1]
    assert first.startswith("var ") and first.endswith(
        f"{round(100 * variance[1] / variance.sum())} %")
    assert float(first.split()[1]) == pytest.approx(variance[1], rel=5e-3)
    said = page.inner_text(f"{ROOT} .lw-traverse-order")
    assert "by variance of the latents along each dimension, largest first" in said


def test_the_smoothness_trace_is_labelled_with_a_tooltip_per_step(notebook, lab_server):
    page = open_view(notebook, lab_server, "trace.ipynb")
    trace = page.locator(f"{ROOT} svg.lw-smoothness")
    trace.scroll_into_view_if_needed()
    values = notebook.kernel_value("interpolation.smoothness.tolist()")
    threshold = notebook.kernel_value("interpolation.smoothness_threshold")
    assert len(values) == 18
    legend = page.inner_text(f"{ROOT} .lw-smoothness-legend")
    assert "pixel change between consecutive frames" in legend
    assert f"the {float(f'{threshold:.3g}'):g} threshold" in legend
    label = page.text_content(f"{ROOT} svg.lw-smoothness text.lw-threshold-label")
    assert label.startswith("threshold ")
    assert float(label.split()[1]) == pytest.approx(threshold, rel=5e-3)
    box = page.locator(f"{ROOT} .lw-strip-box").bounding_box()
    for gap in (0, 7, 17):
        hit = trace.locator(f"rect.lw-gap-hit[data-gap='{gap}']")
        hit.scroll_into_view_if_needed()
        hit.hover()
        tip = page.locator(f"{ROOT} .lw-smoothness-tip")
        tip.wait_for(state="visible")
        text = tip.inner_text()
        side = "above" if values[gap] > threshold else "at or below"
        assert text.startswith(f"step {gap}→{gap + 1}: pixel change ")
        assert float(text.split("pixel change ")[1].split(",")[0]) == pytest.approx(
            values[gap], rel=5e-3)
        assert f"{side} the" in text
        shape = tip.bounding_box()
        assert box["x"] - 1 <= shape["x"]
        assert shape["x"] + shape["width"] <= box["x"] + box["width"] + 1  # inside the view
    page.mouse.move(5, 5)
    page.locator(f"{ROOT} .lw-smoothness-tip").wait_for(state="hidden")


def _luminance(rgb):
    channel = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channel]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b) -> float:
    """WCAG contrast ratio of two [r, g, b] colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_COLOURS = """() => {
  const rgb = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const root = document.querySelector('.lw-interpolation');
  const frame = getComputedStyle(root.querySelector('canvas.lw-strip-frame'));
  const bar = root.querySelector('rect.lw-gap[data-flagged="false"]');
  return {
    background: rgb(getComputedStyle(root).backgroundColor),
    border: rgb(frame.borderTopColor), borderWidth: frame.borderTopWidth,
    rendering: frame.imageRendering,
    legend: rgb(getComputedStyle(root.querySelector('.lw-smoothness-legend')).color),
    help: rgb(getComputedStyle(root.querySelector('.lw-help')).color),
    bar: bar ? rgb(getComputedStyle(bar).fill) : null,
  };
}"""


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_small_frames_have_a_border_and_the_text_reads_in_both_themes(notebook, lab_server,
                                                                      theme):
    slug = theme.split()[-1].lower()
    page = open_view(notebook, lab_server, f"theme_{slug}.ipynb")
    page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme',"
                  " { theme })", theme)
    dark = slug == "dark"
    page.wait_for_function("(dark) => document.body.dataset.jpThemeLight === String(!dark)",
                           arg=dark)
    shots = os.environ.get("LW_INTERPOLATION_SHOTS")
    try:
        page.wait_for_timeout(500)
        colours = page.evaluate(_COLOURS)
        assert (sum(colours["background"]) / 3 < 80) == dark
        assert colours["borderWidth"] == "1px" and colours["rendering"] == "pixelated"
        assert contrast(colours["border"], colours["background"]) > 1.5, colours
        assert contrast(colours["legend"], colours["background"]) >= 4.5, colours
        assert contrast(colours["help"], colours["background"]) >= 3, colours
        assert contrast(colours["bar"], colours["background"]) >= 3, colours
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 1600})
            page.wait_for_timeout(400)
            strip = page.evaluate(_STRIP)
            assert strip["rootRight"] <= strip["outputRight"] + 1, (width, strip)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.locator(ROOT).screenshot(path=str(Path(shots) / f"{slug}-{width}.png"))
    finally:  # the theme is a setting of the shared server: give the next test the light one
        page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme',"
                      " { theme: 'JupyterLab Light' })")
