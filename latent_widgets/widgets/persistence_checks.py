"""What the Persistence widget accepts from Python: its settings, the scale ε, a feature, a
scope.

Each check raises ValueError in words that name the fix: the constructor raises it as it is,
and `as_trait_error` turns it into the TraitError of a trait, so that a refused value leaves
the trait, and the view, as they were.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import traitlets

from latent_widgets.widgets.inputs import check_range
from latent_widgets.widgets.persistence_scopes import scope_indices

__all__ = ["SETTINGS", "KernelSets", "as_trait_error", "check_eps", "check_feature",
           "check_layer", "check_scope", "check_setting"]

MAX_SEED = 2**63 - 1


def as_trait_error(check: Callable[..., Any], *args: Any) -> Any:
    """``check(*args)``, its ValueError raised as a TraitError (for ``@traitlets.validate``)."""
    try:
        return check(*args)
    except ValueError as exc:
        raise traitlets.TraitError(str(exc)) from None


def _number(value: Any, name: str, *, integer: bool = False) -> float | int:
    """A finite number (a whole one when ``integer``), or ValueError naming ``name``."""
    return check_range(value, name, -math.inf, math.inf, integer=integer)


def _positive(value: Any, name: str, unit: str, example: str) -> float:
    number = float(_number(value, name))
    if number <= 0:
        raise ValueError(f"{name} must be a positive number of {unit} (e.g. {example}), got "
                         f"{value!r}")
    return number


def _maxdim(value: Any, n: int) -> int:
    try:
        return int(check_range(value, "maxdim", 0, 2, integer=True))
    except ValueError as exc:
        raise ValueError(f"{exc}: 0 (components), 1 (loops) or 2 (voids)") from None


def _layer_landmarks(value: Any, n: int) -> int | None:
    if value is None:
        return None
    try:
        return int(check_range(value, "layer_landmarks", 2, max(n, 2), integer=True))
    except ValueError as exc:
        raise ValueError(f"{exc} (the landmarks per layer of the chart; None: half of each "
                         "layer's points, at most 500)") from None


def _seed(value: Any, n: int) -> int:
    try:
        return int(check_range(value, "seed", 0, MAX_SEED, integer=True))
    except ValueError:
        raise ValueError(f"seed must be a whole number, 0 or more (0: the first landmark is "
                         f"point 0), got {value!r}") from None


#: The checks of the settings, by name: ``check(value, n)`` with ``n`` the space's points.
SETTINGS: dict[str, Callable[[Any, int], Any]] = {
    "maxdim": _maxdim,
    "time_budget_s": lambda value, n: _positive(value, "time_budget_s", "seconds", "5.0"),
    "memory_budget_bytes": lambda value, n: _positive(value, "memory_budget_bytes", "bytes",
                                                      "8e9"),
    "layer_landmarks": _layer_landmarks,
    "seed": _seed,
}


def check_setting(name: str, value: Any, n: int) -> Any:
    """The setting ``name`` (one of `SETTINGS`) checked for a space of ``n`` points."""
    return SETTINGS[name](value, n)


def check_eps(value: Any, eps_max: float) -> float:
    """The scale ε: a finite number from 0; above ``eps_max`` (past every finite death, where
    the Betti numbers no longer change) it is clamped to ``eps_max``."""
    eps = float(_number(value, "eps"))
    if eps < 0:
        raise ValueError(f"eps must be between 0 and {eps_max:g} (eps_max, the slider's "
                         f"range), got {value!r}")
    return min(eps, float(eps_max))


def check_feature(value: Any, count: int) -> int:
    """A row of the features (``count`` of them), or -1 for none."""
    row = int(_number(value, "selected_feature", integer=True))
    if not -1 <= row < count:
        rows = f"0..{count - 1} (a row of features)" if count else "no row: there are no features"
        raise ValueError(f"selected_feature {row} is not a feature: use -1 (none) or {rows}")
    return row


def check_layer(space: Any, name: str) -> str:
    """A layer of ``space`` (one of ``space.by_layer``)."""
    if name not in space.by_layer:
        raise ValueError(f"no latents for layer {name!r}: captured {', '.join(space.by_layer)}")
    return name


def check_scope(space: Any, selection: Any, value: Any) -> str:
    """The key of a scope set as the ``scope`` trait: "all", "selection" or "class:<code>" of
    2 points or more ("indices" come with their points: ``compute(indices)``)."""
    if value == "indices":
        raise ValueError("scope 'indices' needs the points: call persistence.compute(indices) "
                         "to compute on chosen points")
    key, indices, text = scope_indices(space, selection, value)
    if indices.size < 2:
        raise ValueError(f"{text} are too few for homology: choose a scope of at least 2 points")
    return key


class KernelSets(threading.local):
    """``with flag():`` marks the values this thread sets inside as the kernel's own (taken
    as they are, no recomputation); ``flag.on`` says whether it is inside."""

    on = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        before, self.on = self.on, True
        try:
            yield
        finally:
            self.on = before
