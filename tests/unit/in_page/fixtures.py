"""Fixtures the JavaScript tests check the page's decoding against: Python's answers.

``python -m tests.unit.in_page.fixtures`` writes ``js/tests/fixtures/page-decoding.json``
and ``tiny-decoder.onnx``: a small seeded torch decoder exported as the Explorer exports
one, latents with the frames Python draws for them one at a time, and the kNN and PCA
inverses of a seeded map at a few positions. ``test_fixtures.py`` checks that the files
are what this code gives now, so that the JavaScript tests compare with today's Python.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

import latent_widgets as lw
from latent_widgets.in_page.onnx_export import export_decoder
from latent_widgets.projection.knn_inverse import KNNInverse
from latent_widgets.space.frames import frame_recipe

FIXTURES = Path(__file__).resolve().parents[3] / "js" / "tests" / "fixtures"
JSON_NAME, MODEL_NAME = "page-decoding.json", "tiny-decoder.onnx"


def tiny_space() -> lw.LatentSpace:
    """30 latents in 3-D and a seeded decoder to (3, 4, 5) RGB images, channels first."""
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 60))
    rng = np.random.default_rng(0)
    latents = rng.normal(size=(30, 3)).astype(np.float32)

    def decode(z):
        return torch.sigmoid(net(z)).reshape(-1, 3, 4, 5)

    return lw.LatentSpace.from_latents(latents, decode=decode)


def fixtures() -> tuple[dict, bytes]:
    """The JSON fixture and the ONNX model's bytes."""
    space = tiny_space()
    decoder = space._decoder
    latents = np.asarray(space.decode_latents, np.float32)
    check = np.concatenate([latents[:4], latents.mean(axis=0, keepdims=True)])
    frames = np.stack([space.decode(z[None])[0] for z in check])
    raw = decoder.raw(check[:1])
    model, _ = export_decoder(decoder)
    rng = np.random.default_rng(1)
    y = rng.normal(size=(40, 2))
    z = rng.normal(size=(40, 5))
    queries = np.concatenate([rng.normal(size=(6, 2)), y[:2]])
    knn = KNNInverse(k=8).fit(y, z)
    pca = lw.PCA().fit(z)
    data = {
        "recipe": frame_recipe(raw.shape[1:], decoder.output_shape(raw)),
        "latents": check.tolist(),
        "frames": frames.reshape(len(check), -1).tolist(),
        "knn": {"y": y.tolist(), "z": z.tolist(), "queries": queries.tolist(),
                "k": knn.k_, "tolerance": knn.tolerance_,
                "expected": knn.inverse_transform(queries).tolist()},
        "pca": {"mean": pca.mean_.tolist(), "components": pca.components_.tolist(),
                "queries": queries.tolist(),
                "expected": pca.inverse_transform(queries).tolist()},
    }
    return data, model


def write() -> None:
    data, model = fixtures()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / JSON_NAME).write_text(json.dumps(data) + "\n")
    (FIXTURES / MODEL_NAME).write_bytes(model)


if __name__ == "__main__":
    write()
