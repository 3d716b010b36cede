"""Colours shared by the views and their matplotlib figures.

The palette and the dimension colours are read from ``latent_widgets/constants.json``, the
file the views import too (``js/src/shared/constants.js``): one source, no copy to drift.
"""

from __future__ import annotations

from latent_widgets._constants import CATEGORY_PALETTE, DIMENSION_PALETTE_CODES, NUMERIC_COLORMAP

__all__ = ["CATEGORY_PALETTE", "DIMENSION_COLORS", "NUMERIC_COLORMAP", "category_color"]


def category_color(code: int) -> str:
    """Colour of category ``code``; the palette repeats past its end."""
    return CATEGORY_PALETTE[code % len(CATEGORY_PALETTE)]


#: One colour per homology dimension (H0, H1, H2): the first, third and fifth category hues.
DIMENSION_COLORS = [category_color(code) for code in DIMENSION_PALETTE_CODES]
