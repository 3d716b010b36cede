"""link: an Explorer, a Persistence and an Interpolation kept together."""

import numpy as np
import pytest

import latent_widgets as lw
from tests.unit.helpers import RING, call
from tests.unit.helpers import RING_LABELS as LABELS
from tests.unit.helpers import RING_LATENTS as LATENTS

rng = np.random.default_rng(11)


def linked():
    ex = lw.Explorer(LATENTS, labels=LABELS, projection="pca")
    ph = lw.Persistence(ex.space).wait()
    return ex, ph, lw.link(ex, ph)


def test_link_draws_the_rips_complex_at_the_persistence_scale_once_asked():
    ex, ph, _ = linked()
    np.testing.assert_array_equal(ex.rips_edges, ph.rips_edges)
    np.testing.assert_array_equal(ex.rips_lengths, ph.rips_lengths)
    # At first no edges: at the suggested scale they would cover the map.
    assert ph.eps > 0 and not ph.map_edges and ex.rips_eps == 0
    ph.eps = 0.3  # moving ε shows the complex at it
    assert ph.map_edges and ex.rips_eps == 0.3
    ph.map_edges = False
    assert ex.rips_eps == 0
    ph.map_edges = True
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
    assert ph.map_check["about"] == reply["result"]["about"]
    about = ph.map_check["about"]
    assert f"all {ex.space.n:,} points" in about and "against the map shown" in about


def test_a_new_map_clears_the_check_of_the_old_one():
    ex, ph, _ = linked()
    call(ph, "_map_check_command", {})
    assert ph.map_check
    before = ex.points.copy()
    ex.projection = "umap"
    ex.wait_for_projection()
    assert not np.array_equal(ex.points, before) and ph.map_check == {}


def test_a_map_that_changes_while_the_check_runs_gets_no_verdict(monkeypatch):
    import latent_widgets.widgets.persistence_map_check as module

    ex, ph, _ = linked()
    real = module.map_check

    def check_while_umap_arrives(*args, **kwargs):
        result = real(*args, **kwargs)
        ex.points = ex.points[:, ::-1].copy()  # another map lands meanwhile
        return result

    monkeypatch.setattr(module, "map_check", check_while_umap_arrives)
    reply = call(ph, "_map_check_command", {})
    assert reply["ok"] is True and reply["result"] == {} and ph.map_check == {}


def test_the_check_names_the_set_computed_not_the_selection_now():
    ex, ph, _ = linked()
    ex.selection = np.arange(30)
    ph.compute("selection", background=False)
    ex.selection = np.arange(50)  # lassoed again, not recomputed
    call(ph, "_map_check_command", {})
    about = ph.map_check["about"]
    assert "30 points" in about and "50" not in about, about


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


def test_the_path_on_the_map_follows_a_projection_switch_and_a_layer_switch():
    from tests.unit.helpers import decode_images

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
