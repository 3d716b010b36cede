"""Decoding in the page (issue 17, item 2), in a real JupyterLab in headless Chromium.

The shapes demo's convolutional VAE is exported to ONNX and run by onnxruntime-web in the
page: a click draws the frame Python decodes for the same latent (within 2/255 per channel)
and sends no decode command to the kernel (the kernel websocket's frames are counted). A
decoder written in numpy cannot be exported faithfully: the page finds its frames wrong,
decoding stays in the kernel, and the panel says so.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import (
    BLOBS,
    click_and_wait_for_frame,
    frames_drawn,
    poll_kernel,
    to_client,
    wait_for_explorer,
)
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser


def count_sent(page, needle: bytes) -> dict:
    """Count the frames the page sends on any websocket that hold ``needle``."""
    counts = {"hits": 0, "frames": 0}

    def on_frame(payload):
        data = payload if isinstance(payload, bytes) else str(payload).encode()
        counts["frames"] += 1
        counts["hits"] += needle in data

    page.on("websocket", lambda ws: ws.on("framesent", on_frame))
    return counts


def wait_for_path(notebook, path: str) -> dict:
    """Wait until the panel says where clicks decode; that path and its reason."""
    try:
        notebook.page.wait_for_selector(f".lw-decoding-path[data-path='{path}']",
                                        timeout=120_000)
    finally:
        found = notebook.page.evaluate(
            "document.querySelector('.lw-explorer').lwView.decodingPath()")
    return found


def drawn_frame(notebook) -> np.ndarray:
    frame = notebook.page.evaluate("document.querySelector('.lw-explorer').lwView.frame()")
    return np.array(frame["data"], dtype=np.int16).reshape(frame["shape"])


def python_frame(notebook) -> np.ndarray:
    values = notebook.kernel_value(
        "explorer.space.decode(explorer.decoded_latent)[0].tolist()")
    return np.array(values, dtype=np.int16)


def test_a_click_decodes_in_the_page_as_python_does_with_no_decode_command(
    notebook, lab_server
):
    write_notebook(lab_server.root / "in_page.ipynb", [
        "import latent_widgets as lw\nfrom latent_widgets.demo import shapes_space\n"
        "explorer = lw.Explorer(shapes_space(), projection='pca')\nexplorer",
    ])
    decodes = count_sent(notebook.page, b"_decode_command")
    notebook.open("in_page.ipynb").run_all()
    points = wait_for_explorer(notebook)
    path = wait_for_path(notebook, "page")
    assert "onnxruntime-web" in path["reason"] and "/255 of Python's" in path["reason"]
    assert notebook.kernel_value("explorer.decoding['path']") == "page"
    assert notebook.page.inner_text(".lw-decoding-path") == "decoding: in this page"

    # on a data point: its own latent; between points: PCA's inverse, both in the page
    on_point = to_client(notebook, points[[17]])[0]
    between = to_client(notebook, points[[17, 1200]].mean(axis=0, keepdims=True))[0]
    for target, index in ((on_point, 17), (between, -1)):
        click_and_wait_for_frame(notebook, *map(float, target))
        got = poll_kernel(notebook, "explorer.decoded_index", lambda v, i=index: v == i)
        assert got == index
        frame, expected = drawn_frame(notebook), python_frame(notebook)
        assert frame.shape == expected.shape == (28, 28, 4)
        assert np.abs(frame - expected).max() <= 2
        assert frame[..., :3].std() > 10  # a drawn shape, not a blank frame
    assert notebook.kernel_value("explorer.last_click['n']") == 2
    latent = np.array(notebook.kernel_value("explorer.decoded_latent.tolist()"))
    position = notebook.kernel_value("explorer.decoded_position")
    want = notebook.kernel_value(
        f"explorer.map.to_latent('pca', {position[0]}, {position[1]}).tolist()")
    np.testing.assert_allclose(latent, want, atol=1e-5)
    assert notebook.page.locator(".lw-neighbour").count() == 6

    notebook.kernel("explorer.decode_on_hover = True")  # hovering decodes in the page too
    notebook.page.wait_for_function(
        "() => document.querySelector('.lw-hover-toggle input').checked")
    before = frames_drawn(notebook)
    start, end = to_client(notebook, points[[5, 2500]])
    for t in np.linspace(0, 1, 12):
        notebook.page.mouse.move(*map(float, start + t * (end - start)))
        notebook.page.wait_for_timeout(40)
    notebook.page.wait_for_function(
        "(n) => Number(document.querySelector('canvas.lw-frame').dataset.framesDrawn) >= n",
        arg=before + 5)
    assert decodes["frames"] > 0 and decodes["hits"] == 0


#: Two decoders the page cannot run as Python does, and what the panel says of each.
UNFAITHFUL = {
    "numpy": (
        "def decode(z):\n"
        "    z = np.asarray(z)\n"
        "    return np.repeat(1 / (1 + np.exp(-z[:, :1])), 120, axis=1).reshape(-1, 12, 10)\n",
        "does not read the latent",
    ),
    "branch": (  # tracing follows the branch it saw at z = 0: wrong on the other blobs
        "import torch\n"
        "def decode(z):\n"
        "    if float(z[:, 0].max()) > 3:\n"
        "        return torch.zeros(len(z), 12, 10)\n"
        "    return torch.sigmoid(z[:, :1]).repeat(1, 120).reshape(-1, 12, 10)\n",
        "exported to ONNX draws frames up to 255/255 away from Python's",
    ),
}


@pytest.mark.parametrize("case", sorted(UNFAITHFUL))
def test_a_decoder_the_page_cannot_run_decodes_in_the_kernel_and_says_why(
    notebook, lab_server, case
):
    code, said = UNFAITHFUL[case]
    write_notebook(lab_server.root / f"{case}_decoder.ipynb", [
        BLOBS + code +
        "explorer = lw.Explorer(latents, labels=labels, decode=decode, projection='pca')\n"
        "explorer",
    ])
    decodes = count_sent(notebook.page, b"_decode_command")
    notebook.open(f"{case}_decoder.ipynb").run_all()
    points = wait_for_explorer(notebook)
    path = wait_for_path(notebook, "kernel")
    assert said in path["reason"] and "decoding stays in the kernel" in path["reason"], path
    title = notebook.page.get_attribute(".lw-decoding-path", "title")
    assert title == path["reason"]
    assert notebook.page.inner_text(".lw-decoding-path") == "decoding: in the kernel"
    click_and_wait_for_frame(notebook, *map(float, to_client(notebook, points[[70]])[0]))
    assert decodes["hits"] == 1
    assert np.abs(drawn_frame(notebook) - python_frame(notebook)).max() == 0


def test_decode_in_page_false_keeps_clicks_in_the_kernel(notebook, lab_server):
    write_notebook(lab_server.root / "kernel_only.ipynb", [
        "import latent_widgets as lw\nfrom latent_widgets.demo import shapes_space\n"
        "explorer = lw.Explorer(shapes_space(), projection='pca', "
        "decode_in_page=False)\nexplorer",
    ])
    decodes = count_sent(notebook.page, b"_decode_command")
    notebook.open("kernel_only.ipynb").run_all()
    points = wait_for_explorer(notebook)
    path = wait_for_path(notebook, "kernel")
    assert path["reason"].startswith("decode_in_page=False")
    click_and_wait_for_frame(notebook, *map(float, to_client(notebook, points[[3]])[0]))
    assert decodes["hits"] == 1


def test_the_interpolation_scrubber_decodes_in_the_page_as_python_does(notebook, lab_server):
    write_notebook(lab_server.root / "scrub_in_page.ipynb", [
        "import latent_widgets as lw\nfrom latent_widgets.demo import shapes_space\n"
        "interp = lw.Interpolation(shapes_space(), anchors=[0, 1500], steps=8)\ninterp",
    ])
    scrubs = count_sent(notebook.page, b"_scrub_command")
    notebook.open("scrub_in_page.ipynb").run_all()
    notebook.wait_for(".lw-interpolation[data-strip-frames='8']")
    notebook.page.wait_for_selector(".lw-interpolation .lw-decoding-path[data-path='page']",
                                    timeout=120_000)
    assert notebook.kernel_value("interp.decoding['path']") == "page"
    view = "document.querySelector('.lw-interpolation').lwView"
    for t in (2.5, 5.25):
        ms = notebook.page.evaluate(f"() => {view}.scrub({t})")
        assert ms is not None and ms >= 0
        assert poll_kernel(notebook, "interp.current", lambda v, t=t: v == t) == t
        frame = notebook.page.evaluate(f"() => {view}.frame()")
        drawn = np.array(frame["data"], np.int16).reshape(frame["shape"])
        expected = np.array(notebook.kernel_value(
            f"interp.space.decode(interp.latent_at({t})[None])[0].tolist()"), np.int16)
        assert drawn.shape == expected.shape == (28, 28, 4)
        assert np.abs(drawn - expected).max() <= 2
    assert scrubs["frames"] > 0 and scrubs["hits"] == 0
