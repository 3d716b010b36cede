"""Colours shared by the views and their matplotlib figures.

The palette and the dimension colours are read from ``latent_widgets/constants.json``, the
file the views import too (``js/src/shared/constants.js``): one source, no copy to drift.
"""

from __future__ import annotations

from latent_widgets._constants import CATEGORY_PALETTE, DIMENSION_PALETTE_CODES, NUMERIC_COLORMAP

__all__ = [
    "CATEGORY_PALETTE", "DIMENSION_COLORS", "NUMERIC_COLORMAP", "category_color", "palette_note",
]


def category_color(code: int) -> str:
    """Colour of category ``code``; the palette repeats past its end."""
    return CATEGORY_PALETTE[code % len(CATEGORY_PALETTE)]


def palette_note(class_count: int) -> str:
    """What to tell the reader when ``class_count`` classes outnumber the palette, or "".

    Classes past the palette's end take the colours from its start again, so two classes
    share a colour: the note says which, and that the hover (or the labels) tell them apart.
    """
    size = len(CATEGORY_PALETTE)
    if class_count <= size:
        return ""
    return (f"{class_count} classes share {size} colours: each class past the {size}th has "
            f"the colour of the class {size} places before it")


#: One colour per homology dimension (H0, H1, H2): the first, third and fifth category hues.
DIMENSION_COLORS = [category_color(code) for code in DIMENSION_PALETTE_CODES]
