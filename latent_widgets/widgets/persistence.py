"""Persistence: diagrams and barcodes of a latent space, a scale slider, cycles, layers."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import traitlets

from latent_widgets._constants import PERSISTENCE_VIEWS
from latent_widgets.figures.persistence import persistence_figure
from latent_widgets.space.latent_space import LatentSpace
from latent_widgets.topology.anytime import anytime_persistence
from latent_widgets.topology.budget import DEFAULT_MEMORY_BUDGET_BYTES, format_seconds
from latent_widgets.topology.feature_table import FeatureTable, feature_table
from latent_widgets.topology.layers import betti_by_layer
from latent_widgets.topology.pca_copy import PCACopy, pca_copy
from latent_widgets.topology.persistence import PersistenceResult
from latent_widgets.topology.persistence import betti as topology_betti
from latent_widgets.topology.stages import dims_text
from latent_widgets.widgets import persistence_checks as checks
from latent_widgets.widgets._arrays import Indices, NDArray
from latent_widgets.widgets._base import (
    LatentWidget,
    bundle_path,
    widget_command,
)
from latent_widgets.widgets.export import FileExport
from latent_widgets.widgets.inputs import as_space
from latent_widgets.widgets.persistence_info import stage_info
from latent_widgets.widgets.persistence_map_check import MapCheckCommands
from latent_widgets.widgets.persistence_scopes import rips_of, scope_indices, scope_options


class Persistence(MapCheckCommands, FileExport, LatentWidget):
    """Persistent homology of a latent space: diagram, barcode, a scale ε, cycles, layers.

    Parameters
    ----------
    space : LatentSpace or array-like
        The latents, or ``(n, d)`` latents (then ``labels=`` and ``class_names=`` are passed
        on to `LatentSpace.from_latents`).
    maxdim : {0, 1, 2}
        Highest homology dimension; setting it later recomputes what is shown.
    time_budget_s : float
        Large sets are computed in stages (H0 at once, then H1 on growing landmark sets),
        planned from cost estimates to end within this many seconds: the same data and
        settings give the same diagrams on any machine (see
        `latent_widgets.topology.anytime.anytime_persistence`; the clock only stops a slow machine
        early, and the notes then say so). `more_landmarks` goes further.
    memory_budget_bytes : float
        No stage may need more (estimated); ``maxdim=2`` on a set where too few landmarks
        fit is refused with the estimate and what to do.
    layer_landmarks : int, optional
        Landmarks per set of the by-layer Betti chart, 2 to the number of points (see
        `latent_widgets.topology.layers`; by default half of each set's points, at most 500).
    view : {"both", "diagram", "barcode"}
        What the widget shows.
    seed : int
        Picks the first landmark (0: point 0); 0 or more.

    Settings are checked when given and when set later (the budgets and the seed apply from
    the next computation): a bad value is refused in words (a TraitError once constructed).

    Attributes
    ----------
    eps, selected_feature : float, int
        The scale ε, from 0 (above `eps_max`, past every finite death, clamped to it), and
        the row of `features` whose cycle is highlighted (-1: none).
    scope, layer : str
        What the diagrams are of (``"all"``, ``"selection"``, ``"class:<code>"``; set it to
        compute that) and the layer used (one of ``space.by_layer``; setting it recomputes).
    result : PersistenceResult
        The diagrams shown (indices in it are into `subset`).
    subset : numpy.ndarray
        Indices into the space of the points the diagrams were computed on.
    highlight, cycle : numpy.ndarray
        The points of the selected H1 feature's cycle (sorted, and in order around it).
    rips_edges, rips_lengths : numpy.ndarray
        Edges (indices into the space) of the Rips complex of up to 400 landmarks and their
        lengths, ascending: a linked map draws those shorter than `eps` when `map_edges`.
    map_edges : bool
        Whether a linked map draws the Rips edges at `eps`; off at first (at the suggested
        scale they would cover the map), on once ε is moved, and a checkbox in the view.
    map_check : dict
        The answer of `check_map` ({} before it, and again once the layer or the points
        computed on change): ``summary``, ``details`` and ``about`` (the set it is about).
    selection : numpy.ndarray
        Indices selected in a linked Explorer (offered as a scope). Like `highlight` and
        `cycle`, it takes indices or a boolean mask of one value per point; floats, other
        shapes and indices out of range are refused in words.
    """

    _esm = bundle_path("persistence")
    _file_title = "latent_widgets: persistent homology"
    _css = bundle_path("persistence").with_suffix(".css")

    features = NDArray("float32", shape=(None, 3)).tag(sync=True)
    has_cycle = NDArray("uint8", shape=(None,)).tag(sync=True)
    selected_feature = traitlets.Int(-1).tag(sync=True)
    eps = traitlets.Float(0.0).tag(sync=True)
    eps_max = traitlets.Float(1.0).tag(sync=True)
    error_bound = traitlets.Float(0.0).tag(sync=True)
    maxdim = traitlets.Int(1).tag(sync=True)
    info = traitlets.Dict().tag(sync=True)
    view = traitlets.Enum(PERSISTENCE_VIEWS, default_value="both").tag(sync=True)
    scopes = traitlets.List(traitlets.Dict()).tag(sync=True)
    scope = traitlets.Unicode("all").tag(sync=True)
    layer_chart = traitlets.Dict().tag(sync=True)
    layer = traitlets.Unicode("").tag(sync=True)
    map_check = traitlets.Dict().tag(sync=True)
    map_edges = traitlets.Bool(False).tag(sync=True)

    selection = Indices(count=lambda widget: widget.space.n)
    highlight = Indices(count=lambda widget: widget.space.n)
    cycle = Indices(count=lambda widget: widget.space.n, ordered=True)
    time_budget_s = traitlets.Float(5.0)
    memory_budget_bytes = traitlets.Float(float(DEFAULT_MEMORY_BUDGET_BYTES))
    layer_landmarks = traitlets.Int(None, allow_none=True)
    seed = traitlets.Int(0)
    rips_edges = NDArray("int32", shape=(None, 2))
    rips_lengths = NDArray("float32", shape=(None,))

    def __init__(
        self,
        space: LatentSpace | Any,
        maxdim: int = 1,
        *,
        time_budget_s: float = 5.0,
        memory_budget_bytes: float = DEFAULT_MEMORY_BUDGET_BYTES,
        layer_landmarks: int | None = None,
        view: str = "both",
        seed: int = 0,
        labels: Any = None,
        class_names: Any = None,
    ) -> None:
        self.space = as_space(space, labels=labels, class_names=class_names)
        given = dict(maxdim=maxdim, time_budget_s=time_budget_s, seed=seed,
                     memory_budget_bytes=memory_budget_bytes, layer_landmarks=layer_landmarks)
        settings = {name: checks.check_setting(name, value, self.space.n)  # ValueError
                    for name, value in given.items()}
        self.result: PersistenceResult | None = None
        self.subset = np.arange(self.space.n, dtype=np.int64)
        self.map_points = None  # set by link(): () -> the linked map's (n, 2) points
        self._table = FeatureTable(np.zeros((0, 3), np.float32), [], 1.0)
        self._stage_name = ""
        self._scope_arg: Any = "all"
        self._scope_text = ""
        self._computed_text = "all points"  # the set the result on show was computed on
        self._eps_chosen_by_user = False
        self._by_kernel = checks.KernelSets()  # values the kernel sets: not a person's choice
        self._ready = False  # observers wait for the constructor to finish
        self._lock = threading.RLock()
        self._generation = 0
        self._next_generation = 0
        self._worker: threading.Thread | None = None
        self._chart_worker: threading.Thread | None = None
        self._reduction: PCACopy | None = None
        self._points = np.zeros((0, 1), np.float32)  # what the diagrams were computed on
        super().__init__(
            **settings,
            view=view,
            layer=self.space.layer,
            selection=np.zeros(0, np.int32),
            highlight=np.zeros(0, np.int32),
            cycle=np.zeros(0, np.int32),
            rips_edges=np.zeros((0, 2), np.int32),
            rips_lengths=np.zeros(0, np.float32),
            features=np.zeros((0, 3), np.float32),
            has_cycle=np.zeros(0, np.uint8),
        )
        self._ready = True
        self._refresh_scopes()
        self.compute("all", background=True)  # the first stage (H0) runs here, at once
        if len(self.space.by_layer) > 1:
            self._chart_worker = threading.Thread(target=self._compute_layer_chart, daemon=True)
            self._chart_worker.start()

    # -- what to compute ------------------------------------------------------------------

    @property
    def latents(self) -> np.ndarray:
        """The latents of the layer shown."""
        return self.space.by_layer[self.layer]

    def _scope_indices(self, scope: Any) -> tuple[str, np.ndarray, str]:
        return scope_indices(self.space, self.selection, scope)

    def compute(self, scope: Any = "all", *, background: bool = True,
                pca: int | None = None) -> Persistence:
        """Compute the homology of ``scope`` and show it; returns self.

        Parameters
        ----------
        scope : "all", "selection", "class:<code>" or array of indices
            The points: all of them, a linked Explorer's selection, one class, or indices (or
            a boolean mask; floats and indices out of range are refused in words).
        background : bool
            Compute the first stage now and the others in a thread (progress in `status`);
            False computes every stage before returning.
        pca : int, optional
            Compute on a copy of the points in their top ``pca`` principal directions
            (`latent_widgets.topology.pca_copy`): landmarks cover it more finely, so its bounds are
            smaller; ``info["reduction"]`` says what the copy distorts.
        """
        key, indices, text = self._scope_indices(scope)
        if indices.size < 2:
            raise ValueError(f"{text} are too few for homology: choose at least 2 points")
        points, reduction = self.latents[indices], None
        if pca is not None:
            reduction = pca_copy(points, int(pca), seed=self.seed)
            points = reduction.points
            text = f"a PCA copy ({reduction.k} of {reduction.dims} dims) of {text}"

        def stages(generation: int):
            return anytime_persistence(
                points, self.maxdim, time_budget_s=self.time_budget_s,
                memory_budget_bytes=self.memory_budget_bytes, seed=self.seed,
                should_stop=lambda: generation != self._generation,
            )

        context = (indices, text, points, reduction)
        self._start(stages, context, background, scope=key)
        return self

    def more_landmarks(self, *, background: bool = True) -> Persistence:
        """Recompute on twice as many landmarks (every point at most), past the time budget:
        the bound falls (shown as it comes, ε stays where it is); returns self.

        Raises
        ------
        ValueError
            When the diagrams are exact already, or the memory budget does not allow it
            (the message says what to raise).
        """
        offer = (self.info.get("offers") or {}).get("more") if self.result is not None else None
        if offer is None:
            raise ValueError("these diagrams use every point (bound 0): more landmarks cannot "
                             "make them more accurate")
        if not offer["fits"]:
            raise ValueError(offer["why"])
        context = (self.subset, self._scope_text, self._points, self._reduction)

        def stages(generation: int):
            return anytime_persistence(
                self._points, self.maxdim, time_budget_s=None, landmarks=[offer["landmarks"]],
                memory_budget_bytes=self.memory_budget_bytes, seed=self.seed,
                should_stop=lambda: generation != self._generation,
            )

        waiting = (f"computing {dims_text(self.maxdim)} on {offer['landmarks']:,} landmarks "
                   f"(at most about {format_seconds(offer['seconds'])})…")
        self._start(stages, context, background, scope=None, waiting=waiting)
        return self

    def _start(self, make_stages, context, background, scope, waiting="") -> None:
        """Run the stages of ``make_stages(generation)``: the first at once (it raises, in
        words, before anything shown changes) unless ``waiting`` says what runs instead."""
        with self._lock:
            self._next_generation += 1
            generation = self._next_generation
        stages = make_stages(generation)
        started = time.perf_counter()
        first = None if waiting else next(stages)
        with self._lock:
            self._generation = generation  # from now on, older computations are stale
        self._set_status("computing", waiting or f"computing the homology of {context[1]}…", 0.0)
        if scope is not None:
            self._scope_arg = context[0] if scope == "indices" else scope
            with self._by_kernel():
                self._scope_text, self.scope = context[1], scope
            self._refresh_scopes()
        if first is not None:
            self._publish(first, context, generation, started, fresh=True)
        run = (stages, context, generation, started)
        if background:
            self._worker = threading.Thread(target=self._run_stages, args=run, daemon=True)
            self._worker.start()
        else:
            self._run_stages(*run)

    def _run_stages(self, stages, context, generation, started) -> None:
        try:
            for stage in stages:
                self._publish(stage, context, generation, started, fresh=False)
        except Exception as exc:  # shown in the view; the last diagrams stay
            if generation == self._generation:
                self.show_error(exc)
            return
        with self._lock:
            if generation != self._generation:
                return
            seconds = time.perf_counter() - started
            message = f"{self._stage_name} · {seconds:.2g} s"
            if self.info.get("stopped_early"):
                message += " · stopped early by the time ceiling"
            if self.maxdim >= 1 and self._table.count(1) == 0:
                message += " · No H1 features: these points have no loops at any scale."
            self._set_status("ready", message, None)

    def _publish(self, stage, context, generation, started, fresh) -> None:
        indices, text, points, reduction = context
        with self._lock:
            if generation != self._generation:
                return
            result = stage.result
            table = feature_table(result)
            self.result, self.subset, self._table = result, indices, table
            self._points, self._reduction = points, reduction
            self._stage_name, self._computed_text = stage.name, text
            edges, lengths = rips_of(result, indices, points, table.scale_max * 1.05)
            base = {"scope_text": f"Homology of {text}", "layer": self.layer,
                    "linked": self.map_points is not None}
            with self.hold_sync():
                self.features = table.rows
                self.has_cycle = table.has_cycle
                self.error_bound = result.error_bound
                self.eps_max = table.scale_max * 1.05
                if fresh:
                    self._eps_chosen_by_user = False
                if not self._eps_chosen_by_user or not 0 < self.eps <= self.eps_max:
                    with self._by_kernel():
                        self.eps = table.suggested_scale(result.error_bound)
                self.selected_feature = -1
                if self.map_check and self.map_check.get("key") != self._check_key():
                    self.map_check = {}  # about other points or another layer: no longer true
                self.info = stage_info(result, table, stage=stage, dims=self.latents.shape[1],
                                       memory=self.memory_budget_bytes, reduction=reduction,
                                       base=base)
                progress = min(0.99, max(stage.progress, 0.01))
                self._set_status("computing", f"{stage.name}; more to come…", progress)
            with self.hold_trait_notifications():  # observers see both arrays new
                self.rips_edges, self.rips_lengths = edges, lengths

    @traitlets.validate("eps")
    def _valid_eps(self, proposal: dict) -> float:
        if self._by_kernel.on:
            return proposal["value"]
        return checks.as_trait_error(checks.check_eps, proposal["value"], self.eps_max)

    @traitlets.observe("eps")
    def _eps_changed(self, change: dict) -> None:
        if not self._by_kernel.on:  # the user moved the slider: keep their scale from now on
            self._eps_chosen_by_user = True
            self.map_edges = True  # and show the complex at it on a linked map

    def wait(self, timeout: float = 120.0) -> Persistence:
        """Block until every stage is computed, and the by-layer chart when there is one
        (for scripts and tests); returns self."""
        deadline = time.monotonic() + timeout
        for worker in (self._worker, self._chart_worker):
            if worker is not None:
                worker.join(max(0.0, deadline - time.monotonic()))
                if worker.is_alive():
                    raise TimeoutError(f"the homology took longer than {timeout} s")
        return self

    # -- reactions --------------------------------------------------------------------------

    def _refresh_scopes(self) -> None:
        self.scopes = scope_options(self.space, self.selection, self.scope,
                                    self._scope_text)

    @traitlets.validate(*checks.SETTINGS)
    def _valid_setting(self, proposal: dict) -> Any:
        name, value = proposal["trait"].name, proposal["value"]
        return checks.as_trait_error(checks.check_setting, name, value, self.space.n)

    @traitlets.validate("scope")
    def _valid_scope(self, proposal: dict) -> str:
        if self._by_kernel.on:
            return proposal["value"]
        value = proposal["value"]
        return checks.as_trait_error(checks.check_scope, self.space, self.selection, value)

    @traitlets.observe("maxdim", "scope")
    def _recompute(self, change: dict) -> None:
        """maxdim or scope set: compute (a first stage refused: the value goes back)."""
        if not self._ready or self._by_kernel.on:
            return
        scope = change["new"] if change["name"] == "scope" else self._scope_arg
        try:
            self.compute(scope)
        except ValueError as exc:  # nothing shown has changed
            with self._by_kernel():
                setattr(self, change["name"], change["old"])
            raise traitlets.TraitError(
                f"{change['name']}={change['new']!r} was not applied: {exc}") from None

    @traitlets.observe("selection")
    def _selection_changed(self, change: dict) -> None:
        if self._ready:
            self._refresh_scopes()

    @traitlets.validate("selected_feature")
    def _valid_feature(self, proposal: dict) -> int:
        return checks.as_trait_error(checks.check_feature, proposal["value"], len(self._table.rows))

    @traitlets.observe("selected_feature")
    def _feature_changed(self, change: dict) -> None:
        row = change["new"]
        loop = self._table.cycles[row] if row >= 0 else None
        points = np.zeros(0, np.int32) if loop is None else self.subset[loop].astype(np.int32)
        self.cycle = points
        self.highlight = np.unique(points)

    @traitlets.validate("layer")
    def _valid_layer(self, proposal: dict) -> str:
        return checks.as_trait_error(checks.check_layer, self.space, proposal["value"])

    @traitlets.observe("layer")
    def _layer_changed(self, change: dict) -> None:
        if not self._ready or self._by_kernel.on:
            return
        try:
            self.compute(self._scope_arg)
        except ValueError as exc:  # the old layer's diagrams stay, and so does the layer
            with self._by_kernel():
                self.layer = change["old"]
            self.show_error(exc, f"layer {change['new']!r}")
            return
        if self.layer_chart:
            self.layer_chart = {**self.layer_chart, "active": change["new"]}

    def _compute_layer_chart(self) -> None:
        try:
            chart = betti_by_layer(self.space, maxdim=min(self.maxdim, 1),
                                   landmarks=self.layer_landmarks, seed=self.seed)
            self.layer_chart = {**chart, "active": self.layer}
        except Exception as exc:  # the chart is extra: say why it is missing
            self.layer_chart = {"layers": [], "error": f"{type(exc).__name__}: {exc}"}

    # -- commands ---------------------------------------------------------------------------

    @widget_command
    def _compute_command(self, request: dict) -> dict:
        pca, scope = request.get("pca"), request.get("scope", "all")
        if scope == "indices":  # the chosen points shown now: the view cannot name them
            scope = self._scope_arg
        self.compute(scope, pca=None if pca is None else int(pca))
        return {"started": True}

    @widget_command
    def _more_landmarks_command(self, request: dict) -> dict:
        self.more_landmarks()
        return {"started": True}

    def betti(self, eps: float | None = None) -> np.ndarray:
        """Betti numbers at ``eps`` (default: the slider's ε) of the diagrams shown."""
        eps = self.eps if eps is None else float(eps)
        return topology_betti(self.result.diagrams, eps)

    def _picture(self) -> np.ndarray:
        """The diagram of the features shown."""
        from latent_widgets.figures.snapshot import diagram_picture
        return diagram_picture(self.features)

    def figure(self, view: str = "diagram", **kwargs: Any) -> Any:
        """One view as a matplotlib Figure: ``"diagram"``, ``"barcode"`` or ``"layers"``."""
        return persistence_figure(
            view, self._table.rows, eps=self.eps, error_bound=self.error_bound,
            layer_chart=self.layer_chart, title=self.info.get("scope_text", ""), **kwargs,
        )
