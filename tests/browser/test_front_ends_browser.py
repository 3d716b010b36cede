"""`lw.explore` in Notebook 7 and in Voila (issue 17, item 5), in headless Chromium: the three
views drawn, decoding in the page, and linked (a lasso on the map becomes a scope of the
persistence view, through the kernel)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from matplotlib.path import Path as Polygon

from tests.browser.explorer_page import lasso, poll_kernel
from tests.browser.lab import LabServer, NotebookPage, write_notebook

pytestmark = pytest.mark.browser

APP = (
    "import latent_widgets as lw\n"
    "from latent_widgets.demo import shapes_space\n"
    "space = shapes_space(600)\n"
    "app = lw.explore(space, projection='pca', height=360)\n"
    "app"
)
VIEW = "document.querySelector('.lw-explorer').lwView"
SERVER = ["--no-browser", "--port={port}", "--IdentityProvider.token=", "--ServerApp.password="]


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory):
    base = tmp_path_factory.mktemp("notebook7")
    server = LabServer(base, command=[
        sys.executable, "-m", "notebook", "--allow-root", "--ip=127.0.0.1", *SERVER,
        "--JupyterNotebookApp.expose_app_in_browser=True", f"--ServerApp.root_dir={base / 'root'}",
    ]).start()
    yield server
    server.stop()


def views_drawn_and_linked(page) -> int:
    """The three views drawn, decoding in the page; a lasso around one shape's points is
    offered as the persistence view's scope."""
    page.wait_for_selector(".lw-explorer .lw-map[data-points-drawn='600']", timeout=120_000)
    page.wait_for_selector(".lw-persistence[data-state='ready'] canvas.lw-diagram",
                           timeout=120_000)
    page.wait_for_selector(".lw-interpolation")
    page.wait_for_selector(".lw-explorer .lw-decoding-path[data-path='page']", timeout=120_000)
    page.locator(".lw-map-canvas").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    points = np.array(page.evaluate(f"() => {VIEW}.points()"))
    client = np.array(page.evaluate(f"(p) => p.map(([x, y]) => {VIEW}.dataToClient(x, y))",
                                    points.tolist()))
    centre = client.mean(axis=0)
    low, high = centre - 60, centre + 60
    polygon = np.array([[low[0], low[1]], [high[0], low[1]], [high[0], high[1]],
                        [low[0], high[1]]])
    inside = np.flatnonzero(Polygon(polygon).contains_points(client))
    assert len(inside) > 5
    lasso(type("Page", (), {"page": page}), polygon)
    # the square cuts through the points: the lasso's drawn edge may take a few more or less
    page.wait_for_selector(".lw-selection-info:has-text('selected')")
    count = int(page.inner_text(".lw-selection-info").split()[0].replace(",", ""))
    assert abs(count - len(inside)) <= 0.1 * len(inside)
    page.wait_for_selector("select.lw-scope-select option[value='selection']", state="attached",
                           timeout=30_000)
    return count


def test_explore_in_notebook_7(notebook7, browser_page):
    write_notebook(notebook7.root / "app.ipynb", [APP])
    notebook = NotebookPage(browser_page, notebook7).open_url(
        f"{notebook7.url}/notebooks/app.ipynb", timeout=120_000)
    notebook.run_all(timeout=300_000)
    count = views_drawn_and_linked(browser_page)
    assert poll_kernel(notebook, "len(app.explorer.selection)", lambda n: n == count) == count
    assert notebook.kernel_value("app.explorer.decoding['path']") == "page"


def test_explore_in_voila(tmp_path_factory, browser_page):
    base = tmp_path_factory.mktemp("voila")
    root = base / "root"
    root.mkdir()
    write_notebook(root / "app.ipynb", [APP])
    server = LabServer(base, cwd=root, command=[
        sys.executable, "-m", "voila", "app.ipynb", "--Voila.ip=127.0.0.1", "--no-browser",
        "--port={port}",
    ]).start()
    try:
        browser_page.goto(server.opened_url or f"{server.url}/")
        views_drawn_and_linked(browser_page)
    finally:
        server.stop()
