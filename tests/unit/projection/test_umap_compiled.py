"""UMAP's speed-ups change nothing: cached compiled code and exact distances give the same map."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.datasets import load_digits

from latent_widgets.projection.umap import UMAP, _import_umap, uses_exact_distances
from tests.unit.helpers import plain_then_cached_twice

# A fresh interpreter fits 300 digits and prints the map, whether numba read umap-learn's
# layout epoch from its disk cache, and how many functions were set to cache.
FIT_IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    from sklearn.datasets import load_digits
    import latent_widgets.projection.umap as lw_umap
    if sys.argv[1] == "plain":
        lw_umap.cache_compiled_functions = lambda packages: 0
    z = load_digits().data.astype(np.float32)[:300]
    fitted = lw_umap.UMAP(seed=3).fit(z)
    from umap import layouts
    epoch = layouts._nb_optimize_layout_euclidean_single_epoch
    print(json.dumps({
        "map": fitted.embedding_.tolist(),
        "cache_hits": sum(epoch.stats.cache_hits.values()),
        "cached": type(epoch._cache).__name__,
    }))
    """
)


@pytest.mark.timeout(900)
def test_a_map_from_cached_compiled_code_equals_a_plain_fit(tmp_path):
    plain, first, again = plain_then_cached_twice(FIT_IN_A_FRESH_PROCESS, tmp_path)
    assert plain["cached"] == "NullCache" and plain["cache_hits"] == 0
    assert first["cached"] == "FunctionCache" and first["cache_hits"] == 0  # compiled, written
    assert again["cache_hits"] >= 1  # the second kernel read the compiled epoch from disk
    assert any((tmp_path / "cached").rglob("*.nbi"))
    np.testing.assert_array_equal(np.array(first["map"]), np.array(plain["map"]))
    np.testing.assert_array_equal(np.array(again["map"]), np.array(plain["map"]))


def test_the_exact_distances_give_umap_learns_own_small_data_map():
    z = load_digits().data.astype(np.float32)[:400]
    ours = UMAP(seed=0).fit(z)
    plain = _import_umap().UMAP(random_state=0, n_jobs=1).fit(z)
    assert ours._distances_given and ours.umap_.metric == "precomputed"
    assert (ours.umap_.graph_ != plain.graph_).nnz == 0
    np.testing.assert_array_equal(ours.embedding_, plain.embedding_)
    # new latents land where umap-learn's own transform puts them
    held_out = load_digits().data.astype(np.float32)[400:430]
    np.testing.assert_allclose(ours.transform(held_out), plain.transform(held_out), atol=1e-5)


@pytest.mark.parametrize(
    ("n_points", "kwargs", "expected"),
    [
        (1797, {}, True),
        (4095, {"metric": "euclidean"}, True),
        (4096, {}, False),  # umap-learn searches approximately from here on
        (500, {"metric": "cosine"}, False),
        (500, {"force_approximation_algorithm": True}, False),
    ],
)
def test_exact_distances_only_where_umap_learn_would_compute_them_all(n_points, kwargs, expected):
    assert uses_exact_distances(n_points, kwargs) is expected


def test_umap_learns_own_inverse_keeps_the_latents_as_its_input():
    z = load_digits().data.astype(np.float32)[:120]
    fitted = UMAP(seed=0, inverse="umap", n_epochs=20).fit(z)
    assert not fitted._distances_given and fitted.umap_.metric == "euclidean"
    assert fitted.inverse_transform(fitted.embedding_[:1]).shape == (1, 64)


# A fresh interpreter fits 1,000 digits, places 5 of them, lays 300 out in blocks, and counts
# what numba compiled anew (cache misses) and read from the disk cache (hits) among
# umap-learn's and latent_widgets' functions that cache (the two umap-learn compiles at
# import, with their signatures, never do).
FIT_AND_COUNT = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    from sklearn.datasets import load_digits
    import latent_widgets.projection.umap as lw_umap
    from numba.core.registry import CPUDispatcher
    z = load_digits().data.astype(np.float32)[:1000]
    lw_umap.UMAP(seed=1).fit(z).transform(z[:5])
    lw_umap.UMAP(seed=1, layout="blocks", n_epochs=10).fit(z[:300])
    lw_umap.UMAP(seed=1, force_approximation_algorithm=True, n_epochs=10).fit(z[:300])
    dispatchers = {id(v): v for name, m in list(sys.modules.items())
                   if name.split(".")[0] in ("umap", "latent_widgets")
                   for v in vars(m).values()
                   if isinstance(v, CPUDispatcher)
                   and type(v._cache).__name__ != "NullCache"}.values()
    print(json.dumps({
        "misses": sum(sum(d.stats.cache_misses.values()) for d in dispatchers),
        "hits": sum(sum(d.stats.cache_hits.values()) for d in dispatchers),
    }))
    """
)


@pytest.mark.timeout(900)
def test_warming_the_cache_leaves_nothing_for_the_first_map_to_compile(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args):
        done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True,
                              timeout=600, check=True)
        return done.stdout.strip().splitlines()

    cold = json.loads(run("-c", FIT_AND_COUNT)[-1])
    assert cold["misses"] > 0  # a fit in an empty cache compiles: the count sees it
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "warmed")
    printed = run("-m", "latent_widgets.projection.warm_umap", "--if-cold")
    assert all(f"{name} map" in printed[-1] for name in ("small", "large", "blocks", "nn-descent"))
    assert list((tmp_path / "warmed").glob(".warmed-umap-*"))  # the marker, in the folder
    assert run("-m", "latent_widgets.projection.warm_umap", "--if-cold") == []  # warm already
    first_map = json.loads(run("-c", FIT_AND_COUNT)[-1])
    assert first_map["misses"] == 0 and first_map["hits"] > 0, first_map


# A fresh interpreter imports a module of two jitted functions, turns caching on for them as
# for umap-learn's, and calls one with a plain argument and one with a jitted function.
FUNCTION_ARGUMENT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    import jitted
    from latent_widgets.projection.umap import cache_compiled_functions
    assert cache_compiled_functions(("jitted",)) == 3
    print(jitted.twice(2.0), jitted.apply(jitted.twice, 2.0))
    """
)
JITTED = textwrap.dedent(
    """
    import numba

    @numba.njit
    def twice(x):
        return 2 * x

    @numba.njit
    def apply(function, x):
        return function(x) + 1

    @numba.njit
    def unused(x):
        return x
    """
)


def test_a_signature_taking_a_function_is_not_written_to_the_cache(tmp_path):
    (tmp_path / "module").mkdir()
    (tmp_path / "module" / "jitted.py").write_text(JITTED)
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # a second kernel: still nothing more written
        done = subprocess.run([sys.executable, "-c", FUNCTION_ARGUMENT, str(tmp_path / "module")],
                              env=env, capture_output=True, text=True, timeout=300, check=True)
        assert done.stdout.split() == ["4.0", "5.0"]
        written = sorted(path.name for path in (tmp_path / "cache").rglob("*.nbc"))
        # twice is cached (and, inside apply, linked in); apply(function, x) names a function
        # object of one process: another kernel could never read it back
        assert [name.split(".")[1].split("-")[0] for name in written] == ["twice"], written
