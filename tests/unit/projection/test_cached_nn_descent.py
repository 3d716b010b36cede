"""pynndescent's NN-descent from numba's disk cache: the same neighbours and map, compiled once."""

from __future__ import annotations

import textwrap
import warnings

import numba
import numpy as np
import pytest

from latent_widgets.projection.umap import _import_umap
from tests.unit.helpers import plain_then_cached_twice

# A fresh interpreter fits a UMAP of 1,200 digits through NN-descent and prints the map, the
# neighbour graph, whether the cached search ran and read its code from the disk cache,
# whether pynndescent's nn_descent was compiled in the process, and numba's warnings about
# code it could not cache. "plain": pynndescent's own search, uncached.
FIT = textwrap.dedent(
    """
    import json, sys, warnings
    import numpy as np
    from sklearn.datasets import load_digits
    import latent_widgets.projection.cached_nn_descent as cached
    import latent_widgets.projection.umap as lw_umap
    if sys.argv[1] == "plain":
        cached.install_cached_nn_descent = lambda: False
    z = load_digits().data.astype(np.float32)[:1200]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted = lw_umap.UMAP(seed=2, force_approximation_algorithm=True, n_epochs=60).fit(z)
    stats = cached.descend_squared_euclidean.stats
    print(json.dumps({
        "map": fitted.embedding_.tolist(),
        "neighbours": fitted.umap_._knn_indices.tolist(),
        "ran": bool(cached.descend_squared_euclidean.signatures),
        "compiled_nn_descent": bool(cached.ORIGINAL_NN_DESCENT.signatures),
        "hits": sum(stats.cache_hits.values()),
        "uncached": sorted({str(w.message).split('"')[1] for w in caught
                            if "Cannot cache" in str(w.message)}),
    }))
    """
)


@pytest.mark.timeout(900)
def test_the_cached_search_gives_pynndescents_neighbours_and_map_and_is_read_back(tmp_path):
    plain, first, again = plain_then_cached_twice(FIT, tmp_path)
    assert not plain["ran"] and plain["compiled_nn_descent"]  # every kernel compiled it
    assert first["ran"] and first["hits"] == 0 and first["uncached"] == [], first["uncached"]
    assert first["compiled_nn_descent"]  # once, into the cache
    assert again["ran"] and again["hits"] == 1 and not again["compiled_nn_descent"]
    written = [path.name for path in (tmp_path / "cached").rglob("*.nbi")]
    assert any("descend_squared_euclidean" in name for name in written), written
    for run in (first, again):
        np.testing.assert_array_equal(np.array(run["neighbours"]), np.array(plain["neighbours"]))
        np.testing.assert_array_equal(np.array(run["map"]), np.array(plain["map"]))


@numba.njit
def _jitted_thread_count():  # pragma: no cover - jitted
    return numba.get_num_threads()


def test_the_thread_count_read_by_name_follows_set_num_threads():
    from latent_widgets.projection.cached_nn_descent import link_thread_count_by_name

    assert link_thread_count_by_name() and link_thread_count_by_name()  # idempotent
    before = numba.get_num_threads()
    try:
        for threads in sorted({1, numba.config.NUMBA_NUM_THREADS}):
            numba.set_num_threads(threads)
            assert numba.get_num_threads() == threads
            assert _jitted_thread_count() == threads
    finally:
        numba.set_num_threads(before)
    assert numba.get_num_threads() == before


def test_other_distances_and_printing_reach_pynndescents_own_search():
    _import_umap()  # installs the cached search
    from pynndescent import NNDescent, pynndescent_

    from latent_widgets.projection import cached_nn_descent

    assert pynndescent_.nn_descent._latent_widgets_original is cached_nn_descent.ORIGINAL_NN_DESCENT
    rng = np.random.default_rng(0)
    z = rng.normal(size=(400, 6)).astype(np.float32)
    compiled = set(cached_nn_descent.descend_squared_euclidean.signatures)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        index = NNDescent(z, n_neighbors=5, metric="manhattan", random_state=0, n_jobs=1)
    indices, distances = index.neighbor_graph
    exact = np.abs(z[:, None, :] - z[None, :, :]).sum(-1)
    rows = np.arange(len(z))[:, None]
    np.testing.assert_allclose(distances, exact[rows, indices], rtol=1e-5)  # Manhattan's
    found = np.isclose(distances[:, 1], np.sort(exact, axis=1)[:, 1], rtol=1e-5)
    assert found.mean() > 0.95  # the nearest other point, as an approximate search finds it
    assert set(cached_nn_descent.descend_squared_euclidean.signatures) == compiled  # not ours


def test_only_euclidean_quiet_calls_on_a_matrix_are_routed():
    from pynndescent import distances

    from latent_widgets.projection.cached_nn_descent import SQUARED_EUCLIDEAN, cacheable_call

    call = {"dist": SQUARED_EUCLIDEAN, "verbose": False, "data": np.zeros((5, 2), np.float32),
            "leaf_array": np.full((1, 3), -1, np.int32), "init_graph": (np.zeros(1),) * 3}
    assert cacheable_call(call)
    assert not cacheable_call({**call, "dist": distances.manhattan})
    assert not cacheable_call({**call, "verbose": True})
    assert not cacheable_call({**call, "leaf_array": None})
    assert not cacheable_call({**call, "data": np.zeros(5, np.float32)})
