"""One status shape for every view, set from an exception by one helper."""

from __future__ import annotations

import numpy as np
import pytest
import traitlets

import latent_widgets as lw
from latent_widgets.widgets._status import STATES, status, status_from_error
from tests.unit.helpers import BLOB_LABELS, BLOB_LATENTS, decode_images

SHAPE = {"state", "message", "progress", "traceback"}


def widgets():
    space = lw.LatentSpace.from_latents(BLOB_LATENTS, labels=BLOB_LABELS, decode=decode_images)
    explorer = lw.Explorer(space, projection="pca")
    persistence = lw.Persistence(space).wait()
    interpolation = lw.Interpolation(space, anchors=[0, 50])
    return {"explorer": explorer, "persistence": persistence, "interpolation": interpolation}


def test_every_view_has_the_one_status_shape_once_ready():
    for name, widget in widgets().items():
        assert set(widget.status) == SHAPE, name
        assert widget.status["state"] == "ready", (name, widget.status)
    explorer = widgets()["explorer"]
    assert SHAPE <= set(explorer.projection_state)  # the same shape, plus the map's fields


def test_an_exception_becomes_an_error_status_with_its_traceback():
    try:
        raise ValueError("the decoder wants 8 numbers")
    except ValueError as exc:
        got = status_from_error(exc, "anchor not added")
    assert got["state"] == "error" and got["progress"] is None
    assert got["message"] == "anchor not added: the decoder wants 8 numbers"
    assert "ValueError" in got["traceback"] and "test_status.py" in got["traceback"]
    with pytest.raises(ValueError, match="one of ready, computing, error"):
        status("done")
    assert set(status(STATES[1], "working", 0.5)) == SHAPE


def test_show_error_is_the_same_on_every_widget():
    for name, widget in widgets().items():
        widget.show_error(RuntimeError("boom"), "context")
        assert widget.status["state"] == "error", name
        assert widget.status["message"] == "context: boom", name
        assert "RuntimeError" in widget.status["traceback"], name


def test_a_bad_value_is_refused_the_same_way_in_every_widget():
    views = widgets()
    for name in ("explorer", "persistence"):
        with pytest.raises(traitlets.TraitError, match="layer"):
            views[name].layer = "no such layer"
        assert views[name].status["state"] == "ready", name  # the view keeps its state
    with pytest.raises(traitlets.TraitError):
        views["interpolation"].method = "cubic"
    assert views["interpolation"].status["state"] == "ready"


def test_a_failing_umap_shows_in_both_the_status_and_the_projection_state():
    explorer = lw.Explorer(np.random.default_rng(0).normal(size=(30, 4)).astype(np.float32),
                           projection="pca", projection_options={"umap": {"n_neighbors": 500}})
    explorer.projection = "umap"
    explorer._worker.join(60)
    assert explorer.projection_state["state"] == "error"
    assert explorer.status == {key: explorer.projection_state[key] for key in SHAPE}
    assert "UMAP failed" in explorer.status["message"] and explorer.status["traceback"]
