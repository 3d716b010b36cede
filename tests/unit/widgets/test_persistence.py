import re

import numpy as np
import pytest
import traitlets

import latent_widgets as lw
from latent_widgets.topology.layers import betti_by_layer
from latent_widgets.topology.persistence import betti
from tests.unit.helpers import burning_cpu, call, circle_and_blob, clusters

rng = np.random.default_rng(5)


LATENTS, LABELS = circle_and_blob(rng)
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
    assert ph.layer_chart, "wait() returns once the by-layer chart is computed too"
    assert ph.layer_chart["layers"] == ["ring", "line"] and ph.layer_chart["active"] == "ring"
    assert ph.layer_chart["all"][0][1] == 1 and ph.layer_chart["all"][1][1] == 0
    assert np.any(ph.features[:, 0] == 1)
    ph.layer = "line"
    ph.wait()
    assert ph.info["layer"] == "line" and not np.any(ph.features[:, 0] == 1)
    assert ph.layer_chart["active"] == "line"


def test_duplicated_points_do_not_add_loops_or_pieces_to_the_layer_chart():
    from latent_widgets.topology.feature_counts import count_features

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


# -- the same answer every run; honest words when nothing is certain ------------------------


def torus(n=2000, big=2.0, small=1.0, seed=0):
    u, v = np.random.default_rng(seed).uniform(0, 2 * np.pi, (2, n))
    ring = big + small * np.cos(v)
    return np.c_[ring * np.cos(u), ring * np.sin(u), small * np.sin(v)].astype(np.float32)


def test_two_widgets_show_the_same_diagrams_even_on_a_loaded_machine():
    z = clusters(20_000, 4, seed=2)  # planned for 13.5 s in the worst case, about 2 s in fact
    quiet = lw.Persistence(z, time_budget_s=15.0).wait()
    with burning_cpu():
        loaded = lw.Persistence(z, time_budget_s=15.0).wait()
    for ph in (quiet, loaded):
        assert ph.status["state"] == "ready" and not ph.info["stopped_early"]
        assert ph.info["final"] and "stopped early" not in ph.status["message"]
    np.testing.assert_array_equal(quiet.result.landmarks, loaded.result.landmarks)
    for a, b in zip(quiet.result.diagrams, loaded.result.diagrams, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(quiet.features, loaded.features)
    assert quiet.eps == loaded.eps and quiet.betti().tolist() == loaded.betti().tolist()


def test_a_torus_shows_betti_1_2_1_at_the_suggested_scale():
    for small in (1.0, 0.8):
        ph = lw.Persistence(torus(small=small), maxdim=2).wait()
        assert ph.status["state"] == "ready"
        # the plan runs to its last stage (241 landmarks here), unless the clock, the
        # ceiling, stopped a loaded machine early: then the view says so
        if ph.info.get("stopped_early"):
            assert "stopped early by the time ceiling" in ph.status["message"]
        else:
            assert ph.info["n_landmarks"] >= 128
        assert ph.betti().tolist() == [1, 2, 1], small


def test_pure_noise_says_nothing_is_certain_and_more_landmarks_lower_the_bound():
    blob = rng.normal(size=(3000, 16)).astype(np.float32)
    ph = lw.Persistence(blob, time_budget_s=1.0).wait()
    lengths = ph.features[:, 2] - ph.features[:, 1]
    assert not np.any((ph.features[:, 0] >= 1) & (lengths > 2 * ph.error_bound))
    assert ph.info["verdict"] == "No loop is certain: every bar lies inside the shaded band."
    assert ph.info["certain"] == [0]
    offer = ph.info["offers"]["more"]
    m, bound = ph.info["n_landmarks"], ph.error_bound
    assert offer["fits"] and offer["landmarks"] == 2 * m
    assert ph.info["offers"]["pca"] == {"k": 3, "dims": 16, "max_k": 15}
    assert any("would need about" in d for d in ph.info["details"])  # the arithmetic
    assert "would need" not in ph.info["verdict"]
    ph.eps = 0.9 * ph.eps  # the user's scale stays while more landmarks come
    chosen = ph.eps
    assert call(ph, "_more_landmarks_command", {}) == {"ok": True, "result": {"started": True}}
    assert ph.status["state"] == "computing" and "landmarks" in ph.status["message"]
    ph.wait()
    assert ph.info["n_landmarks"] == 2 * m and ph.error_bound < bound
    assert ph.eps == chosen and ph.status["state"] == "ready"


def test_a_pca_copy_computes_and_says_what_it_distorts():
    blob = rng.normal(size=(3000, 16)).astype(np.float32)
    # stages bounded by memory, far inside the time budget: the same on a loaded machine
    ph = lw.Persistence(blob, time_budget_s=30.0, memory_budget_bytes=8e7).wait()
    full_bound = ph.error_bound
    reply = call(ph, "_compute_command", {"scope": "all", "pca": 3})
    assert reply["ok"] is True
    ph.wait()
    reduction = ph.info["reduction"]
    assert reduction["k"] == 3 and reduction["dims"] == 16
    assert 0 < reduction["variance"] < 0.4  # noise: 3 of 16 axes hold little of it
    assert "keeps" in reduction["text"] and "at most" in reduction["text"]
    assert "PCA copy (3 of 16 dims)" in ph.info["scope_text"]
    assert ph.error_bound < full_bound  # landmarks cover 3 dims far more finely
    # what the sentence promises: no distance shrinks by more than max_shift
    copy = lw.PCA(n_components=3).fit_transform(blob)
    a, b = rng.integers(len(blob), size=(2, 5000))
    shrink = (np.linalg.norm(blob[a] - blob[b], axis=1)
              - np.linalg.norm(copy[a] - copy[b], axis=1))
    assert shrink.max() <= reduction["max_shift"] + 1e-4
    assert np.median(shrink / np.maximum(np.linalg.norm(blob[a] - blob[b], axis=1), 1e-9)) \
        == pytest.approx(reduction["typical_shrink"], abs=0.05)
    call(ph, "_compute_command", {"scope": "all"})
    ph.wait()
    assert ph.info["reduction"] is None and ph.error_bound == full_bound
    with pytest.raises(ValueError, match="keeps 1 to 15"):
        ph.compute("all", pca=16)


def test_more_landmarks_on_exact_diagrams_is_refused_in_words():
    ph = lw.Persistence(LATENTS).wait()
    assert ph.error_bound == 0 and ph.info["verdict"] == ""
    assert ph.info["offers"]["more"] is None
    reply = call(ph, "_more_landmarks_command", {})
    assert reply["ok"] is False and "every point" in reply["error"]["message"]


# -- every trait a person may set: refused in words, the value and the view unchanged -------


@pytest.mark.parametrize(("name", "value", "words"), [
    ("maxdim", 3, "maxdim must be between 0 and 2"),
    ("maxdim", 1.5, "maxdim"),
    ("eps", -0.1, "eps must be between 0 and"),
    ("eps", float("nan"), "eps must be finite"),
    ("eps", "0.3", "eps"),
    ("selected_feature", 10_000, "not a feature: use -1"),
    ("selected_feature", True, "must be a number"),
    ("view", "pie", "'diagram', 'barcode', 'both'"),
    ("layer", "decoder", "no latents for layer 'decoder'"),
    ("scope", "class:9", "not a class of this space (classes: class:0..class:1)"),
    ("scope", "class:x", "not a class"),
    ("scope", "selection", "lasso some points"),
    ("scope", "indices", "compute(indices)"),
    ("scope", "everything", "unknown scope"),
    ("selection", [0.5, 2], "must be integers"),
    ("selection", [2**32 + 5], "outside 0..299"),
    ("highlight", np.ones((2, 2), int), "must be 1-D"),
    ("cycle", [True, False], "boolean mask needs one value per point"),
    ("time_budget_s", 0, "time_budget_s must be a positive number of seconds"),
    ("time_budget_s", float("inf"), "time_budget_s must be finite"),
    ("memory_budget_bytes", -1, "memory_budget_bytes must be a positive number of bytes"),
    ("layer_landmarks", 1, "layer_landmarks must be between 2 and 300"),
    ("seed", -1, "seed must be a whole number, 0 or more"),
])
def test_each_trait_refuses_a_bad_value_in_words_and_keeps_its_value(name, value, words):
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    before, sent = getattr(ph, name), ph.get_state().get(name)
    with pytest.raises(traitlets.TraitError, match=re.escape(words)):
        setattr(ph, name, value)
    assert np.array_equal(np.asarray(getattr(ph, name), dtype=object),
                          np.asarray(before, dtype=object))
    assert ph.get_state().get(name) == sent  # what the view holds (None: not synced)


def test_settings_are_checked_at_construction_in_the_same_words():
    for kwargs, words in [(dict(maxdim=-1), "maxdim must be between 0 and 2"),
                          (dict(memory_budget_bytes=0), "positive number of bytes"),
                          (dict(layer_landmarks=10**6), "layer_landmarks must be between 2"),
                          (dict(seed=0.5), "seed must be a whole number")]:
        with pytest.raises(ValueError, match=re.escape(words)):
            lw.Persistence(LATENTS, **kwargs)


def test_eps_above_its_range_is_clamped_and_maxdim_and_scope_recompute():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    ph.eps = 1e9  # past every finite death: the same Betti numbers as at eps_max
    assert ph.eps == ph.eps_max and ph.get_state("eps")["eps"] == ph.eps_max
    ph.maxdim = 0
    ph.wait()
    assert ph.maxdim == 0 and np.all(ph.features[:, 0] == 0)
    ph.scope = "class:01"  # the key of the menu, whatever the spelling
    ph.wait()
    assert ph.scope == "class:1" and ph.info["n_points"] == len(RING)
    ph.memory_budget_bytes = 1e4  # too little for any stage: refused, nothing changes
    with pytest.raises(traitlets.TraitError, match="maxdim=1 was not applied: .*raise "
                                                   "memory_budget_bytes"):
        ph.maxdim = 1
    assert ph.maxdim == 0 and ph.get_state("maxdim")["maxdim"] == 0
    assert np.all(ph.features[:, 0] == 0) and ph.scope == "class:1"
    with pytest.raises(ValueError, match="must be integers"):
        ph.compute([0.5, 3.0])  # indices as every index trait takes them


def test_the_map_check_says_what_it_is_about_and_goes_when_the_points_change():
    ph = lw.Persistence(LATENTS, labels=LABELS).wait()
    flat = LATENTS[:, :2]
    ph.check_map(flat)
    about = ph.map_check["about"]
    assert about.startswith("About ") and f"{len(LATENTS):,} points" in about
    assert f"all {len(LATENTS)} points" in about and "against the points given" in about
    ph.eps = 0.2  # a new scale is the same set: the check stays
    assert ph.map_check["about"] == about
    ph.compute("class:0", background=False)
    assert ph.map_check == {}
    ph.check_map(flat)
    assert "class " in ph.map_check["about"]
    assert f"{int(np.sum(ph.space.labels == 0)):,} points" in ph.map_check["about"]
    ph.compute("class:0", background=False)  # the same points again: still true
    assert "class " in ph.map_check["about"]


def test_switching_the_layer_clears_the_check_of_the_map():
    t = rng.uniform(0, 2 * np.pi, 120)
    ring = (np.c_[np.cos(t), np.sin(t)] + 0.03 * rng.normal(size=(120, 2))).astype(np.float32)
    space = lw.LatentSpace.from_latents(ring)
    space.by_layer = {"ring": ring, "line": np.c_[t, np.zeros(120)].astype(np.float32)}
    space.layer = "ring"
    ph = lw.Persistence(space).wait()
    ph.check_map(ring)
    assert "layer 'ring'" in ph.map_check["about"]
    ph.layer = "line"
    ph.wait()
    assert ph.map_check == {}
    ph.check_map(ring)
    assert "layer 'line'" in ph.map_check["about"]
