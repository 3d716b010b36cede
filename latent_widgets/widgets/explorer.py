"""Explorer: a WebGL map of a latent space that decodes wherever the user clicks."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import traitlets

from latent_widgets._constants import PROJECTION_NAMES
from latent_widgets.figures.explorer import explorer_figure
from latent_widgets.projection.latent_map import LatentMap, MapResult
from latent_widgets.space.latent_space import LatentSpace
from latent_widgets.widgets._arrays import Indices, NDArray
from latent_widgets.widgets._base import LatentWidget, bundle_path, widget_command
from latent_widgets.widgets._status import status, status_from_error
from latent_widgets.widgets.explorer_decoding import ExplorerDecoding
from latent_widgets.widgets.inputs import as_space, check_range, color_from
from latent_widgets.widgets.selection_parts import SelectionParts


class Explorer(ExplorerDecoding, LatentWidget):
    """A map of a latent space: pan, zoom, lasso, hover, and click anywhere to decode.

    Parameters
    ----------
    space : LatentSpace or array-like
        The latents to map, or ``(n, d)`` latents (then ``labels=``, ``class_names=``,
        ``decode=``, ``image_shape=`` and ``thumbnails=`` are passed on to
        `LatentSpace.from_latents`).
    projection : {"umap", "pca"}
        The map shown. PCA appears at once; UMAP is computed in the background (a PCA map is
        shown meanwhile) and replaces it when ready.
    color : "label", None or array-like
        Colour by label (a legend whose entries hide and show their class), or by one number
        per point (a colour bar).
    point_size, opacity : float
        Point appearance: a size of 0.5 to 64 pixels, an opacity of 0.02 to 1.
    height : int
        Height of the map in CSS pixels, 120 to 4000.
    n_neighbours : int
        How many nearest data points the decoder panel lists for a decoded latent, 0 to 50.
    decode_on_hover : bool
        Decode continuously under the mouse (latest request wins).
    projection_options : dict, optional
        Keyword arguments per projection, e.g. ``{"umap": {"n_neighbors": 30}}``.
    seed : int
        Seed of the projections.
    decode_in_page : bool
        Decode clicks in the page (the decoder exported to ONNX and run by onnxruntime-web,
        no kernel round trip) when it can; the view falls back to the kernel, and says why
        in its panel and in `decoding`, when it cannot. False: always in the kernel.

    Attributes
    ----------
    selection : numpy.ndarray
        Indices chosen with the lasso or shift-click, live; set it to select from Python
        (indices, or a boolean mask of one value per point; floats, other shapes and indices
        out of range are refused in words). Large selections travel as a bit mask.
    highlight : numpy.ndarray
        Indices another view asks this map to show.
    cycle : numpy.ndarray
        Indices of a loop of points, in order, drawn as a closed path (a persistence
        feature's cycle, set by `latent_widgets.link`).
    rips_edges, rips_lengths, rips_eps
        Edges (pairs of indices) sorted by latent-space length, their lengths, and the scale
        ε: the map draws the edges no longer than ε (the Rips complex of a linked
        Persistence view). ``rips_eps=0`` draws none.
    path, path_current
        Map positions of a path's steps (an Interpolation's, set by `latent_widgets.link`),
        drawn as a line, and the step to mark (-1: none).
    last_click : dict
        ``{"x", "y", "index"}`` of the last click that decoded (``index``: the point under
        the pointer, or -1), for views linked to this map.
    layer : str
        The layer whose latents are mapped (one of ``space.by_layer``); clicks decode while
        it is the decoder's layer (`decode_layer`, ``space.decode_layer``).
    layers : list of str
        The space's layers, for the view's layer selector (read-only).
    decode_layer : str
        The layer the decoder reads ("" without a decoder); the view offers a button back
        to it while the map shows another layer.
    decoding : dict
        Where clicks decode, as the view found it: ``{"path": "page" | "kernel",
        "reason"}`` (empty until the view is shown). The in-page decoder is a snapshot of
        the decoder's weights when the view asked for it.
    decoded_position, decoded_latent, decoded_index
        The last position decoded, its latent, and the data point decoded (a click on a
        point decodes that point's own latent), or -1 for the map's inverse at a position.
        When the map changes (projection or layer) the position follows a decoded point to
        its new place; an inverse's position, which has none there, becomes None.
    """

    _esm = bundle_path("explorer")
    _css = bundle_path("explorer").with_suffix(".css")

    points = NDArray("float32", shape=(None, 2)).tag(sync=True)
    labels = NDArray("int32", shape=(None,), allow_none=True).tag(sync=True)
    class_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    hidden_classes = traitlets.List(traitlets.Int()).tag(sync=True)
    color_mode = traitlets.Enum(("label", "value"), default_value="label").tag(sync=True)
    color_values = NDArray("float32", shape=(None,), allow_none=True).tag(sync=True)
    color_range = traitlets.List(traitlets.Float()).tag(sync=True)
    point_size = traitlets.Float(4.0).tag(sync=True)
    opacity = traitlets.Float(0.8).tag(sync=True)
    height = traitlets.Int(480).tag(sync=True)
    selection = Indices(count=lambda widget: widget.space.n).tag(sync=True)
    highlight = Indices(count=lambda widget: widget.space.n).tag(sync=True)
    cycle = Indices(count=lambda widget: widget.space.n, ordered=True).tag(sync=True)
    rips_edges = NDArray("int32", shape=(None, 2)).tag(sync=True)
    rips_lengths = NDArray("float32", shape=(None,)).tag(sync=True)
    rips_eps = traitlets.Float(0.0).tag(sync=True)
    layer = traitlets.Unicode("").tag(sync=True)
    layers = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    path = NDArray("float32", shape=(None, 2)).tag(sync=True)
    path_current = traitlets.Float(-1.0).tag(sync=True)
    #: The last click on the map: {"x", "y", "index" (the point under it, or -1), "n"}.
    last_click = traitlets.Dict()
    has_decoder = traitlets.Bool(False).tag(sync=True)
    decode_layer = traitlets.Unicode("").tag(sync=True)
    #: Why clicks do not decode, in words ("" when they do).
    decoder_note = traitlets.Unicode("").tag(sync=True)
    has_thumbnails = traitlets.Bool(False).tag(sync=True)
    decode_on_hover = traitlets.Bool(False).tag(sync=True)
    n_neighbours = traitlets.Int(6).tag(sync=True)
    projection = traitlets.Enum(PROJECTION_NAMES, default_value="pca").tag(sync=True)
    #: The one status shape (`status`) plus the map on screen and the one being computed:
    #: {state, message, progress, traceback, "shown", "trustworthiness", "seconds",
    #:  "computing", "started"}; `status` mirrors its first four.
    projection_state = traitlets.Dict().tag(sync=True)
    decoded_position = traitlets.List(traitlets.Float(), allow_none=True, default_value=None)
    decoded_latent = NDArray("float32", shape=(None,), allow_none=True)
    decoded_index = traitlets.Int(-1)
    decode_ms = traitlets.Float(0.0)
    #: Where clicks decode, as the view found it: {"path": "page" or "kernel", "reason"}.
    decoding = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        space: LatentSpace | Any,
        *,
        projection: str = "umap",
        color: Any = "label",
        point_size: float = 4.0,
        opacity: float = 0.8,
        height: int = 480,
        n_neighbours: int = 6,
        decode_on_hover: bool = False,
        projection_options: dict[str, dict] | None = None,
        seed: int = 0,
        labels: Any = None,
        class_names: Sequence[str] | None = None,
        decode: Any = None,
        image_shape: Any = None,
        thumbnails: np.ndarray | None = None,
        decode_in_page: bool = True,
    ) -> None:
        self.space = as_space(space, labels=labels, class_names=class_names, decode=decode,
                              image_shape=image_shape, thumbnails=thumbnails)
        if not isinstance(projection, str) or projection.lower() not in PROJECTION_NAMES:
            raise ValueError(
                f"projection must be one of {', '.join(PROJECTION_NAMES)}; got {projection!r}"
            )
        self._seed, self._options = seed, projection_options
        self._decode_in_page = bool(decode_in_page)
        self._decode_layer = self.space.decode_layer or ""
        # The space's shared maps: a second Explorer on it reuses what this one computes.
        self.map = self.space.latent_map(seed=seed, options=projection_options)
        first = self.map.compute("pca")  # at once: the map shown while UMAP computes
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._selection_parts = SelectionParts()  # a large selection from the view
        super().__init__(
            **self._initial_traits(first, color),
            point_size=point_size,
            opacity=opacity,
            height=height,
            n_neighbours=n_neighbours,
            decode_on_hover=decode_on_hover,
        )
        self.on_msg(self._page_message)
        self.projection = projection.lower()  # starts UMAP in the background if asked

    def _initial_traits(self, first: MapResult, color: Any) -> dict[str, Any]:
        """The traits the view starts with: the PCA map ``first``, the colours, the space's
        labels and decoder, nothing selected or drawn over the map."""
        mode, values, value_range = color_from(color, self.space)
        nothing = {name: np.zeros(0, np.int32) for name in ("selection", "highlight", "cycle")}
        return {
            **nothing,
            "points": first.points,
            "labels": self.space.labels,
            "class_names": self.space.class_names,
            "color_mode": mode,
            "color_values": values,
            "color_range": value_range,
            "has_decoder": self._decodes(self.space.layer),
            "decode_layer": self._decode_layer,
            "decoder_note": self._decoder_note(self.space.layer),
            "has_thumbnails": self.space.thumbnails is not None,
            "path": np.zeros((0, 2), np.float32),
            "rips_edges": np.zeros((0, 2), np.int32),
            "rips_lengths": np.zeros(0, np.float32),
            "layer": self.space.layer,
            "projection": "pca",
            "projection_state": self._state_of(first),
        }

    # -- projections --------------------------------------------------------------------

    @staticmethod
    def _state_of(result: MapResult) -> dict:
        return {
            **status("ready"),
            "shown": result.name,
            "trustworthiness": round(result.trustworthiness, 4),
            "seconds": round(result.seconds, 3),
        }

    @traitlets.observe("projection_state")
    def _mirror_status(self, change: dict) -> None:
        self.status = {key: change["new"].get(key) for key in status("ready")}

    @traitlets.observe("projection")
    def _projection_changed(self, change: dict) -> None:
        name = change["new"]
        cached = self.map.cached(name)
        if cached is None and name == "pca":  # PCA is quick: show it at once
            cached = self.map.compute(name)
        if cached is not None:
            self._show(cached)
            return
        self.projection_state = {
            **self.projection_state,
            **status("computing", f"computing the {name.upper()} map of {self.space.n:,} points…"),
            "computing": name,
            "started": time.time() * 1000.0,
        }
        worker = threading.Thread(target=self._compute, args=(name, self.map), daemon=True)
        self._worker = worker
        worker.start()

    def _compute(self, name: str, latent_map: LatentMap) -> None:
        try:
            result = latent_map.compute(name)
        except Exception as exc:  # shown in the view; the map on screen stays
            with self._lock:
                self.projection = self.shown_projection  # back to the map on screen
                self.projection_state = {
                    **self.projection_state,
                    **status_from_error(exc, f"{name.upper()} failed: {type(exc).__name__}"),
                }
            return
        with self._lock:
            if self.projection == name and self.map is latent_map:  # not switched away since
                self._show(result)

    def _show(self, result: MapResult) -> None:
        with self.hold_sync():  # the state first: observers of points read shown_projection
            self.projection_state = self._state_of(result)
            self.points = result.points

    @traitlets.default("layers")
    def _space_layers(self) -> list[str]:
        return list(self.space.by_layer)

    @traitlets.observe("points")
    def _follow_decoded(self, change: dict) -> None:
        """A new map: the decoded point's position there, or None for an inverse's."""
        if self.decoded_position is not None:
            index = self.decoded_index
            self.decoded_position = ([float(v) for v in change["new"][index]]
                                     if 0 <= index < len(change["new"]) else None)

    @traitlets.validate("layer")
    def _valid_layer(self, proposal: dict) -> str:
        name = proposal["value"]
        if name not in self.space.by_layer:
            raise traitlets.TraitError(
                f"no latents for layer {name!r}: captured {', '.join(self.space.by_layer)}"
            )
        return name

    @traitlets.observe("layer")
    def _layer_changed(self, change: dict) -> None:
        name = change["new"]
        if not change["old"]:  # set by the constructor
            return
        latent_map = self.space.latent_map(name, seed=self._seed, options=self._options)
        with self._lock:
            self.map = latent_map
            self._show(self.map.compute("pca"))  # the new layer's map at once, never the old
        self.has_decoder = self._decodes(name)
        self.decoder_note = self._decoder_note(name)
        self._projection_changed({"new": self.projection})

    def wait_for_projection(self, timeout: float = 120.0) -> Explorer:
        """Block until the map being computed is shown (for scripts and tests)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
            if worker.is_alive():
                raise TimeoutError(f"the {self.projection} map took longer than {timeout} s")
        return self

    @property
    def shown_projection(self) -> str:
        """The projection whose map is on screen."""
        return self.projection_state.get("shown", "pca")

    def _picture(self) -> np.ndarray:
        """The map as drawn: the shown classes' points in their colours."""
        from latent_widgets.figures.snapshot import map_picture

        shown = np.ones(len(self.points), bool)
        if self.labels is not None and self.hidden_classes:
            shown = ~np.isin(self.labels, self.hidden_classes)
        labels = None if self.labels is None else self.labels[shown]
        return map_picture(self.points[shown], labels, height=min(self.height, 480))

    def to_html(self, path: str | Path, *, max_points: int | None = None,
                title: str = "latent_widgets: a latent map") -> Path:
        """Write the map as one self-contained HTML file that works with no kernel.

        The file holds the view, its state, every map computed so far, and (when the
        decoder can run in the page) the decoder as an ONNX model with onnxruntime-web:
        opened from ``file://`` with no network, the map pans, zooms, hovers and lassoes, and
        a click decodes. Its top line says what it holds (points, model, date, size).

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write the file.
        max_points : int, optional
            At most this many points: a larger map is subsampled at random (seeded), and the
            file says so.
        title : str
            The page's title.

        Returns
        -------
        pathlib.Path
            ``path``.
        """
        from latent_widgets.widgets.export import explorer_html

        return explorer_html(self, path, max_points=max_points, title=title)

    # -- values set from Python ---------------------------------------------------------

    #: (low, high, integer) of every number trait a person may set.
    RANGES = {"point_size": (0.5, 64.0, False), "opacity": (0.02, 1.0, False),
              "height": (120, 4000, True), "n_neighbours": (0, 50, True),
              "rips_eps": (0.0, 1e30, False)}

    @traitlets.validate(*RANGES)
    def _valid_number(self, proposal: dict) -> float | int:
        name = proposal["trait"].name
        try:
            return check_range(proposal["value"], name, *self.RANGES[name][:2],
                               integer=self.RANGES[name][2])
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("path_current")
    def _valid_step(self, proposal: dict) -> float:
        last = max(len(self.path) - 1, -1)
        try:
            return check_range(proposal["value"], "path_current", -1.0, float(last))
        except ValueError as exc:
            raise traitlets.TraitError(f"{exc} (-1: none; the path has {len(self.path)} "
                                       "steps)") from None

    @traitlets.validate("color_values")
    def _valid_colors(self, proposal: dict) -> np.ndarray | None:
        values = proposal["value"]
        if values is None:
            return None
        if len(values) != self.space.n:
            raise traitlets.TraitError(
                f"color_values must hold one value per point ({self.space.n:,}), got "
                f"{len(values):,}; explorer.color_by(values) scales any numbers"
            )
        if not np.isfinite(values).all() or values.min() < 0 or values.max() > 1:
            raise traitlets.TraitError(
                "color_values must be finite and scaled to [0, 1]: use "
                "explorer.color_by(values) to colour by any numbers (with their colour bar)"
            )
        return values

    def color_by(self, color: Any) -> Explorer:
        """Colour the points by label (``"label"`` or None) or by one number per point.

        Numbers are scaled to the colour map, and the colour bar shows their range; NaN,
        inf and another length are refused. Returns self.
        """
        mode, values, value_range = color_from(color, self.space)
        with self.hold_sync():
            self.color_values, self.color_range, self.color_mode = values, value_range, mode
        return self

    # -- selection ----------------------------------------------------------------------

    @widget_command
    def _select_command(self, request: dict) -> dict:
        """A selection made in the view (packed as `indices_to_json` packs it, in parts
        when large: `selection_parts`): the reply confirms it arrived, so that the view can
        say when it did not."""
        whole = self._selection_parts.add(request, self.space.n)
        if whole is None:
            return {"received": int(request.get("part", 0))}
        self.selection = whole
        return {"count": int(len(self.selection))}

    @traitlets.validate("hidden_classes")
    def _valid_classes(self, proposal: dict) -> list[int]:
        codes = sorted(set(int(c) for c in proposal["value"]))
        bad = [c for c in codes if not 0 <= c < len(self.class_names)]
        if bad:
            raise traitlets.TraitError(
                f"hidden_classes {bad} are not classes: use 0..{len(self.class_names) - 1}"
            )
        return codes

    # -- output -------------------------------------------------------------------------

    def figure(self, **kwargs: Any) -> Any:
        """The map as shown (projection, colours, hidden classes, selection) as a Figure.

        Keyword arguments go to `explorer_figure`.
        """
        return explorer_figure(
            self.points,
            labels=self.labels,
            class_names=self.class_names,
            hidden_classes=self.hidden_classes,
            color_values=self.color_values,
            color_range=self.color_range,
            selection=self.selection,
            marker=self.decoded_position,
            title=f"{self.shown_projection.upper()} map of {self.space.n:,} latents",
            point_size=self.point_size,
            opacity=self.opacity,
            **kwargs,
        )
