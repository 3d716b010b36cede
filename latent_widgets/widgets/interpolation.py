"""Interpolation: paths between latent points, decoded live, scrubbed, traversed, exported."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import traitlets

from latent_widgets._constants import MAX_STEPS, MIN_STEPS
from latent_widgets._validation import as_indices
from latent_widgets.figures.interpolation import path_figure
from latent_widgets.paths import (
    METHODS,
    DataGraph,
    class_vector,
    path_through,
    polyline_at,
)
from latent_widgets.space.latent_space import LatentSpace
from latent_widgets.space.traversal import traversal_axes
from latent_widgets.widgets._arrays import NDArray
from latent_widgets.widgets._base import (
    LatentWidget,
    after_reply,
    bundle_path,
    widget_command,
)
from latent_widgets.widgets._status import status
from latent_widgets.widgets.export import FileExport
from latent_widgets.widgets.inputs import as_space, check_range
from latent_widgets.widgets.interpolation_export import save_gif, save_strip
from latent_widgets.widgets.page_decoding import PageRuntimeCommand


def frame_distances(frames: np.ndarray) -> np.ndarray:
    """Root-mean-square difference of consecutive RGB frames, in [0, 1] units."""
    if len(frames) < 2:
        return np.zeros(0, np.float32)
    rgb = frames[..., :3].astype(np.float32) / 255.0
    return np.sqrt(((rgb[1:] - rgb[:-1]) ** 2).mean(axis=(1, 2, 3))).astype(np.float32)


class Interpolation(FileExport, PageRuntimeCommand, LatentWidget):
    """Paths between two or more latent points, decoded as a strip, scrubbed and exported.

    Parameters
    ----------
    space : LatentSpace or array-like
        The latents and their decoder (or ``(n, d)`` latents with ``decode=`` etc.). Paths
        run through the latents of the layer the decoder reads (``space.decode_layer``).
    anchors : sequence, optional
        Data indices (ints) or latent vectors to pass through, in order.
    method : {"linear", "slerp", "data"}
        Straight segments, spherical interpolation, or shortest paths through the
        k-nearest-neighbour graph of the data's latents (the path stays on the data).
    steps : int
        Frames per segment between consecutive anchors (both ends included).
    n_neighbours : int
        k of the data graph for ``method="data"``.
    decode_in_page : bool
        Let the scrubber decode in the page (the decoder exported to ONNX and run by
        onnxruntime-web, no kernel round trip) when it can; otherwise, or with False, it
        decodes in the kernel, and the view says which and why (`decoding`).

    Attributes
    ----------
    anchors : numpy.ndarray
        ``(k, d)`` latents of the anchors; assign indices or latents to change them.
    path : numpy.ndarray
        ``(m, d)`` latents of the path's steps.
    frames : numpy.ndarray
        ``(m, H, W, 4)`` RGBA frames, the decoded path.
    smoothness : numpy.ndarray
        Distance between consecutive frames; jumps above `smoothness_threshold` are where
        the path leaves the data.
    decoding : dict
        Where the scrubber decodes, as the view found it: ``{"path": "page" | "kernel",
        "reason"}`` (empty until the view is shown).
    """

    _esm = bundle_path("interpolation")
    _file_title = "latent_widgets: a decoded path"
    _css = bundle_path("interpolation").with_suffix(".css")

    anchor_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    method = traitlets.Enum(METHODS, default_value="linear").tag(sync=True)
    steps = traitlets.Int(8).tag(sync=True)
    frames = NDArray("uint8", shape=(None, None, None, 4)).tag(sync=True)
    smoothness = NDArray("float32", shape=(None,)).tag(sync=True)
    smoothness_threshold = traitlets.Float(0.0).tag(sync=True)
    current = traitlets.Float(0.0).tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
    picking = traitlets.Bool(True).tag(sync=True)
    linked = traitlets.Bool(False).tag(sync=True)
    axis_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    axis_ranges = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    axis_variances = traitlets.List(traitlets.Float()).tag(sync=True)
    axis_shares = traitlets.List(traitlets.Float()).tag(sync=True)
    axis_order = traitlets.Unicode("").tag(sync=True)
    traverse_origin = traitlets.Unicode("").tag(sync=True)
    class_names = traitlets.List(traitlets.Unicode()).tag(sync=True)

    # indices or latents in, (k, d) float32 latents out: checked by _valid_anchors
    anchors = traitlets.Any()
    path = NDArray("float32", shape=(None, None)).tag(sync=True)
    #: Where the scrubber decodes, as the view found it: {"path": "page" or "kernel",
    #: "reason"}.
    decoding = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        space: LatentSpace | Any,
        anchors: Any = None,
        *,
        method: str = "linear",
        steps: int = 8,
        n_neighbours: int = 10,
        labels: Any = None,
        class_names: Any = None,
        decode: Any = None,
        image_shape: Any = None,
        decode_in_page: bool = True,
    ) -> None:
        self.space = as_space(space, labels=labels, class_names=class_names, decode=decode,
                              image_shape=image_shape)
        self._decode_in_page = bool(decode_in_page)
        # the decoder's layer: paths are made of latents the decoder takes
        self._latents = self.space.decode_latents
        self._dim = self._latents.shape[1]
        self.n_neighbours = int(n_neighbours)
        self._graph: DataGraph | None = None
        self._lock = threading.RLock()
        self._names: list[str] | None = None
        self._ready = False
        axes = traversal_axes(self._latents)
        self._axes = axes.vectors
        d = self._dim
        super().__init__(
            method=method,
            steps=steps,
            anchors=np.zeros((0, d), np.float32),
            path=np.zeros((0, d), np.float32),
            frames=np.zeros((0, 1, 1, 4), np.uint8),
            smoothness=np.zeros(0, np.float32),
            axis_names=axes.names,
            axis_ranges=[list(r) for r in axes.ranges],
            axis_variances=axes.variances,
            axis_shares=axes.shares,
            axis_order=axes.order,
            class_names=list(self.space.class_names) if self.space.labels is not None else [],
            status=status("ready"),
        )
        self._ready = True
        if anchors is not None:
            self.anchors = anchors
        else:
            self._recompute()

    # -- anchors ------------------------------------------------------------------------

    def _name_of(self, index: int) -> str:
        labels = self.space.labels
        label = "" if labels is None else f" ({self.space.class_names[labels[index]]})"
        return f"#{index}{label}"

    @traitlets.validate("anchors")
    def _valid_anchors(self, proposal: dict) -> np.ndarray:
        value = proposal["value"]
        as_array = np.asarray(value) if np.size(value) else np.zeros(0)
        if as_array.dtype == bool:
            raise traitlets.TraitError("anchors must be data indices (ints) or latents, not "
                                       "True/False values")
        if as_array.ndim == 1 and as_array.dtype.kind in "iu":  # data indices, in order
            try:
                indices = as_indices(as_array, self.space.n, "anchors", ordered=True)
            except ValueError as exc:
                raise traitlets.TraitError(f"anchors are not data points: {exc}") from None
            self._names = [self._name_of(int(i)) for i in indices]
            value = self._latents[indices]
        latents = np.asarray(value, dtype=np.float32) if np.size(value) else \
            np.zeros((0, self._dim), np.float32)
        if latents.ndim == 1 and latents.size == self._dim:
            latents = latents[None]  # one latent
        if latents.ndim != 2 or latents.shape[1] != self._dim:
            raise traitlets.TraitError(
                f"anchors must be data indices (ints) or latents of shape (k, {self._dim});"
                f" got shape {latents.shape}"
            )
        if not np.isfinite(latents).all():
            raise traitlets.TraitError("anchors hold NaN or inf: give finite latents")
        return latents

    @traitlets.observe("anchors")
    def _anchors_changed(self, change: dict) -> None:
        names = self._names
        self._names = None
        if names is None or len(names) != len(self.anchors):
            names = [f"latent {i + 1}" for i in range(len(self.anchors))]
        self.anchor_names = names
        if self._ready:
            self._recompute()

    def add_anchor(self, index: int | None = None, latent: Any = None, name: str = "") -> None:
        """Append an anchor: a data point by ``index``, or a ``latent`` vector."""
        if (index is None) == (latent is None):
            raise ValueError("give either index= (a data point) or latent= (a vector)")
        if index is not None:
            if not 0 <= int(index) < self.space.n:
                raise ValueError(f"{index} is not a data point: use 0..{self.space.n - 1}")
            latent, name = self._latents[int(index)], name or self._name_of(int(index))
        latent = np.asarray(latent, dtype=np.float32).reshape(1, -1)
        if latent.shape[1] != self._dim:
            raise ValueError(f"a latent has {self._dim} numbers here, got {latent.shape[1]}")
        names = [*self.anchor_names, name or f"latent {len(self.anchor_names) + 1}"]
        self._set_anchors(np.vstack([self.anchors, latent]), names)

    def _set_anchors(self, latents: np.ndarray, names: list[str]) -> None:
        self._names = list(names)
        self.anchors = latents

    # -- the path -----------------------------------------------------------------------

    @traitlets.validate("steps")
    def _valid_steps(self, proposal: dict) -> int:
        try:
            return check_range(proposal["value"], "steps", MIN_STEPS, MAX_STEPS, integer=True)
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.observe("current")
    def _scrubbed(self, change: dict) -> None:
        self._check_page_decoder()  # the page scrubs with the decoder it was sent

    @traitlets.validate("current")
    def _valid_current(self, proposal: dict) -> float:
        last = max(len(self.path) - 1, 0)
        try:
            return check_range(proposal["value"], "current", 0.0, float(last))
        except ValueError as exc:
            raise traitlets.TraitError(f"{exc} (the path has {len(self.path)} steps)") from None

    @traitlets.observe("method", "steps")
    def _path_settings_changed(self, change: dict) -> None:
        if self._ready:
            self._recompute()

    def _data_graph(self) -> DataGraph:
        if self._graph is None:
            self._graph = DataGraph(self._latents, self.n_neighbours)
        return self._graph

    def _recompute(self) -> None:
        """Path, frames and smoothness from the anchors; errors go to `status`."""
        with self._lock:
            if len(self.anchors) < 2:
                with self.hold_sync():
                    self.path = np.zeros((0, self._dim), np.float32)
                    self.frames = np.zeros((0, 1, 1, 4), np.uint8)
                    self.smoothness = np.zeros(0, np.float32)
                    self.current = 0.0
                    self.traverse_origin = self._origin_text()
                return
            try:
                graph = self._data_graph() if self.method == "data" else None
                path, _ = path_through(self.anchors, self.steps, self.method, graph)
                frames = self._decode(path)
            except Exception as exc:  # shown in the view; the last path stays
                self.show_error(exc)
                return
            distances = frame_distances(frames)
            with self.hold_sync():
                self.path = path.astype(np.float32)
                self.frames = frames
                self.smoothness = distances
                self.smoothness_threshold = (
                    float(3.0 * np.median(distances)) if len(distances) else 0.0
                )
                self.current = float(min(self.current, len(path) - 1))
                self.traverse_origin = self._origin_text()
                self._set_status("ready", self._summary(path))

    def _summary(self, path: np.ndarray, method: str | None = None) -> str:
        how = {"linear": "straight segments", "slerp": "spherical interpolation",
               "data": f"along the data ({self.n_neighbours}-nearest-neighbour graph)"}
        through = f"{len(path)} steps through {len(self.anchors)} anchors"
        return f"{through}, {how[method or self.method]}"

    def _decode(self, latents: np.ndarray) -> np.ndarray:
        return self.space.decode(np.asarray(latents, dtype=np.float32))

    # -- scrubbing, traversal, class arithmetic ----------------------------------------

    def latent_at(self, t: float) -> np.ndarray:
        """The latent at fractional step ``t`` of the path."""
        if len(self.path) == 0:
            raise ValueError("no path yet: give two or more anchors")
        return polyline_at(self.path, t).astype(np.float32)

    @widget_command
    def _scrub_command(self, request: dict) -> dict:
        t = float(request["t"])
        frame = self._decode(self.latent_at(t)[None])[0]
        position = float(np.clip(t, 0, len(self.path) - 1))
        after_reply(lambda: setattr(self, "current", position))  # the view shows it already
        return {"t": t, "step": int(round(t)), "frame": frame}

    def _origin(self) -> np.ndarray:
        if len(self.path):
            return self.path[int(round(self.current))]
        if len(self.anchors):
            return self.anchors[0]
        return self._latents.mean(axis=0)

    def _origin_text(self) -> str:
        if len(self.path):
            return "the scrubber's step of the path"
        if len(self.anchors):
            return f"anchor {self.anchor_names[0]}"
        return "the mean of the data"

    def traverse(self, values: Any) -> np.ndarray:
        """The latent at the traversal origin moved by ``values`` along the traversal axes."""
        values = np.asarray(values, dtype=np.float64).ravel()
        if values.size != len(self._axes):
            raise ValueError(f"give one value per axis ({len(self._axes)}), got {values.size}")
        return (self._origin() + values @ self._axes).astype(np.float32)

    @widget_command
    def _traverse_command(self, request: dict) -> dict:
        return {"frame": self._decode(self.traverse(request["values"])[None])[0]}

    def class_arithmetic(self, from_class: int | str, to_class: int | str, scale: float = 1.0,
                         *, replace: bool = False) -> str:
        """Add the point: current point + scale·(mean(to) − mean(from)), as a new anchor.

        Parameters
        ----------
        from_class, to_class : int or str
            Class codes or names (``space.class_names``).
        scale : float
            How far to move along the difference of the class means.
        replace : bool
            False (the default): the result is appended to the anchors as the last one (all
            others kept). True: the path becomes the two anchors current point → result.

        Returns
        -------
        str
            What happened, in words (also shown in the view's status line).
        """
        labels = self.space.labels
        if labels is None:
            raise ValueError("class arithmetic needs labels: give the LatentSpace labels=")
        names = list(self.space.class_names)
        codes = [self._class_code(c, names) for c in (from_class, to_class)]
        vector = class_vector(self._latents, labels, *codes)
        origin, origin_name = self._origin().astype(np.float64), self._origin_name()
        result = origin + float(scale) * vector
        name = f"{origin_name} + {float(scale):g} × ({names[codes[1]]} − {names[codes[0]]})"
        kept = len(self.anchors)
        if replace or kept == 0:
            self._set_anchors(np.vstack([origin, result]), [origin_name, name])
            before = ("" if kept == 0 else "; the anchor before was replaced" if kept == 1
                      else f"; the {kept} anchors before were replaced")
            note = f"Class arithmetic: a new path from {origin_name} to {name}{before}"
        else:
            self._set_anchors(np.vstack([self.anchors, result]), [*self.anchor_names, name])
            others = "the anchor before it is" if kept == 1 else f"the {kept} anchors before it are"
            note = (f"Class arithmetic added anchor {kept + 1}, {name}, at the end of the path;"
                    f" {others} kept (✕ removes it)")
        if self.status.get("state") == "error":
            return f"{note}; but the path could not be computed (see the status line)"
        self._set_status("ready", f"{note}. {self.status.get('message', '')}".strip())
        return note

    def _class_code(self, value: int | str, names: list[str]) -> int:
        if isinstance(value, str):
            if value not in names:
                raise ValueError(f"no class {value!r}: the classes are {', '.join(names)}")
            return names.index(value)
        code = int(value)
        if not 0 <= code < len(names):
            raise ValueError(f"class {code} does not exist: use 0..{len(names) - 1} or a name")
        return code

    def _origin_name(self) -> str:
        if len(self.path):
            return f"step {int(round(self.current))}"
        if len(self.anchors):
            return str(self.anchor_names[0])
        return "the mean of the data"

    @widget_command
    def _class_command(self, request: dict) -> dict:
        note = self.class_arithmetic(int(request["from"]), int(request["to"]),
                                     float(request.get("scale", 1.0)),
                                     replace=bool(request.get("replace", False)))
        return {"note": note, "anchors": list(self.anchor_names)}

    @widget_command
    def _anchors_command(self, request: dict) -> dict:
        action, latents, names = request["action"], self.anchors, list(self.anchor_names)
        if action == "clear":
            self._set_anchors(np.zeros((0, self._dim), np.float32), [])
            return {}
        i = int(request["index"])
        if not 0 <= i < len(latents):
            raise IndexError(f"anchor {i} does not exist: there are {len(latents)}")
        order = list(range(len(latents)))
        if action == "remove":
            order.pop(i)
        elif action in ("up", "down"):
            j = i - 1 if action == "up" else i + 1
            if 0 <= j < len(order):
                order[i], order[j] = order[j], order[i]
        else:
            raise ValueError(f"unknown anchor action {action!r}: up, down, remove or clear")
        self._set_anchors(latents[order], [names[k] for k in order])
        return {}

    # -- export -------------------------------------------------------------------------

    def _picture(self) -> np.ndarray:
        """The strip of decoded frames."""
        from latent_widgets.figures.snapshot import strip_picture

        return strip_picture(self.frames)

    def to_png(self, path: str | Path, height: int = 96) -> Path:
        """Save the strip of decoded frames as a PNG; returns the path."""
        return save_strip(self._frames_or_error(), path, height)

    def to_gif(self, path: str | Path, fps: float = 8.0, height: int = 192) -> Path:
        """Save the path as an animated GIF, one frame per step; returns the path."""
        return save_gif(self._frames_or_error(), path, fps, height)

    def figure(self, **kwargs: Any) -> Any:
        """The strip and the smoothness trace as a matplotlib Figure."""
        return path_figure(self._frames_or_error(), self.smoothness,
                           self.smoothness_threshold, title=self.status.get("message", ""),
                           **kwargs)

    def _frames_or_error(self) -> np.ndarray:
        if len(self.frames) == 0:
            raise ValueError("no path to export: give two or more anchors first")
        return self.frames
