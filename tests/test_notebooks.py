"""Every notebook in notebooks/ runs headless, top to bottom, without an error."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_there_are_notebooks_to_run():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_shows_its_widgets(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={
        "metadata": {"path": str(path.parent)}
    }).execute()
    errors = [
        out for cell in nb.cells if cell.cell_type == "code"
        for out in cell.get("outputs", []) if out.get("output_type") == "error"
    ]
    assert not errors, errors
    views = [
        out for cell in nb.cells if cell.cell_type == "code"
        for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})
    ]
    assert views, f"{path.name} displays no widget"


def ring_notebook(tmp_path, monkeypatch) -> str:
    """A fresh kernel's private folders, and the set-up cell of a noisy ring with a decoder
    (its last line open: ``space = lw.LatentSpace.from_latents(z, decode=decode`` + ``)``)."""
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    return (
        "import numpy as np\nimport latent_widgets as lw\n"
        "t = np.random.default_rng(0).uniform(0, 2 * np.pi, 120)\n"
        "z = np.c_[np.cos(t), np.sin(t), 0.1 * np.sin(3 * t)].astype(np.float32)\n"
        "decode = lambda z: np.repeat(1 / (1 + np.exp(-z[:, :1])), 16, axis=1).reshape(-1, 4, 4)\n"
        "space = lw.LatentSpace.from_latents(z, decode=decode"
    )


@pytest.mark.notebook
def test_every_figure_shows_as_an_image_in_a_fresh_kernel(tmp_path, monkeypatch):
    """No pyplot in the kernel: each view's figure() still displays as image/png."""
    setup = ring_notebook(tmp_path, monkeypatch) + ")"
    figures = [
        "lw.Explorer(space, projection='pca').figure()",
        "lw.Persistence(space).wait().figure('diagram')",
        "lw.Persistence(space).wait().figure('barcode')",
        "lw.Interpolation(space, anchors=[0, 60]).figure()",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup)]
                                  + [nbformat.v4.new_code_cell(code) for code in figures])
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    for cell in nb.cells[1:]:
        data = [out.get("data", {}) for out in cell.outputs if out.output_type == "execute_result"]
        assert data and "image/png" in data[0], (cell.source, cell.outputs)
        assert "matplotlib.pyplot" not in cell.source


@pytest.mark.notebook
def test_nbconvert_to_html_shows_a_picture_of_each_widget(tmp_path, monkeypatch):
    """A notebook saved without its widget state (JupyterLab's default), converted to HTML
    with no network: each widget's output is a picture of the view, not an empty Out[ ]."""
    import base64
    import io
    import re

    import numpy as np
    from nbconvert import HTMLExporter
    from PIL import Image

    setup = ring_notebook(tmp_path, monkeypatch) + ", labels=(t > np.pi).astype(int))"
    widgets = [
        "lw.Explorer(space, projection='pca')",
        "lw.Persistence(space).wait()",
        "lw.Interpolation(space, anchors=[0, 60])",
        "lw.explore(space, projection='pca')",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup)]
                                  + [nbformat.v4.new_code_cell(code) for code in widgets])
    NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=False).execute()
    html, _ = HTMLExporter().from_notebook_node(nb)
    images = re.findall(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == len(widgets), f"{len(images)} pictures for {len(widgets)} widgets"
    for image in images:  # each a picture with something drawn on its white
        pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(image))).convert("RGB"))
        assert pixels.shape[0] >= 32 and (pixels < 250).any(axis=2).mean() > 0.001
    assert '<script type="application/vnd.jupyter.widget-view+json">' not in html
