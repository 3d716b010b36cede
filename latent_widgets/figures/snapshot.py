"""Small pictures of the views as PNG, for front ends that cannot run them.

A widget's output carries one of these next to its live view (``image/png`` in its MIME
bundle): JupyterLab and Notebook 7 show the live view, and ``jupyter nbconvert --to html``
of a notebook whose widget state was not saved shows the picture instead of an empty
output. They are drawn with numpy and written by matplotlib's ``imsave`` (Pillow, no figure),
in 2 to 25 ms for the shapes demo's views (66 ms for a map of 100,000 points), because they
are made every time a widget is displayed; a matplotlib figure of a view (its ``figure()``)
took 160 to 340 ms, 7 to 140 times as long, too much to add to every display
(``benchmarks/bench_static_pictures.py``; ``benchmarks/README.md``, "Static pictures").
"""

from __future__ import annotations

import io

import numpy as np

from latent_widgets.figures.colors import CATEGORY_PALETTE, DIMENSION_COLORS

PAPER = np.array([255, 255, 255, 255], np.uint8)
INK = np.array([120, 120, 120, 255], np.uint8)


def rgb(color: str) -> np.ndarray:
    """``#rrggbb`` → RGBA uint8."""
    value = color.lstrip("#")
    return np.array([int(value[i : i + 2], 16) for i in (0, 2, 4)] + [255], np.uint8)


def to_png(image: np.ndarray) -> bytes:
    """An ``(H, W, 4)`` uint8 image as PNG bytes (``matplotlib.image.imsave``: Pillow under
    it, no figure and no pyplot)."""
    from matplotlib.image import imsave

    buffer = io.BytesIO()
    imsave(buffer, np.ascontiguousarray(image), format="png")
    return buffer.getvalue()


def _canvas(width: int, height: int) -> np.ndarray:
    return np.broadcast_to(PAPER, (height, width, 4)).copy()


def _dots(image: np.ndarray, x: np.ndarray, y: np.ndarray, colors: np.ndarray,
          radius: int = 1) -> None:
    """Squares of side ``2 radius + 1`` at pixel columns ``x`` and rows ``y``."""
    height, width = image.shape[:2]
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            col, row = np.clip(x + dx, 0, width - 1), np.clip(y + dy, 0, height - 1)
            image[row, col] = colors


def map_picture(points: np.ndarray, labels: np.ndarray | None, width: int = 480,
                height: int = 360, margin: int = 12) -> np.ndarray:
    """The map: each point a dot in its class colour (the first palette colour without
    labels), the map fitted to the picture with its aspect kept."""
    image = _canvas(width, height)
    points = np.asarray(points, np.float64)
    finite = np.isfinite(points).all(axis=1)
    if not finite.any():
        return image
    low, high = points[finite].min(axis=0), points[finite].max(axis=0)
    span = max(float((high - low).max()), 1e-12)
    scale = min(width - 2 * margin, height - 2 * margin) / span
    centre = (low + high) / 2
    x = np.rint(width / 2 + (points[finite, 0] - centre[0]) * scale).astype(int)
    y = np.rint(height / 2 - (points[finite, 1] - centre[1]) * scale).astype(int)
    palette = np.stack([rgb(c) for c in CATEGORY_PALETTE])
    codes = np.zeros(len(points), int) if labels is None else np.asarray(labels, int)
    _dots(image, x, y, palette[codes[finite] % len(palette)])
    return image


def diagram_picture(features: np.ndarray, size: int = 240, margin: int = 14) -> np.ndarray:
    """A persistence diagram: the diagonal, and each feature (dimension, birth, death) a dot
    in its dimension's colour; features that never die on the top edge."""
    image = _canvas(size, size)
    features = np.asarray(features, np.float64).reshape(-1, 3)
    finite = features[np.isfinite(features[:, 2]), 1:]
    top = max(float(finite.max()) if finite.size else 1.0, 1e-12)
    inner = size - 2 * margin
    step = np.arange(inner)
    image[size - margin - step, margin + step] = INK  # the diagonal, birth = death
    if not len(features):
        return image
    births = features[:, 1]
    deaths = np.where(np.isfinite(features[:, 2]), features[:, 2], top)
    x = np.rint(margin + births / top * (inner - 1)).astype(int)
    y = np.rint(size - margin - deaths / top * (inner - 1)).astype(int)
    colors = np.stack([rgb(DIMENSION_COLORS[min(int(d), len(DIMENSION_COLORS) - 1)])
                       for d in features[:, 0]])
    _dots(image, x, y, colors, radius=2)
    return image


def strip_picture(frames: np.ndarray, height: int = 64, gap: int = 4) -> np.ndarray:
    """Frames side by side on white, each enlarged by a whole factor (nearest pixel) to at
    most ``height`` rows; frames taller than that stay as they are."""
    frames = np.asarray(frames, np.uint8)
    if frames.ndim != 4 or not len(frames):
        return _canvas(height, height)
    n, h, w = frames.shape[:3]
    factor = max(1, height // h)
    big = frames.repeat(factor, axis=1).repeat(factor, axis=2)
    rows, cols = big.shape[1:3]
    image = _canvas(n * cols + (n - 1) * gap, rows)
    for k in range(n):
        image[:, k * (cols + gap): k * (cols + gap) + cols] = big[k]
    return image


def stacked(images: list[np.ndarray], gap: int = 8) -> np.ndarray:
    """Pictures one under another, left-aligned, on white."""
    width = max(image.shape[1] for image in images)
    height = sum(image.shape[0] for image in images) + gap * (len(images) - 1)
    out, row = _canvas(width, height), 0
    for image in images:
        out[row: row + image.shape[0], : image.shape[1]] = image
        row += image.shape[0] + gap
    return out
