"""What `to_html` puts in a file: binary values, subsampling, what the file says it holds."""

from __future__ import annotations

import base64
import gzip
import json
import re

import numpy as np
import pytest
import torch

import latent_widgets as lw
from latent_widgets.widgets import export

rng = np.random.default_rng(0)
LATENTS = rng.normal(size=(60, 3)).astype(np.float32)
torch.manual_seed(0)
NET = torch.nn.Sequential(torch.nn.Linear(3, 30), torch.nn.Sigmoid())


def explorer(**kwargs):
    return lw.Explorer(LATENTS, labels=np.repeat(["a", "b"], 30), projection="pca",
                       decode=lambda z: NET(z).reshape(-1, 5, 6), **kwargs)


def test_small_binaries_are_base64_and_large_ones_gzip_then_base64():
    small = export.encode(np.arange(4, dtype=np.int32))
    assert small["dtype"] == "int32" and small["shape"] == [4]
    assert np.frombuffer(base64.b64decode(small["$b64"]), np.int32).tolist() == [0, 1, 2, 3]
    big = np.zeros((200, 200), np.float64)  # float64 travels as float32
    packed = export.encode({"a": [big]})["a"][0]
    assert packed["dtype"] == "float32" and "$gz" in packed
    assert len(gzip.decompress(base64.b64decode(packed["$gz"]))) == 200 * 200 * 4
    assert export.encode(memoryview(b"ab")) == {"$b64": "YWI="}


def test_the_file_holds_the_state_the_maps_the_decoder_and_says_so(tmp_path):
    ex = explorer()
    data = export.explorer_file_data(ex)
    assert data["decoder"]["available"] is True and data["wasm"].size > 1_000_000
    assert set(data["maps"]) == {"pca"} and data["maps"]["pca"]["inverse"]["kind"] == "linear"
    assert "points" in data["state"] and not any(k.startswith("_") for k in data["state"])
    path = ex.to_html(tmp_path / "map.html", title="a </script> title")
    text = path.read_text()
    assert "a &lt;/script&gt; title" in text and text.count("</script>") == 3
    size = re.search(r"latent_widgets, ([\d.]+) MB", text).group(1)
    assert abs(float(size) - path.stat().st_size / 2**20) < 0.1
    payload = re.search(r'id="lw-data">(.*?)</script>', text, re.S).group(1)
    file = json.loads(payload.replace("<\\/", "</"))
    assert [v["view"] for v in file["views"]] == ["explorer"] and file["linked"] is False


def test_max_points_keeps_each_points_values_together():
    ex = explorer()
    data = export.explorer_file_data(ex)
    keep = np.array([3, 10, 40])
    cut = export.subsample(data, keep)
    points = export._array_of(cut["state"]["points"], "float32")
    np.testing.assert_array_equal(points, ex.points[keep])
    np.testing.assert_array_equal(cut["maps"]["pca"]["points"], ex.points[keep])
    np.testing.assert_array_equal(cut["decoder"]["latents"], LATENTS[keep])
    np.testing.assert_array_equal(cut["labels"], ex.labels[keep])
    assert export._array_of(cut["state"]["selection"], "int32").size == 0


def test_without_a_decoder_the_file_holds_no_runtime(tmp_path):
    ex = lw.Explorer(LATENTS, projection="pca")
    data = export.explorer_file_data(ex)
    assert data["decoder"]["available"] is False and data["wasm"] is None
    text = ex.to_html(tmp_path / "plain.html").read_text()
    assert "a click decodes" not in text


def test_a_bad_max_points_is_refused_in_words(tmp_path):
    with pytest.raises(ValueError, match="max_points must be an integer >= 2; got 0.5"):
        explorer().to_html(tmp_path / "x.html", max_points=0.5)


def test_every_view_shows_with_a_picture_next_to_its_live_view():
    import base64

    views = [explorer(), lw.Persistence(LATENTS).wait(), lw.Interpolation(
        LATENTS, anchors=[0, 5], decode=lambda z: NET(z).reshape(-1, 5, 6))]
    for view in views:
        data, _ = view._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in data
        assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"


def test_an_interpolation_file_holds_its_decoder_and_a_persistence_file_its_state(tmp_path):
    interp = lw.Interpolation(LATENTS, anchors=[0, 5],
                              decode=lambda z: NET(z).reshape(-1, 5, 6))
    data = export.view_file_data(interp)
    assert data["view"] == "interpolation" and data["decoder"]["available"] is True
    assert "latents" not in data["decoder"] and data["wasm"] is not None
    assert "path" in data["state"] and "frames" in data["state"]
    text = interp.to_html(tmp_path / "path.html").read_text()
    assert "the scrubber decodes in this page" in text
    homology = lw.Persistence(LATENTS).wait()
    data = export.view_file_data(homology)
    assert data["view"] == "persistence" and data["wasm"] is None and "features" in data["state"]
    text = homology.to_html(tmp_path / "homology.html", title="rings").read_text()
    assert "<title>rings</title>" in text
    assert "another scope or more landmarks need a kernel" in text


def test_an_apps_file_holds_its_views_and_each_features_cycle(tmp_path):
    app = lw.explore(LATENTS, projection="pca", decode=lambda z: NET(z).reshape(-1, 5, 6))
    app.persistence.wait()
    text = app.to_html(tmp_path / "app.html").read_text()
    payload = re.search(r'id="lw-data">(.*?)</script>', text, re.S).group(1)
    file = json.loads(payload.replace("<\\/", "</"))
    assert [v["view"] for v in file["views"]] == ["explorer", "persistence", "interpolation"]
    assert file["linked"] is True
    assert file["wasm"] and not any("wasm" in view for view in file["views"])  # once a file
    cycles = file["views"][1]["cycles"]
    assert len(cycles) == len(app.persistence.features)
    assert text.count('id="lw-bundle-') == 3 and "the views are linked" in text


def test_the_files_json_has_no_nan_and_no_tag_in_it(tmp_path):
    assert export.encode({"a": float("nan"), "b": [np.float32(np.inf), 1.5]}) == {
        "a": None, "b": [None, 1.5]}
    ex = lw.Explorer(LATENTS, projection="pca", class_names=["<!--<script>", "b"],
                     labels=np.repeat([0, 1], 30))
    text = ex.to_html(tmp_path / "x.html").read_text()
    payload = re.search(r'id="lw-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in payload and json.loads(payload)["views"][0]["state"]["class_names"][0] \
        == "<!--<script>"


def int32s(value: dict) -> np.ndarray:
    """A file's int32 array, base64 or gzip-compressed."""
    raw = (gzip.decompress(base64.b64decode(value["$gz"])) if "$gz" in value
           else base64.b64decode(value["$b64"]))
    return np.frombuffer(raw, np.int32)


def test_kept_indices_renumber_among_the_points_kept():
    keep = np.array([1, 4, 5, 9])
    np.testing.assert_array_equal(export.kept_indices([9, 2, 4, 1], keep, 10), [3, 1, 0])
    assert export.points_kept(10, None) is None and export.points_kept(10, 20) is None
    assert len(export.points_kept(10, 4)) == 4


def test_an_apps_file_with_max_points_cuts_the_map_and_renumbers_cycles_and_edges(tmp_path):
    app = lw.explore(LATENTS, projection="pca", decode=lambda z: NET(z).reshape(-1, 5, 6))
    app.persistence.wait()
    app.persistence.map_edges = True
    assert len(app.explorer.rips_edges) > 0
    text = app.to_html(tmp_path / "app.html", max_points=40).read_text()
    assert "a random 40 of its 60 points, max_points=40" in text
    payload = re.search(r'id="lw-data">(.*?)</script>', text, re.S).group(1)
    views = json.loads(payload)["views"]
    state = views[0]["state"]
    assert state["points"]["shape"] == [40, 2]
    edges = int32s(state["rips_edges"]["buffer"] if "buffer" in state["rips_edges"]
                   else state["rips_edges"])
    assert edges.size and edges.max() < 40
    assert state["rips_lengths"]["shape"] == [edges.size // 2]
    for cycle in views[1]["cycles"]:
        if cycle is not None and cycle["shape"][0]:
            assert int32s(cycle).max() < 40
