"""Memory and time estimates for ripser.py, and the choice of landmarks that fits a budget.

ripser.py's cost depends on the data as much as on the number of points, so the models
below are fitted to the *worst* cases measured (ripser 0.6.15, one core of a 2-core x86_64
machine), not to typical ones; a typical latent set runs well under the estimate.

========================  ====================================================================
part                      model (n = points given to ripser, N = all points, d = columns)
========================  ====================================================================
dense matrices            ``60 n^2`` bytes: float distance matrix, ripser.py's two int64 index
                          grids and H0's sorted edge list (measured 56 n^2 at n = 8,000)
H1 reduction              ``0.7 n^3`` bytes, ``3 s (n/500)^3.4``: evenly spaced points on a
                          circle, the worst set measured (a 1,000-point circle: 585 MB, 24 s;
                          1,000 Gaussian points in 16-D: 94 MB, 0.9 s)
H2 reduction              ``590 MB (n/300)^4.2``, ``10 s (n/300)^4.7``: points on a 2-sphere,
                          the worst set measured (450 points: 3.2 GB, 68 s)
H0 only                   ``1.1 s (n/2000)^2.2``
landmark selection        ``2 m N 8`` bytes (ripser keeps an m x N distance table and copies it),
                          ``m N (40 + 6 d)`` ns (one sklearn distance call per landmark)
representative cycles     ``24 n^2`` bytes (a float32 copy of the matrix and its sorted edges)
========================  ====================================================================

`latent_widgets.topology.stages` models the rest of an anytime computation (picking greedy
landmarks) and plans its stages from these estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MEMORY_BUDGET_BYTES = 2 * 2**30
DEFAULT_TIME_BUDGET_S = 10.0
# Fewer landmarks than this are refused rather than used: a diagram of so few points says
# little about the set (a torus needs a few hundred landmarks before H2 shows).
MIN_LANDMARKS = {0: 50, 1: 50, 2: 150}
_SLACK_BYTES = 64 * 2**20

__all__ = [
    "DEFAULT_MEMORY_BUDGET_BYTES",
    "DEFAULT_TIME_BUDGET_S",
    "MIN_LANDMARKS",
    "Estimate",
    "estimate",
    "fits",
    "largest_count",
    "largest_fitting",
    "plan",
]


@dataclass(frozen=True)
class Estimate:
    """Conservative cost of one ripser.py call.

    Attributes
    ----------
    memory_bytes : int
        Peak memory above what the input already takes.
    time_s : float
        Wall time on one core.
    """

    memory_bytes: int
    time_s: float


def estimate(n_points: int, n_used: int, dim: int, maxdim: int, cycles: bool) -> Estimate:
    """Estimate ripser.py's peak memory and time (see the module docstring for the models).

    Parameters
    ----------
    n_points : int
        Number of points in the set.
    n_used : int
        Points handed to the reduction: ``n_points``, or the number of landmarks.
    dim : int
        Number of columns of the set.
    maxdim : int
        Highest homology dimension computed (0, 1 or 2).
    cycles : bool
        Whether representative H1 cycles are built afterwards.

    Returns
    -------
    Estimate
    """
    n = float(n_used)
    memory = 60.0 * n * n + _SLACK_BYTES
    seconds = 1.1 * (n / 2000.0) ** 2.2
    if maxdim >= 1:
        memory += 0.7 * n**3
        seconds += 3.0 * (n / 500.0) ** 3.4
    if maxdim >= 1 and cycles:
        memory += 24.0 * n * n
    if maxdim >= 2:
        memory += 590e6 * (n / 300.0) ** 4.2
        seconds += 10.0 * (n / 300.0) ** 4.7
    if n_used < n_points:
        # plus a float64 copy of the set (sklearn's upcast chunks; the reordering by seed)
        memory += 2.0 * n * n_points * 8 + n_points * dim * 8
        seconds += n * n_points * (40.0 + 6.0 * dim) * 1e-9
    return Estimate(memory_bytes=int(memory), time_s=seconds)


def fits(cost: Estimate, memory_budget_bytes: float, time_budget_s: float | None) -> bool:
    """Whether ``cost`` is within both budgets (``time_budget_s=None``: no time limit)."""
    if cost.memory_bytes > memory_budget_bytes:
        return False
    return time_budget_s is None or cost.time_s <= time_budget_s


def largest_fitting(
    n_points: int,
    dim: int,
    maxdim: int,
    cycles: bool,
    memory_budget_bytes: float,
    time_budget_s: float | None,
) -> int:
    """Largest number of landmarks (below ``n_points``) whose estimate fits the budgets.

    Parameters
    ----------
    n_points, dim, maxdim, cycles
        As for :func:`estimate`.
    memory_budget_bytes : float
        Memory the call may take.
    time_budget_s : float or None
        Seconds the call may take; None for no limit.

    Returns
    -------
    int
        The count, or 0 when not even two landmarks fit.
    """
    smallest = estimate(n_points, 2, dim, maxdim, cycles)
    if n_points < 3 or not fits(smallest, memory_budget_bytes, time_budget_s):
        return 0
    return largest_count(
        lambda m: fits(estimate(n_points, m, dim, maxdim, cycles), memory_budget_bytes,
                       time_budget_s),
        2, n_points - 1,
    )


def largest_count(fits_at, low: int, high: int) -> int:
    """The largest ``m`` in ``[low, high]`` with ``fits_at(m)``, by bisection; ``fits_at(low)``
    must hold and ``fits_at`` must be monotone (true up to some count, false after)."""
    while low < high:
        mid = (low + high + 1) // 2
        if fits_at(mid):
            low = mid
        else:
            high = mid - 1
    return low


def format_bytes(n_bytes: float) -> str:
    """Bytes in words: ``'1.9 GB'``, ``'310 MB'``."""
    if n_bytes >= 1e11:
        return f"{n_bytes / 1e9:,.0f} GB"
    if n_bytes >= 1e9:
        return f"{n_bytes / 1e9:.1f} GB"
    return f"{n_bytes / 1e6:.0f} MB"


def format_seconds(seconds: float) -> str:
    """Seconds in words: ``'4 s'``, ``'3 min'``, ``'2.5 h'``."""
    if seconds < 120:
        return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.1f} h"


def smallest_stride(n: int, need: int, fits_with_stride) -> int:
    """Smallest power of two k >= 2 with ``fits_with_stride(k)`` (``need`` landmarks of
    ``z[::k]`` fit the budgets), or the first at which ``z[::k]`` has no more than ``need``
    points (subsampling further cannot help)."""
    k = 2
    while n // k > need and not fits_with_stride(k):
        k *= 2
    return k


def _stride_that_fits(n: int, dim: int, maxdim: int, cycles: bool, memory, seconds, need: int):
    """Smallest power of two k such that ``need`` landmarks of ``z[::k]`` fit the budgets."""
    return smallest_stride(n, need, lambda k: largest_fitting(
        -(-n // k), dim, maxdim, cycles, memory, seconds) >= need)


def plan(
    n: int,
    dim: int,
    maxdim: int,
    n_landmarks: int | None,
    memory: float,
    seconds: float | None,
    cycles: bool,
) -> tuple[int, str]:
    """How many points to hand ripser.py, and why landmarks were picked.

    Parameters
    ----------
    n, dim : int
        Shape of the point cloud.
    maxdim : int
        Highest homology dimension asked for.
    n_landmarks : int or None
        The caller's choice; None lets the budgets decide.
    memory : float
        Memory budget in bytes, always enforced.
    seconds : float or None
        Time budget; None means DEFAULT_TIME_BUDGET_S for automatic choices and no check of
        an explicit ``n_landmarks``.
    cycles : bool
        Whether H1 cycles will be built.

    Returns
    -------
    (int, str)
        Points to use (``n`` for all of them) and, when landmarks were picked automatically,
        the reason in words ("" otherwise).

    Raises
    ------
    ValueError
        When ``n_landmarks`` is out of range or over the budgets, or when too few landmarks
        fit the budgets to be meaningful; the message says what to pass instead.
    """
    if n_landmarks is not None:
        return _check_chosen(n, dim, maxdim, int(n_landmarks), memory, seconds, cycles), ""
    return _choose(n, dim, maxdim, memory,
                   DEFAULT_TIME_BUDGET_S if seconds is None else seconds, cycles)


def _check_chosen(
    n: int, dim: int, maxdim: int, m: int, memory: float, seconds: float | None, cycles: bool
) -> int:
    """The caller's ``m`` landmarks when they fit the budgets; else what to pass instead."""
    if not 2 <= m <= n:
        raise ValueError(
            f"n_landmarks={m} must be between 2 and the {n:,} points of z; "
            "pass n_landmarks=None to use every point"
        )
    cost = estimate(n, m, dim, maxdim, cycles)
    if fits(cost, memory, seconds):
        return m
    best = largest_fitting(n, dim, maxdim, cycles, memory, seconds)
    instead = (
        f"pass n_landmarks={best}"
        if best >= 2
        else "subsample first (e.g. z[::"
        f"{_stride_that_fits(n, dim, maxdim, cycles, memory, seconds, m)}])"
    )
    raise ValueError(
        f"maxdim={maxdim} on {m:,} landmarks of {n:,} points needs about "
        f"{format_bytes(cost.memory_bytes)} and {format_seconds(cost.time_s)}, over the "
        f"budget ({format_bytes(memory)}"
        + (f", {format_seconds(seconds)}" if seconds is not None else "")
        + f"); {instead} or raise memory_budget_bytes / time_budget_s"
    )


def _choose(
    n: int, dim: int, maxdim: int, memory: float, seconds: float, cycles: bool
) -> tuple[int, str]:
    """Every point when they fit the budgets, else the most landmarks that do, and why."""
    full = estimate(n, n, dim, maxdim, cycles)
    if fits(full, memory, seconds):
        return n, ""
    why = (
        f"maxdim={maxdim} on all {n:,} points would need about {format_bytes(full.memory_bytes)}"
        f" and {format_seconds(full.time_s)}, over the budget of {format_bytes(memory)} and "
        f"{format_seconds(seconds)}"
    )
    best = largest_fitting(n, dim, maxdim, cycles, memory, seconds)
    if best < MIN_LANDMARKS[maxdim]:
        need = MIN_LANDMARKS[maxdim]
        stride = _stride_that_fits(n, dim, maxdim, cycles, memory, seconds, need)
        raise ValueError(
            f"{why}, and only {best} landmarks fit the budget, too few for H{maxdim} (at least "
            f"{MIN_LANDMARKS[maxdim]}); subsample first (e.g. z[::{stride}]), raise "
            "memory_budget_bytes / time_budget_s"
            + (", or use maxdim=1" if maxdim == 2 else "")
            + (", or use h0_mst(z) for an exact H0" if maxdim == 0 else "")
        )
    return best, f"{why}, so {best:,} landmarks were picked automatically (greedy max-min)"
