"""Decoder outputs and input tensors → RGBA uint8 frames the views draw with ``putImageData``.

No PNG encoding: a frame is an ``(H, W, 4)`` uint8 array that travels as raw bytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _to_numpy(image: Any) -> np.ndarray:
    if hasattr(image, "detach"):  # a torch tensor, on any device
        image = image.detach().cpu().numpy()
    return np.asarray(image)


def _scale_to_uint8(values: np.ndarray) -> np.ndarray:
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


def to_rgba(image: Any, image_shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Convert one image to an RGBA uint8 frame.

    Parameters
    ----------
    image : array-like or torch.Tensor
        ``(H, W)``, ``(H, W, C)`` or ``(C, H, W)`` with C in 1, 3, 4, or a flat vector
        when ``image_shape`` is given. Values in [0, 1], [-1, 1] or 0–255; uint8 as is.
    image_shape : tuple of int, optional
        The shape to give a flat vector, for example ``(28, 28)``.

    Returns
    -------
    numpy.ndarray
        ``(H, W, 4)`` uint8, C-contiguous.

    Raises
    ------
    ValueError
        When the array cannot be read as an image, with the shape that would fix it.
    """
    array = _to_numpy(image)
    if image_shape is not None:
        if array.size != int(np.prod(image_shape)):
            raise ValueError(
                f"cannot reshape {array.size} values to image_shape {tuple(image_shape)}"
            )
        array = array.reshape(image_shape)
    if array.ndim == 3 and array.shape[0] in (1, 3, 4) and array.shape[-1] not in (1, 3, 4):
        array = np.moveaxis(array, 0, -1)  # channels first → channels last
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim == 2:
        gray = _scale_to_uint8(array)
        rgb = np.repeat(gray[..., None], 3, axis=-1)
        alpha = np.full(gray.shape + (1,), 255, dtype=np.uint8)
        return np.ascontiguousarray(np.concatenate([rgb, alpha], axis=-1))
    if array.ndim == 3 and array.shape[-1] in (3, 4):
        colour = _scale_to_uint8(array)
        if colour.shape[-1] == 3:
            alpha = np.full(colour.shape[:2] + (1,), 255, dtype=np.uint8)
            colour = np.concatenate([colour, alpha], axis=-1)
        return np.ascontiguousarray(colour)
    raise ValueError(
        f"cannot draw an array of shape {array.shape} as an image: give (H, W), (H, W, 3), "
        "(3, H, W) or a flat vector with image_shape=(H, W)"
    )
