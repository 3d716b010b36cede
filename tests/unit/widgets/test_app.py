"""lw.explore: the three views of one space, linked, in one box that wraps when narrow."""

import warnings

import ipywidgets
import pytest

import latent_widgets as lw
from latent_widgets.widgets.app import NO_DECODER_NOTE
from tests.unit.helpers import RING, decode_images
from tests.unit.helpers import RING_LABELS as LABELS
from tests.unit.helpers import RING_LATENTS as LATENTS


@pytest.fixture
def app():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no layout option ipywidgets would drop with a warning
        app = lw.explore(LATENTS, projection="pca", labels=LABELS, decode=decode_images)
    app.persistence.wait()
    return app


def test_one_space_three_views_and_they_are_linked(app):
    assert isinstance(app, ipywidgets.Box) and app.views == [app.explorer, app.persistence,
                                                             app.interpolation]
    assert app.explorer.space is app.persistence.space is app.interpolation.space is app.space
    app.explorer.selection = RING[:100]  # the lasso becomes a scope
    assert any(s["key"] == "selection" for s in app.persistence.scopes)
    app.explorer.last_click = {"x": 0.0, "y": 0.0, "index": int(RING[0]), "n": 1}
    app.explorer.last_click = {"x": 0.0, "y": 0.0, "index": int(RING[5]), "n": 2}
    assert len(app.interpolation.anchors) == 2  # clicks add anchors
    app.persistence.eps = 0.3
    assert app.explorer.rips_eps == 0.3
    app.unlink()
    assert app.explorer.rips_eps == 0


def test_wide_side_by_side_narrow_stacked(app):
    assert app.layout.display == "flex" and app.layout.flex_flow == "row wrap"
    map_side, homology = app.children
    assert list(map_side.children) == [app.explorer, app.interpolation]
    assert homology is app.persistence
    assert map_side.layout.flex == "1 1 560px" and homology.layout.flex == "1 1 420px"
    assert "lw-app" in app._dom_classes


def test_without_a_decoder_there_is_no_path_view_and_it_says_why():
    app = lw.explore(LATENTS, projection="pca", labels=LABELS)
    assert app.interpolation is None and app.views == [app.explorer, app.persistence]
    note = app.children[0].children[-1]
    assert isinstance(note, ipywidgets.HTML) and NO_DECODER_NOTE in note.value
    assert "pass decode=" in NO_DECODER_NOTE
    assert not app.explorer.has_decoder and "decode=" in app.explorer.decoder_note


def test_a_single_layer_space_and_the_arguments_reach_their_views():
    space = lw.LatentSpace.from_latents(LATENTS, labels=LABELS, decode=decode_images)
    app = lw.explore(space, projection="pca", maxdim=0, method="slerp", steps=5, height=300)
    assert app.space is space and app.explorer.layers == [space.layer]
    assert app.persistence.maxdim == 0 and app.explorer.height == 300
    assert app.interpolation.method == "slerp" and app.interpolation.steps == 5


def test_bad_arguments_are_refused_in_the_views_words():
    with pytest.raises(ValueError, match="projection must be one of"):
        lw.explore(LATENTS, projection="tsne")
    with pytest.raises(ValueError, match="maxdim"):
        lw.explore(LATENTS, projection="pca", maxdim=5)
    space = lw.LatentSpace.from_latents(LATENTS)
    with pytest.raises(TypeError, match="belong to the LatentSpace"):
        lw.explore(space, labels=LABELS)
