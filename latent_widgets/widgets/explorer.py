"""Explorer: a map of 2-D points that decodes the position the user clicks."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import traitlets

from latent_widgets.images import to_rgba
from latent_widgets.labels import encode_labels
from latent_widgets.widgets.arrays import NDArray
from latent_widgets.widgets.base import LatentWidget, bundle_path, widget_command


class Explorer(LatentWidget):
    """A map of points in 2-D; a click anywhere decodes that position into an image.

    Parameters
    ----------
    points : array-like, shape (n, 2)
        The 2-D positions to draw.
    decode : callable, optional
        ``decode(position)`` with ``position`` a float32 array of shape ``(2,)`` returns an
        image (see `latent_widgets.images.to_rgba` for the shapes understood). Without it the
        map still works and the panel says that no decoder is set.
    labels : array-like, shape (n,), optional
        Integer or string labels, used to colour the points.
    class_names : sequence of str, optional
        Names of integer labels, ``class_names[label]``.
    image_shape : tuple of int, optional
        The shape to give flat decoder outputs, e.g. ``(28, 28)``.

    Examples
    --------
    >>> import numpy as np, latent_widgets as lw
    >>> points = np.random.default_rng(0).normal(size=(100, 2))
    >>> ex = lw.Explorer(points, decode=lambda p: np.outer(p, p))
    """

    _esm = bundle_path("explorer")
    _css = bundle_path("explorer").with_suffix(".css")

    points = NDArray("float32", shape=(None, 2)).tag(sync=True)
    labels = NDArray("int32", shape=(None,), allow_none=True).tag(sync=True)
    class_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    has_decoder = traitlets.Bool(False).tag(sync=True)
    height = traitlets.Int(420, help="Height of the map in CSS pixels.").tag(sync=True)
    #: The last position decoded, in map coordinates (``None`` before the first click).
    decoded_position = traitlets.List(traitlets.Float(), allow_none=True, default_value=None)
    #: How long the last decode took in Python, in milliseconds.
    decode_ms = traitlets.Float(0.0)

    def __init__(
        self,
        points: Any,
        *,
        decode: Callable[[np.ndarray], Any] | None = None,
        labels: Any = None,
        class_names: Sequence[str] | None = None,
        image_shape: tuple[int, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        if decode is not None and not callable(decode):
            raise TypeError(f"decode must be a callable taking a position, got {type(decode)}")
        points = np.asarray(points, dtype=np.float32)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"points must have shape (n, 2), got {points.shape}")
        if not np.isfinite(points).all():
            bad = np.flatnonzero(~np.isfinite(points).all(axis=1))
            raise ValueError(
                f"points hold {bad.size} non-finite rows (first indices {bad[:5].tolist()}); "
                "drop or fix them before drawing"
            )
        codes, names = encode_labels(labels, points.shape[0], class_names)
        self._decode = decode
        self._image_shape = image_shape
        super().__init__(
            points=points,
            labels=codes,
            class_names=names,
            has_decoder=decode is not None,
            **kwargs,
        )

    def decode_at(self, x: float, y: float) -> np.ndarray:
        """Decode the map position ``(x, y)`` to an RGBA frame, as a click in the view does.

        Returns
        -------
        numpy.ndarray
            ``(H, W, 4)`` uint8.

        Raises
        ------
        RuntimeError
            When no decoder was given.
        """
        if self._decode is None:
            raise RuntimeError("no decoder is set: pass decode= to Explorer to decode clicks")
        position = np.array([x, y], dtype=np.float32)
        if not np.isfinite(position).all():
            raise ValueError(f"cannot decode a non-finite position {position.tolist()}")
        start = time.perf_counter()
        frame = to_rgba(self._decode(position), image_shape=self._image_shape)
        self.decode_ms = (time.perf_counter() - start) * 1000.0
        self.decoded_position = [float(x), float(y)]
        return frame

    @widget_command
    def _decode_command(self, request: dict) -> dict:
        x, y = float(request["x"]), float(request["y"])
        return {"x": x, "y": y, "frame": self.decode_at(x, y)}

    @widget_command
    def _echo_command(self, request: dict) -> dict:
        """The floor of a round trip: returns the request as it came, frames included."""
        return request
