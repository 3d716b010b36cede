"""Colours shared by the views and their matplotlib figures.

`CATEGORY_PALETTE` must equal the list in ``js/src/shared/colors.js`` and
`DIMENSION_COLORS` the ``DIM_COLORS`` of ``js/src/persistence/theme.js``
(tests/unit/test_shared_constants.py checks both).
"""

from __future__ import annotations

CATEGORY_PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
]

#: The colormap of numeric colours, by its matplotlib name (the view samples the same one).
NUMERIC_COLORMAP = "viridis"


def category_color(code: int) -> str:
    """Colour of category ``code``; the palette repeats past its end."""
    return CATEGORY_PALETTE[code % len(CATEGORY_PALETTE)]


#: One colour per homology dimension (H0, H1, H2): the first, third and fifth category hues.
DIMENSION_COLORS = [category_color(0), category_color(2), category_color(4)]
