"""Naitzat, Zhitnikov & Lim, "Topology of deep neural networks" (JMLR 2020), in miniature:
a ReLU network trained to separate two classes of known topology simplifies them layer by
layer, from the known Betti numbers at the input to one piece with no loop at the end."""

import numpy as np
import pytest
from scipy.spatial import cKDTree

import latent_widgets as lw
from latent_widgets.demo import (
    ANNULI_BETTI,
    AnnuliClassifier,
    annuli_data,
    annuli_space,
    train_annuli_classifier,
)
from latent_widgets.demo.annuli import CENTRES, GAP, HOLE, INNER, OUTER
from latent_widgets.topology.feature_counts import count_features


def test_the_data_are_the_shapes_they_claim_and_seeded():
    data = annuli_data(seed=3)
    assert data.points.dtype == np.float32 and data.points.shape == (2100, 2)
    assert np.bincount(data.labels).tolist() == [900, 1200]
    assert data.class_names == ["annuli", "rest"]
    assert data.betti == {"annuli": (3, 3), "rest": (4, 3)} == ANNULI_BETTI
    radius = np.linalg.norm(data.points[:, None] - CENTRES[None], axis=2).min(axis=1)
    ring = radius[data.labels == 0]
    assert ring.min() >= INNER - 1e-5 and ring.max() <= OUTER - GAP + 1e-5
    rest = radius[data.labels == 1]
    assert np.all((rest <= HOLE + 1e-5) | (rest >= OUTER - 1e-5))
    assert np.count_nonzero(rest <= HOLE + 1e-5) == 300
    gap, _ = cKDTree(data.points[data.labels == 0]).query(data.points[data.labels == 1])
    assert gap.min() >= GAP - 1e-5  # every point's class is sure
    again = annuli_data(seed=3)
    np.testing.assert_array_equal(again.points, data.points)
    assert not np.array_equal(annuli_data(seed=4).points, data.points)


def test_lifted_data_are_the_plane_turned_into_more_dimensions():
    plane, lifted = annuli_data(seed=1), annuli_data(seed=1, dim=8)
    assert lifted.points.shape == (2100, 8) and plane.rotation is None
    np.testing.assert_allclose(lifted.rotation @ lifted.rotation.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(lifted.points @ lifted.rotation.T, plane.points, atol=1e-5)
    np.testing.assert_array_equal(lifted.labels, plane.labels)
    with pytest.raises(ValueError, match="dim must be 2 or more"):
        annuli_data(dim=1)


@pytest.mark.parametrize("dim", [2, 8])
def test_each_class_has_its_known_betti_numbers(dim):
    data = annuli_data(seed=dim, dim=dim)
    for code, name in enumerate(data.class_names):
        counted = count_features(data.points[data.labels == code])
        assert tuple(counted.betti) == data.betti[name], (name, counted.certified,
                                                          counted.significant)


def test_the_classifier_names_its_hidden_layers_in_order_and_refuses_what_it_lacks():
    model = AnnuliClassifier(width=4, depth=3, activation="tanh")
    assert model.hidden_layers == ["net.1", "net.3", "net.5"]
    assert len(model.net) == 7
    with pytest.raises(ValueError, match="activation must be one of"):
        AnnuliClassifier(activation="gelu")


def test_a_relu_network_untangles_the_annuli_layer_by_layer():
    data = annuli_data(seed=0)
    model = train_annuli_classifier("relu", data=data, seed=0)
    assert model.accuracy(data.points, data.labels) == 1.0
    space = annuli_space(data=data, model=model)
    names = ["input"] + [f"net.{i}" for i in range(1, 16, 2)]
    assert list(space.by_layer) == names and space.layer == "net.15"
    np.testing.assert_array_equal(space.by_layer["input"], data.points)
    chart = lw.betti_by_layer(space)
    assert chart["layers"] == names and chart["classes"] == ["annuli", "rest"]
    annuli, rest = chart["per_class"]
    assert tuple(annuli[0]) == (3, 3) and tuple(rest[0]) == (4, 3)  # the known answers
    assert annuli[-1] == [1, 0]  # one piece, no loop: the annuli's holes are gone
    assert rest[-1][1] == 0  # and so are the loops of the frame around them
