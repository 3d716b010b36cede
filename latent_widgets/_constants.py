"""Constants the Python side and the JS views share, read from ``constants.json``.

The views import the same file (``js/src/shared/constants.js``), so a palette, a list of
methods or a limit is written once; tests on both sides check that each reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

_RAW = json.loads((Path(__file__).with_name("constants.json")).read_text(encoding="utf-8"))

CATEGORY_PALETTE: list[str] = list(_RAW["category_palette"])
NUMERIC_COLORMAP: str = _RAW["numeric_colormap"]
#: One colour per homology dimension (H0, H1, H2), as codes into the category palette.
DIMENSION_PALETTE_CODES: tuple[int, ...] = tuple(_RAW["dimension_palette_codes"])
PROJECTION_NAMES: tuple[str, ...] = tuple(key for key, _ in _RAW["projections"])
PERSISTENCE_VIEWS: tuple[str, ...] = tuple(key for key, _ in _RAW["persistence_views"])
INTERPOLATION_METHODS: tuple[str, ...] = tuple(key for key, *_ in _RAW["interpolation_methods"])
MIN_STEPS: int = int(_RAW["min_steps"])
MAX_STEPS: int = int(_RAW["max_steps"])
SELECTION_PART_BYTES: int = int(_RAW["selection_part_bytes"])
