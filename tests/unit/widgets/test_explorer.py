import numpy as np
import pytest
import traitlets

import latent_widgets as lw
from tests.unit.helpers import call, decode_images, two_blobs

rng = np.random.default_rng(0)
LATENTS, LABELS = two_blobs(rng)


def explorer(**kwargs):
    kwargs.setdefault("projection", "pca")
    return lw.Explorer(LATENTS, labels=LABELS, decode=decode_images, **kwargs)


def test_points_sync_as_a_binary_buffer_and_the_pca_map_is_exact():
    ex = explorer()
    state = ex.get_state()
    assert state["points"]["dtype"] == "float32" and state["points"]["shape"] == [80, 2]
    assert isinstance(state["points"]["buffer"], memoryview)
    pca = lw.PCA().fit(LATENTS)
    np.testing.assert_allclose(ex.points, pca.transform(LATENTS), atol=1e-5)
    assert ex.projection_state["shown"] == "pca" and ex.projection_state["state"] == "ready"
    assert 0.5 < ex.projection_state["trustworthiness"] <= 1.0


def test_labels_become_codes_and_class_names():
    ex = explorer()
    assert ex.class_names == ["far", "near"]
    np.testing.assert_array_equal(ex.labels, np.repeat([1, 0], 40))


def test_decode_goes_through_the_inverse_and_lists_latent_neighbours():
    ex = explorer(n_neighbours=4)
    x, y = map(float, ex.points[3])
    reply = call(ex, "_decode_command", {"x": x, "y": y})
    assert reply["ok"] is True, reply
    result = reply["result"]
    assert result["frame"].shape == (6, 4, 4) and result["frame"].dtype == np.uint8
    pca = lw.PCA().fit(LATENTS)
    want = pca.inverse_transform(np.array([[x, y]]))[0]
    np.testing.assert_allclose(ex.decoded_latent, want, atol=1e-5)
    expected_frame = lw.LatentSpace.from_latents(LATENTS, decode=decode_images).decode(want)[0]
    np.testing.assert_array_equal(result["frame"], expected_frame)
    neighbours = result["neighbours"]
    distances = np.linalg.norm(LATENTS - want, axis=1)
    np.testing.assert_array_equal(neighbours["indices"], np.argsort(distances)[:4])
    np.testing.assert_allclose(neighbours["distances"], np.sort(distances)[:4], rtol=1e-4)
    assert neighbours["labels"] == ["near"] * 4
    assert neighbours["thumbnails"] is None


def test_a_raising_decoder_answers_with_its_error_keeps_the_selection_and_next_works():
    def decode(z):
        if np.asarray(z)[0, 0] > 1.5:
            raise ValueError("that corner of the space is not decodable")
        return np.zeros((len(z), 3, 3))

    ex = lw.Explorer(LATENTS, decode=decode, projection="pca")
    ex.selection = [1, 2, 3]
    far_x, far_y = map(float, ex.points[60])
    bad = call(ex, "_decode_command", {"x": far_x, "y": far_y})
    assert bad["ok"] is False
    assert bad["error"]["type"] == "ValueError"
    assert bad["error"]["message"] == "that corner of the space is not decodable"
    assert "Traceback" in bad["error"]["traceback"]
    np.testing.assert_array_equal(ex.selection, [1, 2, 3])
    near_x, near_y = map(float, ex.points[0])
    assert call(ex, "_decode_command", {"x": near_x, "y": near_y})["ok"] is True


def test_without_decoder_the_map_works_and_the_reply_says_what_to_do():
    ex = lw.Explorer(LATENTS, projection="pca")
    assert ex.has_decoder is False
    reply = call(ex, "_decode_command", {"x": 0, "y": 0})
    assert reply["ok"] is False and "decode=" in reply["error"]["message"]


def test_hover_command_gives_label_and_thumbnail():
    thumbs = np.zeros((80, 4, 4, 4), dtype=np.uint8)
    thumbs[7] = 200
    ex = explorer(thumbnails=thumbs)
    reply = call(ex, "_hover_command", {"index": 7})["result"]
    assert reply["label"] == "near" and reply["index"] == 7
    assert (reply["thumbnail"] == 200).all()
    assert call(ex, "_hover_command", {"index": 80})["error"]["type"] == "IndexError"


def test_echo_command_returns_its_request():
    frame = np.ones((2, 2, 4), dtype=np.uint8)
    reply = call(explorer(), "_echo_command", {"frame": frame, "x": 3})
    np.testing.assert_array_equal(reply["result"]["frame"], frame)


def test_selection_and_highlight_are_validated_indices():
    ex = explorer()
    ex.selection = [5, 1, 5]
    np.testing.assert_array_equal(ex.selection, [1, 5])
    with pytest.raises(traitlets.TraitError, match=r"outside 0\.\.79"):
        ex.highlight = [80]
    with pytest.raises(traitlets.TraitError, match="are not classes"):
        ex.hidden_classes = [2]
    ex.hidden_classes = [1, 1]
    assert ex.hidden_classes == [1]


def test_selection_changes_are_observable():
    ex = explorer()
    seen = []
    ex.observe(lambda change: seen.append(change["new"].tolist()), names="selection")
    ex.selection = [3, 4]
    assert seen == [[3, 4]]


def test_numeric_colour_is_scaled_with_its_range():
    values = np.arange(80, dtype=float) * 2 - 10
    ex = explorer(color=values)
    assert ex.color_mode == "value" and ex.color_range == [-10.0, 148.0]
    assert ex.color_values.min() == 0.0 and ex.color_values.max() == 1.0


def test_umap_computes_in_the_background_while_pca_is_shown():
    ex = explorer(projection="umap", projection_options={"umap": {"n_neighbors": 10}})
    assert ex.projection == "umap"
    ex.wait_for_projection(timeout=180)
    state = ex.projection_state
    assert state["shown"] == "umap" and state["state"] == "ready", state
    umap_points = ex.points.copy()
    # UMAP keeps the two clusters apart
    near, far = umap_points[:40].mean(axis=0), umap_points[40:].mean(axis=0)
    spread = umap_points[:40].std(axis=0).max()
    assert np.linalg.norm(near - far) > 3 * spread
    ex.projection = "pca"  # cached maps switch at once
    assert ex.projection_state["shown"] == "pca"
    ex.projection = "umap"
    np.testing.assert_array_equal(ex.points, umap_points)
    x, y = map(float, umap_points[0])
    reply = call(ex, "_decode_command", {"x": x, "y": y})
    np.testing.assert_allclose(ex.decoded_latent, LATENTS[0], atol=1e-4)  # kNN inverse exact
    assert reply["ok"]


def test_a_failing_projection_is_reported_and_the_shown_map_stays():
    ex = lw.Explorer(LATENTS[:5], projection="pca",
                     projection_options={"umap": {"n_neighbors": 30}})
    ex.projection = "umap"
    ex.wait_for_projection(timeout=60)
    assert ex.projection_state["state"] == "error"
    assert "n_neighbors" in ex.projection_state["message"]
    assert ex.projection == "pca" and ex.projection_state["shown"] == "pca"


def test_figure_draws_the_same_map():
    ex = explorer()
    ex.hidden_classes = [0]
    ex.selection = [0, 1]
    figure = ex.figure()
    axes = figure.axes[0]
    offsets = [collection.get_offsets() for collection in axes.collections]
    drawn = np.concatenate(offsets[:-1])  # the last collection is the selection ring
    assert len(drawn) == 40  # class 0 ("far") hidden
    np.testing.assert_allclose(np.sort(drawn[:, 0]), np.sort(ex.points[:40, 0]), atol=1e-6)
    assert [t.get_text() for t in axes.get_legend().get_texts()][0] == "near"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"projection": "tsne"}, ValueError, "projection must be one of pca, umap"),
        ({"color": np.arange(3)}, ValueError, r"one number per point \(80\)"),
        ({"color": "loss"}, ValueError, 'color must be "label"'),
        ({"color": ["a"] * 80}, ValueError, "give categories as labels="),
    ],
)
def test_bad_arguments_are_refused_in_words(kwargs, error, match):
    with pytest.raises(error, match=match):
        lw.Explorer(LATENTS, **kwargs)


def test_space_arguments_belong_to_the_space():
    space = lw.LatentSpace.from_latents(LATENTS)
    with pytest.raises(TypeError, match="belong to the LatentSpace"):
        lw.Explorer(space, labels=LABELS)


def test_missing_bundle_is_reported_with_the_build_command(tmp_path):
    class Unbuilt(lw.Explorer):  # defining it works: only creating one needs the bundle
        _esm = tmp_path / "missing.js"

    with pytest.raises(FileNotFoundError, match="make js"):
        Unbuilt(LATENTS, projection="pca")


def test_digits_space_decodes_images_of_digits():
    from latent_widgets.demo import digits_space

    space = digits_space(epochs=50)
    assert space.n == 1797 and space.dim == 8 and space.class_names[3] == "3"
    frames = space.decode(space.latents[:2])
    assert frames.shape == (2, 8, 8, 4)
    assert space.thumbnails.shape == (1797, 8, 8, 4)


def test_after_reply_runs_at_once_outside_a_kernel_even_inside_an_event_loop():
    import asyncio
    import threading

    from latent_widgets.widgets._base import after_reply

    ran = []

    async def inside_a_loop():  # as under Playwright's sync API in the browser tests
        after_reply(lambda: ran.append("now"))
        ran.append("after the call")

    # a thread of its own: this process may already run an event loop (Playwright's)
    worker = threading.Thread(target=lambda: asyncio.run(inside_a_loop()))
    worker.start()
    worker.join()
    assert ran == ["now", "after the call"]
    after_reply(lambda: ran.append("again"))
    assert ran[-1] == "again"


def test_a_click_on_a_data_point_decodes_that_point_itself_and_between_points_the_inverse():
    ex = explorer(n_neighbours=3)
    x, y = map(float, ex.points[7])
    on_point = call(ex, "_decode_command", {"x": x + 1e-3, "y": y, "index": 7, "click": True})
    assert on_point["ok"] is True, on_point
    assert on_point["result"]["index"] == 7 and ex.decoded_index == 7
    np.testing.assert_array_equal(ex.decoded_latent, LATENTS[7])  # not the PCA inverse
    want = lw.LatentSpace.from_latents(LATENTS, decode=decode_images).decode(LATENTS[7])[0]
    np.testing.assert_array_equal(on_point["result"]["frame"], want)
    assert [on_point["result"]["x"], on_point["result"]["y"]] == [x, y]  # the point's place
    assert on_point["result"]["neighbours"]["indices"][0] == 7
    assert ex.last_click["index"] == 7
    between = call(ex, "_decode_command", {"x": x + 0.5, "y": y, "index": -1})
    assert between["result"]["index"] == -1 and ex.decoded_index == -1
    pca = lw.PCA().fit(LATENTS)
    np.testing.assert_allclose(ex.decoded_latent, pca.inverse_transform([[x + 0.5, y]])[0],
                               atol=1e-5)
    np.testing.assert_array_equal(ex.decode_point(7), want)
    with pytest.raises(IndexError, match="point 80 does not exist"):
        ex.decode_point(80)


def test_another_layer_cannot_decode_says_why_and_the_view_knows_the_way_back():
    from latent_widgets.demo import digits_space

    space = digits_space(layer=["encoder.1", "encoder.3"], epochs=5, max_samples=200)
    ex = lw.Explorer(space, projection="pca")
    assert ex.decode_layer == "encoder.3" and ex.has_decoder and ex.decoder_note == ""
    ex.layer = "encoder.1"
    assert not ex.has_decoder and "the decoder reads 'encoder.3'" in ex.decoder_note
    reply = call(ex, "_decode_command", {"x": 0.0, "y": 0.0})
    assert reply["ok"] is False and "explorer.layer = 'encoder.3'" in reply["error"]["message"]
    ex.layer = ex.decode_layer  # what the view's button sets
    assert ex.has_decoder and call(ex, "_decode_command", {"x": 0.0, "y": 0.0})["ok"] is True
    first_on_other = lw.Explorer(space.use_layer("encoder.1"), projection="pca")
    assert not first_on_other.has_decoder and first_on_other.decode_layer == "encoder.3"
    space.use_layer("encoder.3")


@pytest.mark.parametrize("error", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_a_command_always_replies_even_to_base_exceptions(error):
    def stuck(z):
        raise error()

    space = lw.LatentSpace.from_latents(LATENTS, decode=decode_images)
    ex = lw.Explorer(space, projection="pca")
    space._decoder.fn = stuck  # the decoder starts raising after the construction's check
    reply = call(ex, "_decode_command", {"x": 0.0, "y": 0.0})
    assert reply["ok"] is False
    if error is KeyboardInterrupt:
        assert reply["error"]["type"] == "Interrupted"
        assert reply["error"]["message"].startswith("interrupted")
    else:
        assert reply["error"]["type"] == error.__name__
    assert call(ex, "_echo_command", {"a": 1})["ok"] is True  # and the next one works


@pytest.mark.parametrize(
    ("trait", "value", "match"),
    [
        ("point_size", -3, r"between 0.5 and 64, got -3"),
        ("point_size", 1e6, "between 0.5 and 64"),
        ("opacity", 7, "between 0.02 and 1"),
        ("opacity", float("nan"), "finite"),
        ("height", 0, "between 120 and 4000"),
        ("height", 100000, "between 120 and 4000"),
        ("height", 300.5, "expected an int"),
        ("n_neighbours", 5000, "between 0 and 50"),
        ("n_neighbours", -1, "between 0 and 50"),
        ("rips_eps", -0.1, "between 0 and"),
        ("path_current", 3.0, r"between -1 and -1, got 3.0 .* the path has 0 steps"),
        ("color_mode", "rainbow", "color_mode"),
        ("color_values", np.linspace(0, 1, 79), r"one value per point \(80\), got 79"),
        ("color_values", np.r_[np.nan, np.zeros(79)], "finite and scaled to"),
        ("color_values", np.linspace(0, 5, 80), "explorer.color_by"),
    ],
)
def test_appearance_traits_are_refused_in_words_and_keep_their_value(trait, value, match):
    ex = explorer()
    before = getattr(ex, trait)
    with pytest.raises(traitlets.TraitError, match=match):
        setattr(ex, trait, value)
    after = getattr(ex, trait)
    assert (after is None and before is None) or np.array_equal(after, before)


def test_color_by_scales_any_numbers_and_sets_the_colour_bar_together():
    ex = explorer()
    ex.color_by(np.linspace(-2, 6, 80))
    assert ex.color_mode == "value" and ex.color_range == [-2.0, 6.0]
    np.testing.assert_allclose(ex.color_values, np.linspace(0, 1, 80), atol=1e-6)
    ex.color_mode, ex.color_values = "value", np.linspace(0, 1, 80)  # as in a notebook cell
    ex.color_by("label")
    assert ex.color_mode == "label" and ex.color_values is None
    with pytest.raises(ValueError, match="NaN or inf"):
        ex.color_by(np.r_[np.inf, np.zeros(79)])


def test_the_view_gets_the_spaces_layers_read_only():
    from latent_widgets.demo import digits_space

    space = digits_space(layer=["encoder.1", "encoder.3"], epochs=5, max_samples=200)
    ex = lw.Explorer(space, projection="pca")
    assert ex.layers == ["encoder.1", "encoder.3"] and ex.get_state()["layers"] == ex.layers
    with pytest.raises(traitlets.TraitError, match="read-only"):
        ex.layers = ["x"]
    assert explorer().layers == ["output"]


def test_a_new_map_moves_a_decoded_point_and_drops_an_inverse_position():
    ex = explorer()
    call(ex, "_decode_command", {"x": 0.0, "y": 0.0, "index": 7})
    ex.points = ex.points * 2.0  # what a new projection does
    assert ex.decoded_position == [float(v) for v in ex.points[7]]
    call(ex, "_decode_command", {"x": 0.25, "y": 0.5, "index": -1})
    assert ex.decoded_position == [0.25, 0.5]
    ex.points = ex.points + 1.0
    assert ex.decoded_position is None  # that position has no place on the new map
    assert ex.decoded_index == -1
