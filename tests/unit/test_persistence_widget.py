import numpy as np
import pytest

import latent_widgets as lw
from latent_widgets.layer_betti import betti_by_layer
from latent_widgets.topology import betti
from tests.unit.test_explorer import call

rng = np.random.default_rng(5)


def circle_and_blob(n=240):
    """A noisy circle (class "ring") and a tight blob far away (class "blob")."""
    t = rng.uniform(0, 2 * np.pi, n)
    ring = np.c_[np.cos(t), np.sin(t), np.zeros(n)] + 0.04 * rng.normal(size=(n, 3))
    blob = np.array([6.0, 0, 0]) + 0.05 * rng.normal(size=(n // 4, 3))
    latents = np.concatenate([ring, blob]).astype(np.float32)
    labels = np.array(["ring"] * n + ["blob"] * (n // 4))
    return latents, labels


LATENTS, LABELS = circle_and_blob()
RING = np.flatnonzero(LABELS == "ring")


def test_a_noisy_circle_gives_one_dominant_h1_feature_and_its_cycle_lies_on_the_circle():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    assert ph.status["state"] == "ready"
    rows = ph.features
    h1 = rows[rows[:, 0] == 1]
    lengths = h1[:, 2] - h1[:, 1]
    assert lengths[0] > 0.8 and lengths[1:].max(initial=0) < 0.2 * lengths[0]
    ph.selected_feature = int(np.flatnonzero(rows[:, 0] == 1)[0])
    assert len(ph.cycle) >= 8
    assert set(ph.cycle.tolist()) <= set(RING.tolist())
    radius = np.linalg.norm(LATENTS[ph.cycle, :2], axis=1)
    assert np.all(np.abs(radius - 1) < 0.2)
    np.testing.assert_array_equal(ph.highlight, np.unique(ph.cycle))
    ph.selected_feature = -1
    assert len(ph.cycle) == 0 and len(ph.highlight) == 0


def test_betti_numbers_at_eps_match_the_diagram():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    h1 = ph.features[ph.features[:, 0] == 1][0]
    inside = float(h1[1] + h1[2]) / 2
    assert ph.eps == pytest.approx(inside, rel=1e-5)  # the first scale shown is inside the loop
    for eps in (0.01, inside, 5.0, 10.0):
        want = betti(ph.result.diagrams, eps)
        np.testing.assert_array_equal(ph.betti(eps), want)
    assert ph.betti(inside).tolist() == [2, 1]  # the ring and the blob; one loop
    assert ph.betti(10.0).tolist() == [1, 0]


def test_the_rips_edges_are_the_pairs_closer_than_the_largest_scale():
    ph = lw.Persistence(LATENTS).wait()
    edges, lengths = ph.rips_edges, ph.rips_lengths
    assert len(edges) > 0 and np.all(np.diff(lengths) >= 0)
    np.testing.assert_allclose(
        lengths, np.linalg.norm(LATENTS[edges[:, 0]] - LATENTS[edges[:, 1]], axis=1), rtol=1e-5
    )
    assert lengths.max() <= ph.eps_max


def test_scopes_offer_classes_and_compute_a_class_alone():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    keys = [s["key"] for s in ph.scopes]
    assert keys == ["all", "class:0", "class:1"]  # blob, ring (sorted names)
    ph.compute("class:0", background=False)
    assert ph.scope == "class:0" and ph.info["n_points"] == len(LATENTS) - len(RING)
    assert "class blob" in ph.info["scope_text"]
    h1 = ph.features[ph.features[:, 0] == 1]
    assert np.all(h1[:, 2] - h1[:, 1] < 0.1)  # a blob: no loop worth the name


def test_a_selection_scope_is_offered_and_its_cycle_indices_are_global():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    with pytest.raises(ValueError, match="lasso some points"):
        ph.compute("selection")
    ph.selection = RING[::2].astype(np.int32)
    assert {"key": "selection", "text": f"Selection ({len(RING[::2])})"} in ph.scopes
    reply = call(ph, "_compute_command", {"scope": "selection"})
    assert reply == {"ok": True, "result": {"started": True}}
    ph.wait()
    assert ph.scope == "selection" and ph.info["n_points"] == len(RING[::2])
    ph.selected_feature = int(np.flatnonzero(ph.features[:, 0] == 1)[0])
    assert set(ph.cycle.tolist()) <= set(RING[::2].tolist())


def test_no_h1_features_is_said_plainly():
    line = np.c_[np.linspace(0, 1, 60), np.zeros((60, 2))].astype(np.float32)
    ph = lw.Persistence(line).wait()
    assert not np.any(ph.features[:, 0] == 1)
    assert "No H1 features" in ph.status["message"]


def test_bad_requests_come_back_in_words():
    ph = lw.Persistence(LATENTS, labels=LABELS)
    reply = call(ph, "_compute_command", {"scope": "class:9"})
    assert reply["ok"] is False and "not a class" in reply["error"]["message"]
    reply = call(ph, "_map_check_command", {})
    assert reply["ok"] is False and "link an Explorer" in reply["error"]["message"]
    with pytest.raises(Exception, match="not a feature"):
        ph.selected_feature = 10_000
    with pytest.raises(ValueError, match="maxdim"):
        lw.Persistence(LATENTS, maxdim=3)


def test_maxdim_2_on_a_large_set_is_refused_with_the_estimate():
    big = rng.normal(size=(100_000, 8)).astype(np.float32)
    with pytest.raises(ValueError, match=r"maxdim=2 .*even 150 landmarks.*use maxdim=1"):
        lw.Persistence(big, maxdim=2, memory_budget_bytes=8e7)


def test_many_points_get_landmarks_with_a_note_and_an_error_bound():
    t = rng.uniform(0, 2 * np.pi, 30_000)
    z = (np.c_[np.cos(t), np.sin(t)] + 0.05 * rng.normal(size=(30_000, 2))).astype(np.float32)
    ph = lw.Persistence(z, time_budget_s=2.0)
    assert ph.info["n_landmarks"] < 30_000 and ph.error_bound > 0  # the first stage, at once
    ph.wait()
    assert "landmarks" in ph.info["note"] and ph.error_bound > 0
    h1 = ph.features[ph.features[:, 0] == 1]
    assert h1[0, 2] - h1[0, 1] > 2 * ph.error_bound  # the loop is certified


def test_figures_draw_each_view():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    diagram = ph.figure("diagram").axes[0]
    dots = [c for c in diagram.collections if c.get_label() in ("H0", "H1")]
    assert sum(len(c.get_offsets()) for c in dots) == len(ph.features)
    barcode = ph.figure("barcode").axes[0]
    assert len(barcode.lines) >= len(ph.features)  # one line per bar, plus the ε line
    layers = ph.figure("layers").axes[0]
    assert "one layer only" in layers.texts[0].get_text()
    with pytest.raises(ValueError, match="view must be"):
        ph.figure("pie")


def test_betti_by_layer_sees_a_loop_open_into_two_blobs():
    t = rng.uniform(0, 2 * np.pi, 300)
    labels = (t > np.pi).astype(int)
    ring = np.c_[np.cos(t), np.sin(t)] + 0.03 * rng.normal(size=(300, 2))
    blobs = np.c_[labels * 4.0, np.zeros(300)] + 0.05 * rng.normal(size=(300, 2))
    chart = betti_by_layer({"early": ring, "late": blobs}, labels=labels,
                           class_names=["upper", "lower"])
    assert chart["layers"] == ["early", "late"]
    assert chart["all"] == [[1, 1], [2, 0]]
    assert chart["classes"] == ["upper", "lower"] and chart["per_class"][0] == [[1, 0], [1, 0]]
    with pytest.raises(ValueError, match="landmarks must lie between 2"):
        betti_by_layer({"a": ring}, landmarks=1)


def test_layers_are_charted_and_switching_the_layer_recomputes():
    t = rng.uniform(0, 2 * np.pi, 200)
    ring = (np.c_[np.cos(t), np.sin(t)] + 0.03 * rng.normal(size=(200, 2))).astype(np.float32)
    space = lw.LatentSpace.from_latents(ring, labels=(t > np.pi).astype(int))
    space.by_layer = {"ring": ring, "line": np.c_[t, np.zeros(200)].astype(np.float32)}
    space.layer = "ring"
    ph = lw.Persistence(space).wait()
    for _ in range(200):
        if ph.layer_chart:
            break
        import time
        time.sleep(0.05)
    assert ph.layer_chart["layers"] == ["ring", "line"] and ph.layer_chart["active"] == "ring"
    assert ph.layer_chart["all"][0][1] == 1 and ph.layer_chart["all"][1][1] == 0
    assert np.any(ph.features[:, 0] == 1)
    ph.layer = "line"
    ph.wait()
    assert ph.info["layer"] == "line" and not np.any(ph.features[:, 0] == 1)
    assert ph.layer_chart["active"] == "line"


def test_duplicated_points_do_not_add_loops_or_pieces_to_the_layer_chart():
    from latent_widgets.feature_counts import count_features

    t = rng.uniform(0, 2 * np.pi, 300)
    ring = np.c_[np.cos(t), np.sin(t)] + 0.03 * rng.normal(size=(300, 2))
    blob = rng.normal(size=(300, 2))
    assert count_features(np.repeat(ring, 2, axis=0)).betti == [1, 1]
    assert count_features(ring).betti == [1, 1]
    assert count_features(np.repeat(blob, 2, axis=0)).betti == [1, 0]
    heap = np.r_[np.zeros((100, 2)), blob]  # dead units: a tenth of the points at one place
    assert count_features(heap).betti == [1, 0]


def test_a_refused_layer_switch_keeps_the_layer_and_says_why():
    t = rng.uniform(0, 2 * np.pi, 200)
    ring = (np.c_[np.cos(t), np.sin(t)] + 0.03 * rng.normal(size=(200, 2))).astype(np.float32)
    space = lw.LatentSpace.from_latents(ring)
    space.by_layer = {"ring": ring, "broken": np.zeros((200, 2), np.float32)}
    space.by_layer["broken"][5] = np.nan
    space.layer = "ring"
    ph = lw.Persistence(space).wait()
    ph.layer = "broken"
    assert ph.layer == "ring" and ph.info["layer"] == "ring"
    assert ph.status["state"] == "error" and "[5]" in ph.status["message"]
    with pytest.raises(Exception, match="outside"):
        ph.selection = [-1, 3]
    with pytest.raises(ValueError, match="time_budget_s"):
        lw.Persistence(ring, time_budget_s=0)
