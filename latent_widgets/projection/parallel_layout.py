"""umap-learn's layout epochs on every core, with the same map whatever the thread count.

A seeded umap-learn optimises its map on one thread: its parallel epoch lets threads move the
same points at once, so that map would change from run to run. At 100,000 points those 200
single-threaded epochs were most of a first map's time (47 of 83 s).

Here the points are split into `BLOCKS` blocks of equal size by where they start (the leaves
of a k-d tree on the initial layout, so that most of a point's neighbours share its block),
and each epoch runs in rounds (`schedule`). In the first round every block, on its own
thread, samples the edges inside it; in each later round the blocks are paired off (a
round-robin tournament, so every two blocks meet once an epoch) and every pair, on its own
thread, samples the edges between its two blocks. Each sampled edge takes umap-learn's step
exactly: both ends pulled together, then its head pushed away from negative samples drawn by
the head's own random state, with the same curve (``a``, ``b``), clipped gradients, sampling
schedule per edge, negative sampling rate and learning-rate decay; edges in the order
umap-learn walks them. The tasks of a round own disjoint points; a negative sample outside
the task's points is read from the positions the epoch started with. No thread reads what
another writes, so the map depends only on the data and the seed: the same on 1, 2 or 16
threads, run after run. (Those positions are at most one epoch old; in umap-learn's parallel
epoch they are whatever another thread last wrote.)
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Iterator
from typing import Any

import numba
import numpy as np
from umap.layouts import clip
from umap.utils import tau_rand_int

__all__ = ["BLOCKS", "blocked_layout", "install_blocked_layout", "optimize_layout_in_blocks",
           "schedule", "spatial_blocks"]

#: Blocks the points are split into. Fixed, so that the map does not depend on the machine;
#: 4 keeps two cores busy with 6.5 % of the edges between blocks (100,000 × 32 latents: 12 %
#: with 8 blocks, 18 % with 16, each crossing edge waiting for its pair's round).
BLOCKS = 4

#: One blocked layout at a time in a process (two fits in two threads, say two Explorers):
#: numba's fallback threading layer, workqueue, aborts on parallel regions entered at once.
_ONE_AT_A_TIME = threading.Lock()

_BLOCKED = threading.local()  # .threads: this thread's fits use the blocked layout on so many


@numba.njit(fastmath=True, cache=True)
def _gap2(x, j, y, k, dim):  # pragma: no cover
    """The squared distance between rows ``x[j]`` and ``y[k]``, the first ``dim`` columns."""
    total = 0.0
    for d in range(dim):
        gap = x[j, d] - y[k, d]
        total += gap * gap
    return total


@numba.njit(fastmath=True, cache=True, inline="always")
def _sample_edge(embedding, before, ranges, edge, head, tail, epochs_per_sample, next_sample,
                 epochs_per_negative, next_negative, random_states, a, b, gamma, alpha,
                 epoch):  # pragma: no cover
    """umap-learn's step for one sampled edge ``j -> k``: both ends pulled together, then
    ``j`` pushed from its negative samples, read from ``embedding`` inside the task's two
    point ranges (``ranges``: low, high, low, high) and from ``before`` outside them."""
    n_points, dim = embedding.shape
    j, k = head[edge], tail[edge]
    dist_squared = _gap2(embedding, j, embedding, k, dim)
    coeff = 0.0
    if dist_squared > 0.0:
        coeff = -2.0 * a * b * dist_squared ** (b - 1.0) / (a * dist_squared**b + 1.0)
    for d in range(dim):
        grad = clip(coeff * (embedding[j, d] - embedding[k, d])) * alpha
        embedding[j, d] += grad
        embedding[k, d] -= grad
    next_sample[edge] += epochs_per_sample[edge]
    negatives = int((epoch - next_negative[edge]) / epochs_per_negative[edge])
    for _ in range(negatives):
        k = tau_rand_int(random_states[j]) % n_points
        if k == j:
            continue
        mine = ranges[0] <= k < ranges[1] or ranges[2] <= k < ranges[3]
        source = embedding if mine else before
        dist_squared = _gap2(embedding, j, source, k, dim)
        if dist_squared <= 0.0:
            continue
        coeff = 2.0 * gamma * b / ((0.001 + dist_squared) * (a * dist_squared**b + 1.0))
        for d in range(dim):
            embedding[j, d] += clip(coeff * (embedding[j, d] - source[k, d])) * alpha
    next_negative[edge] += negatives * epochs_per_negative[edge]


@numba.njit(fastmath=True, parallel=True, cache=True)
def _round(embedding, before, first_task, last_task, task_ranges, task_start, task_edges,
           head, tail, epochs_per_sample, next_sample, epochs_per_negative, next_negative,
           random_states, a, b, gamma, alpha, epoch):  # pragma: no cover
    """One round of an epoch: its tasks in parallel, each task's sampled edges in order."""
    for task in numba.prange(first_task, last_task):
        ranges = task_ranges[task]
        for m in range(task_start[task], task_start[task + 1]):
            edge = task_edges[m]
            if next_sample[edge] <= epoch:
                _sample_edge(embedding, before, ranges, edge, head, tail, epochs_per_sample,
                             next_sample, epochs_per_negative, next_negative, random_states,
                             a, b, gamma, alpha, epoch)


def spatial_blocks(positions: np.ndarray, levels: int) -> np.ndarray:
    """Each point's block among ``2**levels``: the positions split at the median again and
    again, along their widest axis each time (a k-d tree's leaves, of equal sizes)."""
    block_of = np.zeros(len(positions), dtype=np.int64)
    cells = [np.arange(len(positions))]
    for _ in range(levels):
        halves = []
        for rows in cells:
            axis = int(np.argmax(np.ptp(positions[rows], axis=0))) if len(rows) > 1 else 0
            order = rows[np.argsort(positions[rows, axis], kind="stable")]
            halves += [np.sort(order[: len(order) // 2]), np.sort(order[len(order) // 2:])]
        cells = halves
    for block, rows in enumerate(cells):
        block_of[rows] = block
    return block_of


def renumber_by_block(positions: np.ndarray, head: np.ndarray, tail: np.ndarray, levels: int
                      ) -> tuple[np.ndarray, ...]:
    """The points numbered block by block (`spatial_blocks`; in their order inside a block),
    and the edges with them.

    Returns
    -------
    members : numpy.ndarray
        The old number of each new one.
    block_start : numpy.ndarray
        Where each block's new numbers begin, and the count of points last.
    head, tail : numpy.ndarray
        The edges in new numbers, by head (each head's edges in their order).
    order : numpy.ndarray
        The old position of each edge.
    """
    block_of = spatial_blocks(positions, levels)
    members = np.argsort(block_of, kind="stable")
    rank = np.empty(len(positions), dtype=np.int64)
    rank[members] = np.arange(len(positions))
    block_start = np.zeros(2**levels + 1, dtype=np.int64)
    np.cumsum(np.bincount(block_of, minlength=2**levels), out=block_start[1:])
    order = np.argsort(rank[head], kind="stable")
    return members, block_start, rank[head][order], rank[tail][order], order


def schedule(block_start: np.ndarray, head: np.ndarray, tail: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which task of which round samples each edge.

    The first round has one task per block, its edges inside the block; each later round
    pairs the blocks off (a round-robin tournament: every two blocks meet once), one task
    per pair, the edges between the two. Tasks of a round touch disjoint points.

    Returns
    -------
    task_ranges : numpy.ndarray
        ``(tasks, 4)`` int64: the two point ranges of each task (low, high, low, high).
    task_of_edge : numpy.ndarray
        The task of each edge.
    round_start : numpy.ndarray
        Where each round's tasks begin, and the tasks' count last.
    """
    count = len(block_start) - 1
    bounds = np.c_[block_start[:-1], block_start[1:]]
    task_of_pair = np.empty((count, count), dtype=np.int64)
    task_of_pair[np.arange(count), np.arange(count)] = np.arange(count)
    ranges = [np.r_[bounds[i], bounds[i]] for i in range(count)]
    rounds = [0, count]
    circle = list(range(count))
    for _ in range(count - 1):  # the circle method: block 0 stays, the others turn
        for i in range(count // 2):
            one, other = circle[i], circle[count - 1 - i]
            task_of_pair[one, other] = task_of_pair[other, one] = len(ranges)
            ranges.append(np.r_[bounds[one], bounds[other]])
        rounds.append(len(ranges))
        circle = [circle[0], circle[-1], *circle[1:-1]]
    block_of_point = np.repeat(np.arange(count), np.diff(block_start))
    task_of_edge = task_of_pair[block_of_point[head], block_of_point[tail]]
    return np.array(ranges, dtype=np.int64), task_of_edge, np.array(rounds, dtype=np.int64)


def optimize_layout_in_blocks(embedding: np.ndarray, head: np.ndarray, tail: np.ndarray,
                              n_epochs: int, epochs_per_sample: np.ndarray, a: float,
                              b: float, rng_state: np.ndarray, gamma: float = 1.0,
                              initial_alpha: float = 1.0, negative_sample_rate: float = 5.0,
                              blocks: int = BLOCKS) -> np.ndarray:
    """Optimise ``embedding`` in place over a symmetric graph, block by block in parallel.

    Parameters
    ----------
    embedding : numpy.ndarray
        ``(n_points, dim)`` float32 initial positions; moved in place.
    head, tail : numpy.ndarray
        The graph's edges, both directions of each, as umap-learn passes them.
    n_epochs : int
        Epochs to run.
    epochs_per_sample : numpy.ndarray
        umap-learn's sampling period of each edge (``make_epochs_per_sample``).
    a, b : float
        The map's curve ``1 / (1 + a d^(2b))``.
    rng_state : numpy.ndarray
        umap-learn's three int64 seed words, drawn from the fit's random state.
    gamma, initial_alpha, negative_sample_rate : float
        Repulsion weight, first learning rate and negative samples per positive one.
    blocks : int
        A power of two: how many blocks the points are split into.

    Returns
    -------
    numpy.ndarray
        ``embedding``, optimised.
    """
    levels = int(np.log2(blocks))
    if 2**levels != blocks:
        raise ValueError(f"blocks must be a power of two; got {blocks}")
    n_points = embedding.shape[0]
    # each point's own random state, as umap-learn seeds its per-point states
    random_states = np.full((n_points, len(rng_state)), rng_state, dtype=np.int64) + (
        embedding[:, 0].astype(np.float64).view(np.int64).reshape(-1, 1))
    members, block_start, head, tail, order = renumber_by_block(embedding, head, tail, levels)
    epochs_per_sample = np.asarray(epochs_per_sample, dtype=np.float64)[order]
    epochs_per_negative = epochs_per_sample / negative_sample_rate
    next_negative = epochs_per_negative.copy()
    next_sample = epochs_per_sample.copy()
    task_ranges, task_of_edge, round_start = schedule(block_start, head, tail)
    task_edges = np.argsort(task_of_edge, kind="stable")  # each task's edges, in order
    task_start = np.zeros(len(task_ranges) + 1, dtype=np.int64)
    np.cumsum(np.bincount(task_of_edge, minlength=len(task_ranges)), out=task_start[1:])
    positions = np.ascontiguousarray(embedding[members])
    random_states = random_states[members]
    for epoch in range(n_epochs):
        alpha = initial_alpha * (1.0 - max(epoch - 1, 0) / float(n_epochs))  # as umap-learn
        before = positions.copy()
        for first, last in zip(round_start[:-1], round_start[1:], strict=True):
            _round(positions, before, first, last, task_ranges, task_start, task_edges, head,
                   tail, epochs_per_sample, next_sample, epochs_per_negative, next_negative,
                   random_states, float(a), float(b), float(gamma), alpha, epoch)
    embedding[members] = positions
    return embedding


@contextlib.contextmanager
def blocked_layout(threads: int) -> Iterator[None]:
    """While inside, this thread's umap-learn fits lay out their map with
    `optimize_layout_in_blocks` on ``threads`` threads (a seeded umap-learn fit sets numba to
    one thread; the map is the same on any number). Needs `install_blocked_layout` first
    (`_import_umap` does it)."""
    before = getattr(_BLOCKED, "threads", 0)
    _BLOCKED.threads = max(int(threads), 1)
    try:
        yield
    finally:
        _BLOCKED.threads = before


def install_blocked_layout() -> None:
    """Let `blocked_layout` choose how umap-learn's fits optimise their map: umap-learn's
    ``optimize_layout_euclidean`` (as ``umap.umap_`` calls it) becomes a function that runs
    `optimize_layout_in_blocks` inside it, for a fit's layout of a symmetric graph without
    densMAP, and umap-learn's own otherwise (``transform`` among them). Idempotent."""
    import umap.umap_ as umap_

    if getattr(umap_.optimize_layout_euclidean, "_latent_widgets_blocked", False):
        return
    original = umap_.optimize_layout_euclidean

    signature = inspect.signature(original)

    def optimize_layout_euclidean(*args: Any, **kwargs: Any) -> Any:
        threads = getattr(_BLOCKED, "threads", 0)
        if not threads:
            return original(*args, **kwargs)
        call = signature.bind(*args, **kwargs)
        call.apply_defaults()
        given = call.arguments
        ours = (given["head_embedding"] is given["tail_embedding"] and given["move_other"]
                and not given["densmap"] and isinstance(given["n_epochs"], (int, np.integer)))
        if not ours:
            return original(*args, **kwargs)
        fit_threads = numba.get_num_threads()
        with _ONE_AT_A_TIME:
            numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
            try:
                return optimize_layout_in_blocks(
                    given["head_embedding"], given["head"], given["tail"],
                    int(given["n_epochs"]), given["epochs_per_sample"], given["a"], given["b"],
                    given["rng_state"], given["gamma"], given["initial_alpha"],
                    given["negative_sample_rate"])
            finally:
                numba.set_num_threads(fit_threads)

    optimize_layout_euclidean._latent_widgets_blocked = True  # type: ignore[attr-defined]
    umap_.optimize_layout_euclidean = optimize_layout_euclidean
