import numpy as np
import pytest
import traitlets

import latent_widgets as lw
from latent_widgets.demo import digits_demo
from latent_widgets.widgets.arrays import unpack_arrays


def call(widget, name, request):
    """Run a command the way anywidget does when the view invokes it."""
    handler = type(widget)._anywidget_commands[name]
    reply, buffers = handler(widget, request, [])
    return unpack_arrays(reply, [bytes(b) for b in buffers])


def test_points_sync_as_a_binary_buffer():
    ex = lw.Explorer(np.zeros((5, 2)))
    state = ex.get_state()
    assert state["points"]["dtype"] == "float32"
    assert state["points"]["shape"] == [5, 2]
    assert isinstance(state["points"]["buffer"], memoryview)


def test_string_labels_become_codes_and_class_names():
    ex = lw.Explorer(np.zeros((4, 2)), labels=["cat", "dog", "cat", "bird"])
    assert ex.class_names == ["bird", "cat", "dog"]
    np.testing.assert_array_equal(ex.labels, [1, 2, 1, 0])


def test_integer_labels_with_class_names():
    ex = lw.Explorer(np.zeros((3, 2)), labels=[0, 2, 1], class_names=["a", "b", "c"])
    np.testing.assert_array_equal(ex.labels, [0, 2, 1])
    assert ex.class_names == ["a", "b", "c"]


def test_decode_command_returns_a_frame_of_the_decoder_size():
    ex = lw.Explorer(np.zeros((3, 2)), decode=lambda p: np.full((7, 5), float(p[0] > 0)))
    reply = call(ex, "_decode_command", {"x": 1.5, "y": -2.0})
    assert reply["ok"] is True
    frame = reply["result"]["frame"]
    assert frame.shape == (7, 5, 4) and frame.dtype == np.uint8
    assert (frame[..., 0] == 255).all()
    assert reply["result"]["x"] == 1.5
    assert ex.decoded_position == [1.5, -2.0]


def test_a_raising_decoder_answers_with_its_error_and_the_next_call_works():
    def decode(position):
        if position[0] < 0:
            raise ValueError("left half is not decodable")
        return np.zeros((2, 2))

    ex = lw.Explorer(np.zeros((3, 2)), decode=decode)
    bad = call(ex, "_decode_command", {"x": -1, "y": 0})
    assert bad["ok"] is False
    assert bad["error"]["type"] == "ValueError"
    assert bad["error"]["message"] == "left half is not decodable"
    assert "Traceback" in bad["error"]["traceback"]
    good = call(ex, "_decode_command", {"x": 1, "y": 0})
    assert good["ok"] is True


def test_without_decoder_the_reply_says_how_to_set_one():
    ex = lw.Explorer(np.zeros((3, 2)))
    assert ex.has_decoder is False
    reply = call(ex, "_decode_command", {"x": 0, "y": 0})
    assert reply["ok"] is False and "pass decode=" in reply["error"]["message"]


def test_echo_command_returns_its_request():
    ex = lw.Explorer(np.zeros((3, 2)))
    frame = np.ones((2, 2, 4), dtype=np.uint8)
    reply = call(ex, "_echo_command", {"frame": frame, "x": 3})
    np.testing.assert_array_equal(reply["result"]["frame"], frame)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"points": np.zeros((3, 3))}, ValueError, r"shape \(n, 2\)"),
        ({"points": [[0, np.nan], [1, 1]]}, ValueError, r"non-finite rows \(first indices \[0\]"),
        ({"points": np.zeros((3, 2)), "labels": [1, 2]}, ValueError, "one value per sample"),
        ({"points": np.zeros((2, 2)), "decode": "nope"}, TypeError, "decode must be a callable"),
        (
            {"points": np.zeros((2, 2)), "labels": [0, 5], "class_names": ["a"]},
            ValueError,
            "must lie in 0..0",
        ),
    ],
)
def test_bad_input_is_refused_in_words(kwargs, error, match):
    with pytest.raises(error, match=match):
        lw.Explorer(**kwargs)


def test_setting_points_of_the_wrong_shape_later_is_refused():
    ex = lw.Explorer(np.zeros((3, 2)))
    with pytest.raises(traitlets.TraitError, match="shape"):
        ex.points = np.zeros((3, 3))


def test_digits_demo_decodes_the_mean_digit_at_the_origin():
    demo = digits_demo()
    assert demo.points.shape == (1797, 2)
    image = demo.decode(np.zeros(2))
    np.testing.assert_allclose(image.ravel(), np.clip(demo.mean / 16.0, 0, 1))
    # PCA scores of a digit decode to its projection onto the two components
    centred = demo.images[0].ravel() - demo.mean
    projected = demo.mean + centred @ demo.components.T @ demo.components
    np.testing.assert_allclose(
        demo.decode(demo.points[0]).ravel(), np.clip(projected / 16.0, 0, 1), atol=1e-5
    )


def test_missing_bundle_is_reported_with_the_build_command(tmp_path):
    class Unbuilt(lw.Explorer):  # defining it works: only creating one needs the bundle
        _esm = tmp_path / "missing.js"

    with pytest.raises(FileNotFoundError, match="make js"):
        Unbuilt(np.zeros((2, 2)))
