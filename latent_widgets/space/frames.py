"""Decoder outputs and input tensors → RGBA uint8 frames the views draw with ``putImageData``.

A frame is an ``(H, W, 4)`` uint8 array that travels as raw bytes: no PNG encoding on the
hot path. Batches are converted in one vectorised pass, with one value range for the whole
batch, so that frames of one batch are comparable.

Understood per-sample shapes: ``(H, W)``, ``(1|3|4, H, W)``, ``(H, W, 1|3|4)``, a flat
vector with ``image_shape`` (784 → 28×28), and 1-D outputs that are not images, drawn as a
small bar chart (``image_shape="chart"``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from latent_widgets._validation import to_numpy

#: Size of the frame a 1-D output is drawn in.
CHART_HEIGHT, CHART_MIN_WIDTH, CHART_MAX_WIDTH = 48, 64, 192
_CHART_INK = np.array([78, 121, 167, 255], dtype=np.uint8)
_CHART_PAPER = np.array([246, 246, 246, 255], dtype=np.uint8)
_CHART_AXIS = np.array([160, 160, 160, 255], dtype=np.uint8)


def is_image_shape(shape: tuple[int, ...]) -> bool:
    """Whether one sample of this shape looks like an image: ``(H, W)``, ``(1|3, H, W)`` or
    ``(H, W, 1|3)`` with both sides at least 8."""
    if len(shape) == 2:
        return min(shape) >= 8
    if len(shape) == 3:
        channels_first = shape[0] in (1, 3) and min(shape[1:]) >= 8
        channels_last = shape[-1] in (1, 3) and min(shape[:2]) >= 8
        return channels_first or channels_last
    return False


def scale_to_uint8(values: np.ndarray) -> np.ndarray:
    """Map values to 0–255 by their range: [0, 1], [-1, 1], 0–255, else min–max.

    Raises
    ------
    ValueError
        When no value is finite.
    """
    if values.dtype == np.uint8:
        return values
    if values.dtype == bool:
        return values.astype(np.uint8) * 255
    values = values.astype(np.float32, copy=False)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise ValueError("the image holds no finite value (all NaN or inf)")
    low, high = float(finite.min()), float(finite.max())
    if low >= 0.0 and high <= 1.0:
        scaled = values
    elif low >= -1.0 and high <= 1.0:
        scaled = (values + 1.0) / 2.0
    elif low >= 0.0 and high <= 255.0:
        scaled = values / 255.0
    else:  # an unknown range: stretch what is there
        scaled = (values - low) / (high - low if high > low else 1.0)
    scaled = np.nan_to_num(scaled, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(np.rint(scaled * 255.0), 0, 255).astype(np.uint8)


def _channels_last(batch: np.ndarray) -> np.ndarray:
    """(N, H, W) or (N, C, H, W) or (N, H, W, C) → (N, H, W, C); refuse anything else."""
    if batch.ndim == 3:
        return batch[..., None]
    if batch.ndim == 4:
        if batch.shape[1] in (1, 3, 4) and batch.shape[-1] not in (1, 3, 4):
            return np.moveaxis(batch, 1, -1)
        if batch.shape[-1] in (1, 3, 4):
            return batch
    raise ValueError(
        f"cannot draw samples of shape {batch.shape[1:]} as images: give (H, W), (3, H, W), "
        "(H, W, 3), or flat vectors with image_shape=(H, W)"
    )


def _pixels_to_rgba(pixels: np.ndarray) -> np.ndarray:
    """(N, H, W, C) uint8 with C in 1, 3, 4 → (N, H, W, 4)."""
    n, h, w, c = pixels.shape
    if c == 4:
        return np.ascontiguousarray(pixels)
    out = np.empty((n, h, w, 4), dtype=np.uint8)
    out[..., :3] = pixels if c == 3 else pixels[..., :1]
    out[..., 3] = 255
    return out


def chart_frames(values: np.ndarray) -> np.ndarray:
    """Draw 1-D outputs ``(N, L)`` as small bar charts, one RGBA frame each.

    One vertical scale for the whole batch; a zero line when values change sign. Long
    vectors are averaged into as many bins as the frame has columns.
    """
    values = np.nan_to_num(values.astype(np.float32, copy=False))
    n, length = values.shape
    width = int(np.clip(length * 4, CHART_MIN_WIDTH, CHART_MAX_WIDTH))
    if length > width:  # average into `width` bins
        edges = np.linspace(0, length, width + 1).astype(int)
        values = np.add.reduceat(values, edges[:-1], axis=1) / np.diff(edges)
        length = width
    column = (np.arange(width) * length) // width  # value shown in each pixel column
    shown = values[:, column]
    low, high = min(0.0, float(shown.min())), max(0.0, float(shown.max()))
    span = high - low if high > low else 1.0
    rows = CHART_HEIGHT - 1
    baseline = rows - round((0.0 - low) / span * rows)
    level = rows - np.rint((shown - low) / span * rows).astype(int)  # (n, width)
    top, bottom = np.minimum(level, baseline), np.maximum(level, baseline)
    grid = np.arange(CHART_HEIGHT)[None, :, None]
    ink = (grid >= top[:, None, :]) & (grid <= bottom[:, None, :])
    gap = (np.arange(width) * length // width) != ((np.arange(width) + 1) * length // width)
    if length * 3 <= width:  # leave a pixel between bars when they are wide enough
        ink &= ~gap[None, None, :]
    frames = np.broadcast_to(_CHART_PAPER, (n, CHART_HEIGHT, width, 4)).copy()
    frames[:, baseline, :] = _CHART_AXIS
    frames[ink] = _CHART_INK
    return frames


def frames_from_batch(
    batch: Any, image_shape: tuple[int, ...] | str | None = None
) -> np.ndarray:
    """Convert a batch of decoder outputs or inputs to RGBA frames.

    Parameters
    ----------
    batch : array-like or torch.Tensor
        ``N`` samples, the first axis indexing them.
    image_shape : tuple of int or "chart", optional
        The shape of one image, to give flat vectors (``(28, 28)``, ``(3, 32, 32)``), or
        ``"chart"`` to draw 1-D outputs as bar charts.

    Returns
    -------
    numpy.ndarray
        ``(N, H, W, 4)`` uint8, C-contiguous.

    Raises
    ------
    ValueError
        When a sample cannot be read as an image, with the ``image_shape`` that would fix it.
    """
    array = to_numpy(batch)
    if array.ndim == 0:
        raise ValueError("expected a batch of samples, got a scalar")
    n = array.shape[0]
    if isinstance(image_shape, str):
        if image_shape != "chart":
            raise ValueError(f'image_shape must be a tuple or "chart", got {image_shape!r}')
        return chart_frames(array.reshape(n, -1))
    if image_shape is not None:
        per_sample = int(np.prod(array.shape[1:]))
        if per_sample != int(np.prod(image_shape)):
            raise ValueError(
                f"cannot reshape {per_sample} values to image_shape {tuple(image_shape)}"
            )
        array = array.reshape((n, *image_shape))
    if array.ndim == 2:
        length = array.shape[1]
        side = math.isqrt(length)
        if side * side == length and side >= 4:
            raise ValueError(
                f"cannot tell whether {length} values are an image: pass "
                f"image_shape=({side}, {side}) to draw them as one, or image_shape=\"chart\""
            )
        return chart_frames(array)
    if array.ndim == 4 and array.shape[1] in (1, 3, 4) and array.shape[-1] not in (1, 3, 4):
        array = np.moveaxis(array, 1, -1)
    return _pixels_to_rgba(scale_to_uint8(_channels_last(array)))


def to_rgba(image: Any, image_shape: tuple[int, ...] | str | None = None) -> np.ndarray:
    """Convert one image (or one 1-D output) to an RGBA uint8 frame ``(H, W, 4)``.

    Same shapes and value ranges as `frames_from_batch`, for a single sample.
    """
    array = to_numpy(image)
    if image_shape is None and array.ndim == 1:
        raise ValueError(
            f"cannot draw {array.size} values as an image: pass image_shape=(H, W), or "
            'image_shape="chart" to draw them as a bar chart'
        )
    return frames_from_batch(array[None], image_shape)[0]


def thumbnails(frames: np.ndarray, max_side: int = 32) -> np.ndarray:
    """Shrink RGBA frames ``(N, H, W, 4)`` by block averaging so no side exceeds ``max_side``."""
    n, h, w, _ = frames.shape
    factor = max(1, math.ceil(max(h, w) / max_side))
    if factor == 1:
        return frames
    hh, ww = h // factor, w // factor
    blocks = frames[:, : hh * factor, : ww * factor].reshape(n, hh, factor, ww, factor, 4)
    return np.rint(blocks.mean(axis=(2, 4), dtype=np.float32)).astype(np.uint8)


def frame_recipe(sample_shape: tuple[int, ...],
                 image_shape: tuple[int, ...] | str | None = None) -> dict[str, Any] | None:
    """How `frames_from_batch` draws one output of ``sample_shape``, for code outside Python.

    The page decodes with its own copy of the decoder and draws the raw outputs itself; this
    says which axes are height, width and channels, as `frames_from_batch` reads them. The
    value scaling (`scale_to_uint8`) and the grey/RGB/RGBA rules are the same everywhere.

    Parameters
    ----------
    sample_shape : tuple of int
        The shape of one raw output (without the batch axis).
    image_shape : tuple of int, "chart" or None
        As in `frames_from_batch`.

    Returns
    -------
    dict or None
        ``{"height", "width", "channels", "channels_first"}``; None for outputs drawn as a
        bar chart (or not drawable as an image).
    """
    if isinstance(image_shape, str):
        return None
    shape = tuple(int(v) for v in (image_shape if image_shape is not None else sample_shape))
    if len(shape) == 2:
        return {"height": shape[0], "width": shape[1], "channels": 1, "channels_first": False}
    if len(shape) != 3:
        return None
    if shape[0] in (1, 3, 4) and shape[-1] not in (1, 3, 4):
        return {"height": shape[1], "width": shape[2], "channels": shape[0],
                "channels_first": True}
    if shape[-1] in (1, 3, 4):
        return {"height": shape[0], "width": shape[1], "channels": shape[2],
                "channels_first": False}
    return None
