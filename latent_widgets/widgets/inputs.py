"""What the widgets accept from Python: a space or latents, colours, numbers in range.

Each check raises ValueError in words that name the fix; the widgets turn it into a
TraitError, so a refused value leaves the trait, and the view, as they were.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from latent_widgets._validation import to_numpy
from latent_widgets.space.latent_space import LatentSpace


def as_space(data: Any, **given: Any) -> LatentSpace:
    """A LatentSpace as given, or one built from ``(n, d)`` latents and keyword arguments.

    Keyword arguments left at None are not given: a widget passes all of its own through.
    """
    kwargs = {key: value for key, value in given.items() if value is not None}
    if isinstance(data, LatentSpace):
        if kwargs:
            raise TypeError(
                f"{', '.join(sorted(kwargs))} belong to the LatentSpace: pass them to it, "
                "not to the Explorer"
            )
        return data
    return LatentSpace.from_latents(data, **kwargs)


def color_from(value: Any, space: LatentSpace) -> tuple[str, np.ndarray | None, list[float]]:
    """Resolve ``color=``: ``"label"``, None, or one number per point.

    Returns the name shown on the colour bar, values scaled to [0, 1] (or None for
    categorical colours) and the original range.
    """
    if value is None or (isinstance(value, str) and value == "label"):
        return "label", None, []
    if isinstance(value, str):
        raise ValueError(f'color must be "label", None or one number per point; got {value!r}')
    values = to_numpy(value)
    if values.ndim != 1 or len(values) != space.n:
        raise ValueError(
            f"color must hold one number per point ({space.n}); got shape {values.shape}"
        )
    if not np.issubdtype(values.dtype, np.number):
        raise ValueError(
            "color= takes numbers; give categories as labels= to the LatentSpace instead"
        )
    values = values.astype(np.float64)
    if not np.isfinite(values).all():
        bad = np.flatnonzero(~np.isfinite(values))
        raise ValueError(f"color holds {bad.size} NaN or inf values (indices {bad[:5].tolist()})")
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high > low else np.full_like(values, 0.5)
    return "value", scaled.astype(np.float32), [low, high]


def check_range(value: Any, name: str, low: float, high: float, *, integer: bool = False,
                ) -> float | int:
    """A finite number in ``[low, high]`` (an integer when ``integer``), or ValueError.

    Parameters
    ----------
    value : number
    name : str
        The trait's name, for the message.
    low, high : float
        The range allowed, both ends included.
    integer : bool
        Refuse non-integers.
    """
    if isinstance(value, (bool, np.bool_, np.complexfloating)) or not isinstance(
            value, (int, float, np.number)):
        raise ValueError(f"{name} must be a number, got {type(value).__name__}")
    if isinstance(value, (int, np.integer)):
        number: float | int = int(value)  # Python ints: compared exactly, never overflow
    else:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{name} must be finite, got {value!r}")
        if integer and not number.is_integer():
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r}")
    if integer:
        return int(number)
    try:
        return float(number)
    except OverflowError:
        raise ValueError(f"{name} is too large, got {value!r}") from None
