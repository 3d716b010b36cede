import numpy as np
import pytest

import latent_widgets as lw
from tests.unit.test_explorer import call
from tests.unit.test_persistence_widget import LABELS, LATENTS, RING

rng = np.random.default_rng(11)


def tilted_circle(n=400):
    """A circle in the (x, z) plane: a map onto (x, y) flattens it into a segment."""
    t = rng.uniform(0, 2 * np.pi, n)
    return np.c_[np.cos(t), 0.02 * rng.normal(size=n), np.sin(t)].astype(np.float32)


def test_a_map_that_flattens_a_loop_is_caught_and_the_loop_named():
    z = tilted_circle()
    check = lw.map_check(z, z[:, :2])
    assert check.bottleneck[1] > 0.4
    assert len(check.destroyed) == 1 and not check.created
    loop = check.destroyed[0]
    assert loop.dim == 1 and loop.side == "latents" and loop.persistence > 0.8
    assert np.all(np.abs(np.linalg.norm(z[loop.cycle][:, [0, 2]], axis=1) - 1) < 0.2)
    assert "destroyed a loop" in check.details[0] and "its points" in check.details[0]
    assert "destroyed 1" in check.summary


def test_a_faithful_map_keeps_the_loop_and_scale_does_not_matter():
    z = tilted_circle()
    check = lw.map_check(z, 1000 * z[:, [0, 2]])  # units of the map mean nothing
    assert check.bottleneck[1] < 0.05 and not check.destroyed and not check.created
    assert "neither created nor destroyed" in check.summary


def test_a_map_that_creates_a_loop_is_caught():
    t = rng.uniform(0, 2 * np.pi, 300)
    line = np.c_[t, np.zeros((300, 2))].astype(np.float32)  # a segment in latent space
    check = lw.map_check(line, np.c_[np.cos(t), np.sin(t)])  # drawn as a closed circle
    assert len(check.created) == 1 and check.created[0].side == "map"


def test_map_check_refuses_mismatched_rows():
    with pytest.raises(ValueError, match="one row per point"):
        lw.map_check(np.zeros((10, 3)), np.zeros((9, 2)))


def linked():
    ex = lw.Explorer(LATENTS, labels=LABELS, projection="pca")
    ph = lw.Persistence(ex.space).wait()
    return ex, ph, lw.link(ex, ph)


def test_link_draws_the_rips_complex_at_the_persistence_scale():
    ex, ph, _ = linked()
    np.testing.assert_array_equal(ex.rips_edges, ph.rips_edges)
    np.testing.assert_array_equal(ex.rips_lengths, ph.rips_lengths)
    assert ex.rips_eps == ph.eps
    ph.eps = 0.3
    assert ex.rips_eps == 0.3


def test_link_highlights_the_cycle_of_the_clicked_feature():
    ex, ph, _ = linked()
    ph.selected_feature = int(np.flatnonzero(ph.features[:, 0] == 1)[0])
    np.testing.assert_array_equal(ex.cycle, ph.cycle)
    assert len(ex.highlight) >= 8 and set(ex.highlight.tolist()) <= set(RING.tolist())


def test_link_offers_the_lasso_selection_to_the_persistence_view():
    ex, ph, _ = linked()
    ex.selection = RING[:100]
    assert any(s["key"] == "selection" for s in ph.scopes)
    ph.compute("selection", background=False)
    assert ph.info["n_points"] == 100 and ph.info["linked"] is True


def test_link_checks_the_map_shown():
    ex, ph, _ = linked()
    reply = call(ph, "_map_check_command", {})
    assert reply["ok"] is True, reply
    assert "Bottleneck distance" in reply["result"]["summary"]
    assert ph.map_check["summary"] == reply["result"]["summary"]


def test_link_keeps_the_layers_together():
    t = rng.uniform(0, 2 * np.pi, 120)
    ring = np.c_[np.cos(t), np.sin(t)].astype(np.float32)
    space = lw.LatentSpace.from_latents(ring, decode=lambda z: np.asarray(z)[:, :1].repeat(4, 1))
    space.by_layer = {"early": np.c_[t, t].astype(np.float32), "output": ring}
    ex = lw.Explorer(space, projection="pca")
    ph = lw.Persistence(space).wait()
    lw.link(ex, ph)
    ph.layer = "early"
    assert ex.layer == "early"
    early = lw.PCA().fit_transform(space.by_layer["early"])
    np.testing.assert_allclose(np.abs(ex.points[:, 0]), np.abs(early[:, 0]), atol=1e-4)
    assert not ex.has_decoder and "layer 'early'" in ex.decoder_note
    ex.layer = "output"
    assert ph.layer == "output" and ex.has_decoder and ex.decoder_note == ""


def test_unlink_clears_the_map_and_link_refuses_strangers():
    ex, ph, connection = linked()
    ph.selected_feature = int(np.flatnonzero(ph.features[:, 0] == 1)[0])
    connection.unlink()
    assert len(ex.cycle) == 0 and ex.rips_eps == 0 and len(ex.rips_edges) == 0
    ph.eps = 0.7
    assert ex.rips_eps == 0
    with pytest.raises(ValueError, match="same LatentSpace"):
        lw.link(ex, lw.Persistence(LATENTS[:50]))
    with pytest.raises(ValueError, match="needs an Explorer and a Persistence"):
        lw.link(ex)
    with pytest.raises(TypeError, match="takes Explorer, Persistence and Interpolation"):
        lw.link(ex, ph, "map")


def test_h0_bottleneck_agrees_with_persim():
    import warnings

    import persim

    from latent_widgets.map_topology import h0_bottleneck

    trials = np.random.default_rng(0)
    for _ in range(500):
        m, n = trials.integers(0, 8, 2)
        a = np.round(trials.exponential(size=m) * trials.choice([1, 3]), 1)
        b = np.round(trials.exponential(size=n), 1)
        if m == 0 and n == 0:
            assert h0_bottleneck(a, b) == 0.0
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = persim.bottleneck(np.c_[np.zeros(m), a], np.c_[np.zeros(n), b])
        assert h0_bottleneck(a, b) == pytest.approx(want, abs=1e-12)


def test_every_loop_counts_when_the_other_side_has_none():
    t = rng.uniform(0, 2 * np.pi, 300)
    segment = np.c_[np.linspace(0, 10, 300), np.zeros(300)].astype(np.float32)
    two_circles = np.r_[np.c_[np.cos(t[:150]), np.sin(t[:150])] * 3,
                        np.c_[np.cos(t[150:]), np.sin(t[150:])] * 3 + [10, 0]]
    check = lw.map_check(segment, two_circles)
    assert len(check.created) == 2 and not check.destroyed


def test_the_path_on_the_map_follows_a_projection_switch_and_a_layer_switch():
    from tests.unit.test_explorer import decode_images

    space = lw.LatentSpace.from_latents(LATENTS, labels=LABELS, decode=decode_images)
    ex = lw.Explorer(space, projection="pca")
    ip = lw.Interpolation(space, anchors=[0, 50], steps=4)
    lw.link(ex, ip)
    ex.projection = "umap"
    ex.wait_for_projection()
    umap = ex.map.cached("umap").projection
    np.testing.assert_allclose(ex.path, umap.transform(ip.path), atol=1e-3)
    space.by_layer = {"early": LATENTS[:, :2].copy(), "output": LATENTS}
    ex.layer = "early"  # the decoder's layer is not shown: no path, and the PCA map at once
    assert len(ex.path) == 0 and ex.shown_projection == "pca"
    np.testing.assert_allclose(np.abs(ex.points), np.abs(lw.PCA().fit_transform(LATENTS[:, :2])),
                               atol=1e-4)
