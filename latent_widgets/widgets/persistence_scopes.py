"""Which points the Persistence widget computes on (its scopes, and the menu of them), and
which of them a linked map joins with Rips edges."""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets._validation import as_indices
from latent_widgets.topology.landmarks import MaxMinLandmarks
from latent_widgets.topology.rips import rips_edges

__all__ = ["RIPS_LANDMARKS", "rips_of", "scope_indices", "scope_options"]

RIPS_LANDMARKS = 400  # points whose Rips edges a linked map draws


def scope_indices(space: Any, selection: np.ndarray, scope: Any) -> tuple[str, np.ndarray, str]:
    """``(key, indices, text)`` of ``scope``: "all", "selection", "class:<code>" or indices
    into ``space`` (a LatentSpace), or a boolean mask of its points (checked as every index
    trait is, `latent_widgets._validation.as_indices`); ValueError in words otherwise."""
    n = space.n
    if not isinstance(scope, str):
        indices = as_indices(scope, n, "scope").astype(np.int64)
        return "indices", indices, f"{indices.size:,} chosen points"
    if scope == "all":
        return "all", np.arange(n, dtype=np.int64), f"all {n:,} points"
    if scope == "selection":
        chosen = np.asarray(selection, dtype=np.int64)
        if chosen.size < 2:
            raise ValueError(
                "the selection holds fewer than 2 points: lasso some points on the linked "
                "Explorer (shift-drag) first"
            )
        return "selection", chosen, f"the selection of {chosen.size:,} points"
    if scope.startswith("class:"):
        labels, digits = space.labels, scope.split(":", 1)[1]
        classes = 0 if labels is None else len(space.class_names)
        code = int(digits) if digits.isascii() and digits.isdigit() else -1
        if not 0 <= code < classes:
            codes = f"class:0..class:{classes - 1}" if classes else "none: the space has no labels"
            raise ValueError(f"{scope!r} is not a class of this space (classes: {codes})")
        members = np.flatnonzero(labels == code)
        name = space.class_names[code]
        return f"class:{code}", members, f"class {name} ({members.size:,} points)"
    raise ValueError(
        f"unknown scope {scope!r}: use 'all', 'selection', 'class:<code>' or indices"
    )


def scope_options(space: Any, selection: np.ndarray, scope: str, scope_text: str) -> list[dict]:
    """The scope menu: all points, the selection (2 points or more), the chosen indices
    when they are shown, and each class of 2 points or more."""
    scopes = [{"key": "all", "text": f"All points ({space.n:,})"}]
    if len(selection) >= 2:
        scopes.append({"key": "selection", "text": f"Selection ({len(selection):,})"})
    if scope == "indices":
        scopes.append({"key": "indices", "text": scope_text})
    labels = space.labels
    if labels is not None:
        counts = np.bincount(labels, minlength=len(space.class_names))
        scopes += [{"key": f"class:{code}", "text": f"Class {name} ({counts[code]:,})"}
                   for code, name in enumerate(space.class_names) if counts[code] >= 2]
    return scopes


def rips_of(result: Any, indices: np.ndarray, points: np.ndarray,
            max_length: float) -> tuple[np.ndarray, np.ndarray]:
    """Rips edges (indices into the space) of up to RIPS_LANDMARKS landmarks of ``result``
    (a PersistenceResult computed on ``points``, the space's ``indices``) no longer than
    ``max_length``, and their lengths, ascending."""
    marks = result.landmarks
    if len(marks) > RIPS_LANDMARKS:
        marks = marks[:RIPS_LANDMARKS]  # greedy order: a prefix covers the set best
        if result.cover_radius == 0.0:  # exact: landmarks in index order, so pick some
            marks = MaxMinLandmarks(points).grow(RIPS_LANDMARKS)
    edges, lengths = rips_edges(points, marks, max_length)
    return indices[edges].astype(np.int32), lengths
