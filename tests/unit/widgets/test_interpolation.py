import numpy as np
import pytest
from PIL import Image

import latent_widgets as lw
from tests.unit.helpers import BLOB_LABELS as LABELS
from tests.unit.helpers import BLOB_LATENTS as LATENTS
from tests.unit.helpers import call, decode_images


def interpolation(**kwargs):
    return lw.Interpolation(LATENTS, labels=LABELS, decode=decode_images, **kwargs)


def test_two_index_anchors_give_a_decoded_strip_with_exact_ends():
    ip = interpolation(anchors=[3, 50], steps=6)
    assert ip.anchor_names == ["#3 (near)", "#50 (far)"]
    assert ip.frames.shape == (6, 6, 4, 4) and len(ip.path) == 6
    np.testing.assert_allclose(ip.path[0], LATENTS[3])
    np.testing.assert_allclose(ip.path[-1], LATENTS[50])
    want = ip.space.decode(LATENTS[[3, 50]])
    np.testing.assert_array_equal(ip.frames[[0, -1]], want)
    assert ip.smoothness.shape == (5,) and ip.status["state"] == "ready"


def test_fewer_than_two_anchors_means_no_path_and_no_error():
    ip = interpolation()
    assert len(ip.frames) == 0 and ip.status["state"] == "ready"
    ip.add_anchor(index=4)
    assert len(ip.frames) == 0
    ip.add_anchor(latent=LATENTS[60] + 0.5, name="somewhere")
    assert len(ip.frames) == 8 and ip.anchor_names == ["#4 (near)", "somewhere"]


def test_method_and_steps_recompute_and_bad_values_are_refused():
    ip = interpolation(anchors=[0, 45], steps=4)
    ip.steps = 10
    assert len(ip.frames) == 10
    ip.method = "slerp"
    norms = np.linalg.norm(ip.path, axis=1)
    low, high = sorted(np.linalg.norm(LATENTS[[0, 45]], axis=1))
    assert np.all(norms >= low - 1e-4) and np.all(norms <= high + 1e-4)
    ip.method = "data"  # the two blobs are apart: no path along the data joins them
    assert ip.status["state"] == "error" and "different pieces" in ip.status["message"]
    ip.anchors = [0, 30]  # both in the "near" blob
    assert ip.status["state"] == "ready" and len(ip.frames) == 10
    with pytest.raises(Exception, match="steps must be between 2 and 64"):
        ip.steps = 1
    with pytest.raises(Exception, match="not data points"):
        ip.anchors = [0, 999]


def test_scrub_decodes_between_steps():
    ip = interpolation(anchors=[3, 50], steps=5)
    reply = call(ip, "_scrub_command", {"t": 1.5})
    assert reply["ok"] is True and reply["result"]["step"] == 2
    middle = (ip.path[1] + ip.path[2]) / 2
    np.testing.assert_array_equal(reply["result"]["frame"], ip.space.decode(middle[None])[0])


def test_traverse_moves_the_current_step_along_an_axis():
    ip = interpolation(anchors=[3, 50], steps=5)
    ip.current = 2
    assert ip.traverse_origin == "the scrubber's step of the path"
    values = np.zeros(len(ip.axis_names))
    values[0] = 1.5
    latent = ip.traverse(values)
    axis = int(ip.axis_names[0][1:])
    want = ip.path[2].copy()
    want[axis] += 1.5
    np.testing.assert_allclose(latent, want, atol=1e-6)
    reply = call(ip, "_traverse_command", {"values": values.tolist()})
    assert reply["ok"] and reply["result"]["frame"].shape == (6, 4, 4)
    bad = call(ip, "_traverse_command", {"values": [1.0]})
    assert bad["ok"] is False and "one value per axis" in bad["error"]["message"]


def test_the_traversal_axes_come_with_their_order_and_variance_in_words():
    ip = interpolation(anchors=[3, 50])
    variance = np.var(LATENTS.astype(np.float64), axis=0)
    order = np.argsort(-variance, kind="stable")
    assert ip.axis_names == [f"z{i}" for i in order]
    np.testing.assert_allclose(ip.axis_variances, variance[order], rtol=1e-6)
    np.testing.assert_allclose(ip.axis_shares, variance[order] / variance.sum(), rtol=1e-6)
    assert ip.axis_order == "by variance of the latents along each dimension, largest first"


def test_class_arithmetic_adds_the_result_as_a_new_anchor_and_keeps_the_others():
    ip = interpolation(anchors=[3, 30, 50], steps=5)
    ip.current = 4  # the second anchor's step
    before, names = ip.anchors.copy(), list(ip.anchor_names)
    reply = call(ip, "_class_command", {"from": 1, "to": 0, "scale": 1.0})  # near → far
    assert reply["ok"]
    shift = LATENTS[LABELS == "far"].mean(0) - LATENTS[LABELS == "near"].mean(0)
    assert len(ip.anchors) == 4 and ip.anchor_names[:3] == names
    np.testing.assert_array_equal(ip.anchors[:3], before)
    np.testing.assert_allclose(ip.anchors[3], LATENTS[30] + shift, atol=1e-5)
    assert ip.anchor_names[3] == "step 4 + 1 × (far − near)"
    assert len(ip.frames) == 3 * 4 + 1  # the path runs on to the new anchor
    note = reply["result"]["note"]
    assert note == ("Class arithmetic added anchor 4, step 4 + 1 × (far − near), at the end of "
                    "the path; the 3 anchors before it are kept (✕ removes it)")
    assert ip.status["state"] == "ready" and ip.status["message"].startswith(note)
    assert "13 steps through 4 anchors" in ip.status["message"]


def test_class_arithmetic_replaces_the_path_only_when_asked_and_says_so():
    ip = interpolation(anchors=[3, 30, 50], steps=5)
    ip.current = 0
    note = ip.class_arithmetic("near", "far", scale=0.5, replace=True)
    shift = LATENTS[LABELS == "far"].mean(0) - LATENTS[LABELS == "near"].mean(0)
    assert ip.anchor_names == ["step 0", "step 0 + 0.5 × (far − near)"]
    np.testing.assert_allclose(ip.anchors[0], LATENTS[3], atol=1e-6)
    np.testing.assert_allclose(ip.anchors[1] - ip.anchors[0], 0.5 * shift, atol=1e-5)
    assert note.endswith("the 3 anchors before were replaced")
    with pytest.raises(ValueError, match="no class 'square': the classes are far, near"):
        ip.class_arithmetic("near", "square")
    with pytest.raises(ValueError, match="class 5 does not exist: use 0..1"):
        ip.class_arithmetic(0, 5)


def test_class_arithmetic_without_a_path_starts_one_from_the_anchor_or_the_mean():
    ip = interpolation(anchors=[3])
    ip.class_arithmetic(0, 1)
    assert ip.anchor_names == ["#3 (near)", "#3 (near) + 1 × (near − far)"]
    assert len(ip.frames) == 8
    empty = interpolation()
    note = empty.class_arithmetic(0, 1)
    np.testing.assert_allclose(empty.anchors[0], LATENTS.mean(0), atol=1e-5)
    assert empty.anchor_names[0] == "the mean of the data" and "new path" in note
    one = interpolation(anchors=[3])
    assert one.class_arithmetic(0, 1, replace=True).endswith("; the anchor before was replaced")
    reply = call(one, "_class_command", {"from": 0, "to": 1})
    assert reply["result"]["anchors"] == one.anchor_names and len(one.anchor_names) == 3


def test_anchor_commands_reorder_remove_and_clear():
    ip = interpolation(anchors=[1, 2, 3])
    assert call(ip, "_anchors_command", {"action": "down", "index": 0})["ok"]
    assert ip.anchor_names == ["#2 (near)", "#1 (near)", "#3 (near)"]
    call(ip, "_anchors_command", {"action": "remove", "index": 1})
    assert ip.anchor_names == ["#2 (near)", "#3 (near)"]
    bad = call(ip, "_anchors_command", {"action": "remove", "index": 7})
    assert bad["ok"] is False and "does not exist" in bad["error"]["message"]
    call(ip, "_anchors_command", {"action": "clear", "index": -1})
    assert ip.anchor_names == [] and len(ip.frames) == 0


def test_a_raising_decoder_is_reported_and_the_last_path_stays():
    calls = {"n": 0}

    def flaky(z):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("the decoder fell over")
        return decode_images(z)

    ip = lw.Interpolation(LATENTS, anchors=[3, 50], steps=4, decode=flaky)
    frames = ip.frames.copy()
    ip.steps = 6
    assert ip.status["state"] == "error" and "fell over" in ip.status["message"]
    np.testing.assert_array_equal(ip.frames, frames)
    no_decoder = lw.Interpolation(LATENTS, anchors=[3, 50])
    assert "no decoder" in no_decoder.status["message"]


def test_exports_write_a_png_strip_a_gif_with_one_frame_per_step_and_a_figure(tmp_path):
    ip = interpolation(anchors=[3, 50], steps=7)
    png = Image.open(ip.to_png(tmp_path / "strip.png"))
    # seven 6×4 frames enlarged 16× to 96 px high, 2 px apart
    assert png.format == "PNG" and png.size == (7 * 64 + 6 * 2, 96)
    gif = Image.open(ip.to_gif(tmp_path / "path.gif"))
    assert gif.format == "GIF" and gif.n_frames == 7 and gif.info["loop"] == 0
    figure = ip.figure()
    assert len(figure.axes) == 8  # seven frames and the smoothness trace
    with pytest.raises(ValueError, match="two or more anchors"):
        interpolation().to_gif(tmp_path / "none.gif")


def test_link_adds_clicked_points_as_anchors_and_draws_the_path_on_the_map():
    ex = lw.Explorer(LATENTS, labels=LABELS, decode=decode_images, projection="pca")
    ip = lw.Interpolation(ex.space, steps=5)
    lw.link(ex, ip)
    assert ip.linked
    x, y = map(float, ex.points[7])
    call(ex, "_decode_command", {"x": x, "y": y, "click": True, "index": 7})
    call(ex, "_decode_command", {"x": 9.0, "y": -1.0, "click": True, "index": -1})
    call(ex, "_decode_command", {"x": 0.0, "y": 0.0})  # a hover decode adds nothing
    assert ip.anchor_names == ["#7 (near)", "map (9, -1)"]
    np.testing.assert_allclose(ip.anchors[0], LATENTS[7])
    np.testing.assert_allclose(ex.path[0], ex.points[7], atol=1e-4)
    np.testing.assert_allclose(ex.path[-1], [9.0, -1.0], atol=1e-4)  # PCA: exact inverse
    assert ex.path.shape == (5, 2)
    ip.current = 3
    assert ex.path_current == 3
    ip.picking = False
    call(ex, "_decode_command", {"x": 1.0, "y": 1.0, "click": True, "index": -1})
    assert len(ip.anchor_names) == 2


def test_bad_values_set_from_python_are_refused_in_words_and_keep_the_state():
    import traitlets

    ip = lw.Interpolation(LATENTS, anchors=[0, 1], decode=decode_images)
    before = (ip.steps, ip.current, ip.anchors.copy())
    for trait, value, match in [
        ("steps", 2.5, "expected an int"), ("steps", 1000, "between 2 and 64"),
        ("current", -1.0, "between 0 and"), ("current", 1e9, "the path has"),
        ("anchors", [2**32 + 5, 1], "outside 0.."), ("anchors", [True, False], "True/False"),
        ("method", "spline", "method"),
    ]:
        with pytest.raises(traitlets.TraitError, match=match):
            setattr(ip, trait, value)
    assert (ip.steps, ip.current) == before[:2]
    np.testing.assert_array_equal(ip.anchors, before[2])
