"""Helpers for driving an Explorer view on a notebook page."""

from __future__ import annotations

import numpy as np

PADDING = 16  # js/src/explorer/scales.js fitTransform's default


class MapGeometry:
    """The view's data ↔ page transform, computed from the same inputs on the Python side."""

    def __init__(self, points: np.ndarray, box: dict) -> None:
        self.box = box
        lo, hi = points.min(axis=0), points.max(axis=0)
        span = np.maximum(hi - lo, 1e-12)
        self.scale = min(
            (box["width"] - 2 * PADDING) / span[0], (box["height"] - 2 * PADDING) / span[1]
        )
        self.centre = (lo + hi) / 2

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        px = self.box["width"] / 2 + (x - self.centre[0]) * self.scale
        py = self.box["height"] / 2 - (y - self.centre[1]) * self.scale
        return float(self.box["x"] + px), float(self.box["y"] + py)

    def to_data(self, page_x: float, page_y: float) -> tuple[float, float]:
        px, py = page_x - self.box["x"], page_y - self.box["y"]
        return (
            float(self.centre[0] + (px - self.box["width"] / 2) / self.scale),
            float(self.centre[1] - (py - self.box["height"] / 2) / self.scale),
        )


def wait_for_explorer(notebook, variable: str = "explorer") -> MapGeometry:
    """Wait until the Explorer drew all its points; return its geometry on the page."""
    notebook.wait_for(".lw-explorer[data-state='ready'] canvas.lw-map-points[data-points-drawn]")
    points = np.array(notebook.kernel_value(f"{variable}.points.tolist()"), dtype=np.float32)
    drawn = notebook.page.get_attribute("canvas.lw-map-points", "data-points-drawn")
    assert int(drawn) == len(points)
    box = notebook.page.locator("canvas.lw-map-overlay").bounding_box()
    return MapGeometry(points, box)


def frames_drawn(notebook) -> int:
    value = notebook.page.get_attribute("canvas.lw-frame", "data-frames-drawn")
    return int(value or 0)


def click_and_wait_for_frame(notebook, page_x: float, page_y: float) -> None:
    before = frames_drawn(notebook)
    notebook.page.mouse.click(page_x, page_y)
    notebook.page.wait_for_function(
        "(n) => Number(document.querySelector('canvas.lw-frame').dataset.framesDrawn || 0) > n",
        arg=before,
    )


def coloured_fraction_at(notebook, geometry: MapGeometry, points: np.ndarray) -> float:
    """Fraction of `points` whose pixel on the map differs from the map's background."""
    pixels = notebook.canvas_pixels("canvas.lw-map-points")
    ratio = pixels["width"] / geometry.box["width"]
    rgba = np.array(pixels["data"], dtype=np.uint8).reshape(pixels["height"], pixels["width"], 4)
    background = rgba[0, 0, :3].astype(int)
    hits = 0
    for x, y in points:
        page_x, page_y = geometry.to_page(x, y)
        col = int((page_x - geometry.box["x"]) * ratio)
        row = int((page_y - geometry.box["y"]) * ratio)
        hits += int(np.abs(rgba[row, col, :3].astype(int) - background).sum() > 30)
    return hits / len(points)
