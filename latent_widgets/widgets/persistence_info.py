"""What the Persistence view says about a result: the verdict, the offers, the info trait.

The words live here, in Python, so that a script reads the same sentences as the view
(``ph.info["verdict"]``); the view only lays them out. A bar is *certain* (certified) when
it is longer than twice the error bound: it lies outside the shaded band, so it matches a
feature of the full set's diagram, not one the subsampling made.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from latent_widgets.topology.budget import fits, format_bytes, format_seconds
from latent_widgets.topology.feature_table import FeatureTable
from latent_widgets.topology.persistence import PersistenceResult
from latent_widgets.topology.stages import growth_seconds, stage_cost

__all__ = ["certain_counts", "check_about", "check_key", "more_offer", "pca_offer", "verdict"]

NAMES = {1: ("loop", "loops"), 2: ("void", "voids")}
PCA_DIMS = 3  # the PCA copy offered first: few enough axes for landmarks to cover finely


def certain_counts(table: FeatureTable, error_bound: float, maxdim: int) -> list[int]:
    """Certified features of each dimension 1..maxdim."""
    sure = table.certified(error_bound)
    return [int(np.count_nonzero(sure & (table.rows[:, 0] == q))) for q in range(1, maxdim + 1)]


def verdict(table: FeatureTable, error_bound: float, maxdim: int) -> str:
    """One short sentence on what is certain; "" without landmarks or bars of dim >= 1."""
    if maxdim < 1 or error_bound <= 0 or not np.any(table.rows[:, 0] >= 1):
        return ""
    counts = certain_counts(table, error_bound, maxdim)
    if not any(counts):
        what = "loop" if maxdim == 1 else "loop or void"
        return f"No {what} is certain: every bar lies inside the shaded band."
    parts = [f"{c} {NAMES[q][c != 1]}" for q, c in enumerate(counts, start=1) if c]
    return "Certain (outside the shaded band): " + ", ".join(parts) + "."


def more_offer(result: PersistenceResult, dims: int, memory: float) -> dict[str, Any] | None:
    """The next landmark count to try (twice as many, all points at most) and its cost;
    None when the diagrams are exact. ``fits`` is False, with ``why``, when the memory
    budget does not allow it."""
    m, n = len(result.landmarks), int(result.n_points)
    if result.error_bound <= 0 or m >= n:
        return None
    want = min(2 * m, n)
    cost = stage_cost(n, want, dims, result.maxdim, result.maxdim >= 1)
    seconds = growth_seconds(n, dims, max(want - m, 0), setup=False) + cost.time_s
    offer = {"landmarks": want, "seconds": seconds, "fits": True, "why": "",
             "text": f"More landmarks: {want:,} (at most about {format_seconds(seconds)})"}
    if not fits(cost, memory, None):
        offer.update(fits=False, why=(
            f"{want:,} landmarks would need about {format_bytes(cost.memory_bytes)}, over the "
            f"memory budget of {format_bytes(memory)}: raise memory_budget_bytes"))
    return offer


def pca_offer(dims: int, current: int | None) -> dict[str, Any] | None:
    """The PCA copy to offer (k axes of ``dims``), None when the latents have 3 dims or
    fewer (a copy would not cover them more finely)."""
    if dims <= PCA_DIMS:
        return None
    k = current if current is not None else PCA_DIMS
    return {"k": int(k), "dims": int(dims), "max_k": int(dims - 1)}


def stage_info(result: PersistenceResult, table: FeatureTable, *, stage: Any, dims: int,
               memory: float, reduction: Any, base: dict[str, Any]) -> dict[str, Any]:
    """The ``info`` trait of the view for one stage.

    ``dims`` is the latents' dimension, ``reduction`` the `latent_widgets.topology.pca_copy.PCACopy`
    the diagrams were computed on (or None) and ``base`` the scope, layer and linking.
    """
    computed_dims = dims if reduction is None else reduction.k
    return {
        **base,
        "n_points": int(result.n_points),
        "n_landmarks": int(len(result.landmarks)),
        "note": result.note,
        "details": list(result.notes),
        "stopped_early": bool(stage.stopped_early),
        "final": bool(stage.final),
        "verdict": verdict(table, result.error_bound, result.maxdim),
        "certain": certain_counts(table, result.error_bound, result.maxdim),
        "offers": {"more": more_offer(result, computed_dims, memory),
                   "pca": pca_offer(dims, None if reduction is None else reduction.k)},
        "reduction": None if reduction is None else reduction.as_dict(),
    }


def check_key(layer: str, subset: np.ndarray, points: np.ndarray | None = None) -> str:
    """What a map check is computed on, as a short string: the layer, a digest of the points
    (indices into the space) and, when given, of their positions on the map, so a check of
    other points, another layer or another map differs."""
    digest = hashlib.blake2b(np.ascontiguousarray(subset, np.int64).tobytes(), digest_size=8)
    if points is not None:
        digest.update(np.ascontiguousarray(np.asarray(points)[subset], np.float32).tobytes())
    return f"{layer}|{len(subset)}|{digest.hexdigest()}"


def check_about(layer: str, computed: str, subset: np.ndarray, given: bool = False) -> str:
    """The words of what a map check is about, e.g. "About layer 'encoder.3' · class 7 (120
    points): their latents against the map shown". ``computed``: the set the homology was
    computed on, in words (it names the count); ``subset``: those points, whose count is
    said when the words do not; ``given``: the map was passed in, not the one shown."""
    where = f"layer {layer!r} · " if layer else ""
    count = f"{len(subset):,} points"
    what = computed if count in computed else f"{computed} ({count})"
    against = "the points given" if given else "the map shown"
    return f"About {where}{what}: their latents against {against}"
