"""The class palette: twenty colours that can be told apart, readable on light and dark."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from latent_widgets.figures.colors import CATEGORY_PALETTE, category_color, palette_note  # noqa: E402
from latent_widgets.figures.explorer import explorer_figure  # noqa: E402

WHITE, JUPYTER_DARK = "#ffffff", "#111111"


def rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def linear(color: str) -> np.ndarray:
    c = rgb(color)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(color: str) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour."""
    xyz = np.array([[0.4124564, 0.3575761, 0.1804375],
                    [0.2126729, 0.7151522, 0.0721750],
                    [0.0193339, 0.1191920, 0.9503041]]) @ linear(color)
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    la, lb = (float(linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_the_helpers_give_known_answers():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert lab("#ffffff") == pytest.approx([100, 0, 0], abs=0.01)
    assert lab("#ff0000") == pytest.approx([53.24, 80.09, 67.20], abs=0.05)


def test_twenty_colours_each_far_from_every_other():
    assert len(CATEGORY_PALETTE) >= 20
    assert len(set(CATEGORY_PALETTE)) == len(CATEGORY_PALETTE)
    points = np.array([lab(c) for c in CATEGORY_PALETTE])
    distance = np.linalg.norm(points[:, None] - points[None], axis=-1)
    np.fill_diagonal(distance, np.inf)
    # Tableau 10's own closest pair is 25.9 apart: the added hues keep that distance.
    assert distance.min() >= 25.0, distance.min()


def test_the_added_colours_read_on_white_and_on_jupyterlab_dark():
    for color in CATEGORY_PALETTE[10:]:
        assert min(contrast(color, WHITE), contrast(color, JUPYTER_DARK)) >= 2.0, color
        lightness, a, b = lab(color)
        assert 35 <= lightness <= 72 and np.hypot(a, b) >= 28, color  # not a grey


def test_classes_past_the_palette_reuse_it_and_the_note_says_so():
    size = len(CATEGORY_PALETTE)
    assert category_color(size + 3) == category_color(3)
    assert palette_note(size) == ""
    note = palette_note(size + 3)
    assert f"{size + 3} classes share {size} colours" in note


def test_the_figure_legend_carries_the_note_when_classes_outnumber_the_palette():
    size = len(CATEGORY_PALETTE)
    rng = np.random.default_rng(0)
    points = rng.normal(size=(200, 2))
    labels = np.arange(200) % (size + 2)
    names = [f"c{k}" for k in range(size + 2)]
    figure = explorer_figure(points, labels=labels, class_names=names)
    title = figure.axes[0].get_legend().get_title().get_text()
    assert f"{size + 2} classes share {size} colours" in title
    few = explorer_figure(points, labels=labels % 3, class_names=names[:3])
    assert few.axes[0].get_legend().get_title().get_text() == ""
