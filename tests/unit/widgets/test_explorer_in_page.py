"""The Explorer's side of decoding in the page: what it sends, and what it hears back."""

from __future__ import annotations

import numpy as np
import torch

import latent_widgets as lw
import latent_widgets.widgets.page_decoding as page_decoding
from latent_widgets.in_page.runtime import wasm_binary
from tests.unit.helpers import call

rng = np.random.default_rng(0)
LATENTS = np.concatenate([rng.normal(0, 0.3, (40, 3)), rng.normal(3, 0.3, (40, 3))])
LABELS = np.repeat(["a", "b"], 40)
torch.manual_seed(0)
NET = torch.nn.Sequential(torch.nn.Linear(3, 24), torch.nn.Sigmoid())


def explorer(**kwargs):
    kwargs.setdefault("projection", "pca")
    return lw.Explorer(LATENTS, labels=LABELS, decode=lambda z: NET(z).reshape(-1, 6, 4),
                       **kwargs)


def test_the_page_gets_the_model_the_data_and_the_runtime():
    ex = explorer()
    reply = call(ex, "_page_decoder_command", {})["result"]
    assert reply["available"] is True and "wasm" not in reply
    np.testing.assert_array_equal(reply["latents"], LATENTS.astype(np.float32))
    assert reply["thumbnails"] is None and reply["recipe"]["height"] == 6
    wasm = call(ex, "_page_runtime_command", {})["result"]["wasm"]
    assert wasm.dtype == np.uint8 and wasm[:4].tobytes() == b"\0asm"
    assert wasm.size == wasm_binary().size > 1_000_000


def test_the_page_is_told_why_it_cannot_decode(monkeypatch):
    off = call(explorer(decode_in_page=False), "_page_decoder_command", {})["result"]
    assert off == {"available": False,
                   "reason": "decode_in_page=False: decoding stays in the kernel"}
    monkeypatch.setattr(page_decoding, "PAGE_DATA_BUDGET", 512)
    big = call(explorer(), "_page_decoder_command", {})["result"]
    assert big["available"] is False
    assert "latents take 0 MB, more than the 0 MB sent to a page" in big["reason"]


def test_each_map_says_how_the_page_inverts_it():
    ex = explorer(projection="umap", projection_options={"umap": {"n_neighbors": 5}})
    ex.wait_for_projection()
    pca = call(ex, "_page_inverse_command", {"projection": "pca", "layer": ex.layer})["result"]
    assert pca["kind"] == "linear" and pca["components"].shape == (2, 3)
    umap = call(ex, "_page_inverse_command", {"projection": "umap", "layer": ex.layer})["result"]
    assert umap == {"kind": "knn", "k": 8, "weights": "distance",
                    "tolerance": ex.map.cached("umap").projection.knn_inverse_.tolerance_}
    gone = call(ex, "_page_inverse_command", {"projection": "umap", "layer": "other"})["result"]
    assert gone["kind"] == "kernel"


def test_a_decode_in_the_page_sets_what_a_kernel_decode_sets():
    ex = explorer()
    clicks = []
    ex.observe(lambda change: clicks.append(change["new"]), "last_click")
    latent = [0.1, 0.2, 0.3]
    message = {"kind": "page_decoded", "x": 1.0, "y": 2.0, "index": 7, "click": True,
               "position": [1.5, 2.5], "latent": latent}
    ex._page_message(ex, message, [])
    assert ex.decoded_position == [1.5, 2.5] and ex.decoded_index == 7
    np.testing.assert_allclose(ex.decoded_latent, latent)
    ex._page_message(ex, {**message, "click": False, "index": -1}, [])  # a hover: no click
    ex._page_message(ex, {**message, "index": 3}, [])
    assert [(c["index"], c["n"]) for c in clicks] == [(7, 1), (3, 2)]
    ex._page_message(ex, {"kind": "something else"}, [])  # other messages are not ours
    assert ex.decoded_index == 3


def test_the_page_is_told_when_its_decoder_is_trained_further():
    net = torch.nn.Sequential(torch.nn.Linear(3, 24), torch.nn.Sigmoid())
    ex = lw.Explorer(LATENTS, projection="pca", decode=lambda z: net(z).reshape(-1, 6, 4))
    sent = []
    ex.send = lambda content, buffers=None: sent.append(content)
    call(ex, "_page_decoder_command", {})
    message = {"kind": "page_decoded", "x": 0.0, "y": 0.0, "index": 1, "position": [0, 0],
               "latent": [0.0, 0.0, 0.0]}
    ex._page_message(ex, message, [])
    assert sent == []  # the same weights: nothing to say
    with torch.no_grad():
        net[0].bias.add_(1.0)
    ex._page_message(ex, message, [])
    assert sent == [{"kind": "page_decoder_changed"}]
    ex._page_message(ex, message, [])
    assert len(sent) == 1  # said once, until the page asks again


def test_a_map_of_another_layer_is_inverted_in_the_kernel_only():
    ex = explorer()
    ex._decode_layer = "other"  # as if the map showed a layer the decoder does not read
    reply = call(ex, "_page_inverse_command", {"projection": "pca", "layer": ex.layer})
    assert reply["result"]["kind"] == "kernel"
