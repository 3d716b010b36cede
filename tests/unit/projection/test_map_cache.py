"""Maps computed once per space, layer, seed and options, and shared by every view."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import latent_widgets as lw
from latent_widgets.projection import latent_map as latent_map_module
from latent_widgets.projection.map_cache import MapCache, options_key


@pytest.fixture
def fits(monkeypatch):
    """Every projection fitted, by name, in order."""
    made: list[str] = []
    real = latent_map_module.make_projection

    def counting(name, **kwargs):
        made.append(name)
        return real(name, **kwargs)

    monkeypatch.setattr(latent_map_module, "make_projection", counting)
    return made


def latents(n=120, d=6, seed=0):
    return np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)


def test_options_key_ignores_order_and_case():
    a = options_key({"UMAP": {"n_neighbors": 10, "min_dist": 0.1}, "pca": {}})
    b = options_key({"pca": {}, "umap": {"min_dist": 0.1, "n_neighbors": 10}})
    assert a == b and a != options_key({"umap": {"n_neighbors": 11, "min_dist": 0.1}})
    assert options_key(None) == options_key({}) == ()


def test_same_latents_same_map_other_seed_options_or_array_another():
    cache, z = MapCache(), latents()
    first = cache.get("layer", z)
    assert cache.get("layer", z) is first
    assert cache.get("layer", z, seed=1) is not first
    assert cache.get("layer", z, options={"umap": {"n_neighbors": 5}}) is not first
    replaced = cache.get("layer", z.copy())  # new latents under the same name: a new map
    assert replaced is not first and cache.get("layer", replaced.latents) is replaced
    assert len(cache) == 3


def test_threads_asking_at_once_share_one_map_and_one_fit(fits):
    cache, z, got = MapCache(), latents(), []

    def ask():
        got.append(cache.get("layer", z).compute("pca"))

    workers = [threading.Thread(target=ask) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len({id(result) for result in got}) == 1 and fits == ["pca"]


def test_a_second_explorer_on_the_space_reuses_its_umap(fits):
    space = lw.LatentSpace.from_latents(latents(), labels=np.arange(120) % 3)
    options = {"umap": {"n_neighbors": 10}}
    first = lw.Explorer(space, projection="umap", projection_options=options).wait_for_projection()
    second = lw.Explorer(space, projection="umap", projection_options=options)
    second.wait_for_projection()
    assert fits == ["pca", "umap"]  # each fitted once for both views
    assert second.map is first.map
    assert np.array_equal(second.points, first.points)
    assert second.projection_state["shown"] == "umap"
    other = lw.Explorer(space, projection="pca", seed=3)  # other seed: its own maps
    assert other.map is not first.map and fits == ["pca", "umap", "pca"]


def test_layers_have_their_own_maps_kept_when_switching_back(fits):
    import torch

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    space = lw.LatentSpace(model, torch.from_numpy(latents()), layer=["0", "2"])
    explorer = lw.Explorer(space, projection="pca")
    start = explorer.layer
    explorer.layer = "0" if start == "2" else "2"
    explorer.layer = start  # back: the first layer's map, not fitted again
    assert fits == ["pca", "pca"]
    assert explorer.map is space.latent_map(start)
    assert space.latent_map("0") is not space.latent_map("2")
    with pytest.raises(ValueError, match="no latents for layer 'c'"):
        space.latent_map("c")
