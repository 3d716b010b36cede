"""UMAP's blocked layout: the same map on any thread count, as good as umap-learn's own."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits

from benchmarks.common import latents
from latent_widgets.projection.metrics import trustworthiness
from latent_widgets.projection.umap import BLOCKED_LAYOUT_POINTS, UMAP, _import_umap

_import_umap()  # numba's cache folder first, then the layout's module
from latent_widgets.projection.parallel_layout import schedule, spatial_blocks  # noqa: E402


def clusters(n: int, dim: int, count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` Gaussian clusters of unit spread in ``dim``-D, centres 12 apart or more."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=12.0, size=(count, dim))
    labels = rng.integers(0, count, n)
    return (centres[labels] + rng.normal(size=(n, dim))).astype(np.float32), labels


def test_the_map_is_the_same_on_one_thread_and_on_two():
    import numba

    z = latents(3000, 32)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = UMAP(seed=0, layout="blocks", n_epochs=60).fit(z).embedding_
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        two = UMAP(seed=0, layout="blocks", n_epochs=60).fit(z).embedding_
    finally:
        numba.set_num_threads(threads)
    assert numba.get_num_threads() == threads
    np.testing.assert_array_equal(one, two)
    other_seed = UMAP(seed=1, layout="blocks", n_epochs=60).fit(z).embedding_
    assert not np.array_equal(one, other_seed)  # the seed still matters


@pytest.mark.parametrize("case", ["digits 64-D", "blobs and a circle 32-D"])
def test_the_blocked_map_is_as_trustworthy_as_umap_learns(case):
    if case == "digits 64-D":
        z = load_digits().data.astype(np.float32)
    else:
        z = latents(6000, 32)
    scores = {layout: trustworthiness(z, UMAP(seed=0, layout=layout, n_epochs=100).fit(z)
                                      .embedding_, 5) for layout in ("umap-learn", "blocks")}
    assert scores["blocks"] >= scores["umap-learn"] - 0.01, scores
    assert scores["blocks"] > 0.95, scores


def test_auto_lays_out_large_data_in_blocks_and_keeps_clusters_apart():
    z, labels = clusters(BLOCKED_LAYOUT_POINTS + 500, 64, 8)
    fitted = UMAP(seed=0, n_epochs=80).fit(z)
    assert fitted.layout_ == "blocks"
    assert UMAP(seed=0).fit(z[:500]).layout_ == "umap-learn"
    # known answer: every point's nearest points on the map are of its own cluster
    from scipy.spatial import cKDTree

    _, near = cKDTree(fitted.embedding_).query(fitted.embedding_, k=11)
    agreement = (labels[near[:, 1:]] == labels[:, None]).mean()
    assert agreement > 0.995, agreement
    # transform keeps umap-learn's own optimisation (new points against the fitted map):
    # new latents of a cluster land among its points
    new, new_labels = clusters(40, 64, 8, seed=0)  # the same centres, new draws
    new = new + np.random.default_rng(5).normal(size=new.shape).astype(np.float32)
    _, nearest = cKDTree(fitted.embedding_).query(fitted.transform(new), k=5)
    assert (labels[nearest] == new_labels[:, None]).mean() > 0.95


def test_an_unknown_layout_is_refused_at_construction():
    with pytest.raises(ValueError, match="layout must be one of auto, umap-learn, blocks"):
        UMAP(layout="parallel")


def test_spatial_blocks_are_equal_and_do_not_overlap():
    rng = np.random.default_rng(0)
    points = rng.uniform(size=(1003, 2)) * [4.0, 1.0]  # wide: the first cut is vertical
    block_of = spatial_blocks(points, 2)
    sizes = np.bincount(block_of)
    assert len(sizes) == 4 and sizes.max() - sizes.min() <= 1
    boxes = [(points[block_of == b].min(0), points[block_of == b].max(0)) for b in range(4)]
    for i in range(4):
        for j in range(i + 1, 4):
            (low_i, high_i), (low_j, high_j) = boxes[i], boxes[j]
            overlap = np.minimum(high_i, high_j) - np.maximum(low_i, low_j)
            assert (overlap <= 0).any(), (i, j)  # apart along some axis


@pytest.mark.parametrize("blocks", [1, 2, 8])
def test_the_schedule_meets_every_pair_once_and_no_round_shares_a_point(blocks):
    block_start = np.linspace(0, 80, blocks + 1).astype(np.int64)
    rng = np.random.default_rng(blocks)
    head, tail = rng.integers(0, 80, 500), rng.integers(0, 80, 500)
    ranges, task_of_edge, round_start = schedule(block_start, head, tail)
    assert len(round_start) - 1 == max(blocks, 1) and round_start[-1] == len(ranges)
    met = set()
    for first, last in zip(round_start[:-1], round_start[1:], strict=True):
        owned = np.zeros(80, dtype=int)
        for low, high, low2, high2 in ranges[first:last]:
            owned[low:high] += 1
            if (low2, high2) != (low, high):
                owned[low2:high2] += 1
                met.add((low, low2))
        assert owned.max() == 1  # the tasks of a round touch disjoint points
    assert len(met) == blocks * (blocks - 1) // 2  # every two blocks meet once
    for edge, task in enumerate(task_of_edge):  # each edge in a task that owns both its ends
        low, high, low2, high2 = ranges[task]
        for end in (head[edge], tail[edge]):
            assert low <= end < high or low2 <= end < high2
