"""`Explorer.to_html` (issue 17, item 3): one file, opened from ``file://`` with every request
that is not to the file itself refused, and no kernel: the map draws, hovers, lassoes and
switches between the maps computed before the export, and a click decodes in the page as
Python decodes."""

from __future__ import annotations

import numpy as np
import pytest

from latent_widgets.demo import shapes_space
from tests.browser.explorer_page import lasso

pytestmark = pytest.mark.browser

VIEW = "document.querySelector('.lw-explorer').lwView"
#: The shapes demo's file must stay under this (issue 17's budget).
BUDGET_MB = 20


@pytest.fixture(scope="module")
def explorer():
    import latent_widgets as lw

    ex = lw.Explorer(shapes_space(), projection="umap")
    ex.wait_for_projection(300)
    assert ex.projection_state["shown"] == "umap"
    return ex


@pytest.fixture
def offline(chromium):
    """A page that may load only the file (and what it makes itself: blob: and data:)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "blob:", "data:")):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, refused, errors
    context.close()


def client(page, xy):
    return np.array(page.evaluate(f"(p) => p.map(([x, y]) => {VIEW}.dataToClient(x, y))",
                                  [[float(x), float(y)] for x, y in xy]))


def frame_of(page) -> np.ndarray:
    frame = page.evaluate(f"() => {VIEW}.frame()")
    return np.array(frame["data"], np.int16).reshape(frame["shape"])


def click_for_frame(page, x, y):
    before = int(page.get_attribute("canvas.lw-frame", "data-frames-drawn") or 0)
    page.mouse.move(x, y)
    page.wait_for_timeout(100)
    page.mouse.click(x, y)
    page.wait_for_function(
        "(n) => Number(document.querySelector('canvas.lw-frame').dataset.framesDrawn || 0) > n",
        arg=before)


def test_the_file_works_offline_with_no_kernel(explorer, offline, tmp_path):
    page, refused, errors = offline
    path = explorer.to_html(tmp_path / "shapes.html")
    size_mb = path.stat().st_size / 2**20
    assert size_mb <= BUDGET_MB
    page.goto(path.as_uri())
    page.wait_for_selector(".lw-map[data-points-drawn='3000']")
    page.wait_for_selector(".lw-decoding-path[data-path='page']")
    about = page.inner_text(".lw-file-about")
    assert "3,000 points" in about and "ShapesVAE" in about and f"{size_mb:.1f} MB" in about
    assert page.inner_text(".lw-projection-info").startswith("UMAP")

    # a click on a point decodes its own latent, in the page, as Python does
    points = explorer.points
    on_point = client(page, points[[42]])[0]
    click_for_frame(page, *map(float, on_point))
    assert page.get_attribute(".lw-caption", "data-source") == "point"
    index = int(page.inner_text(".lw-caption").split("#")[1].split()[0])  # 42, or one on it
    assert np.abs(client(page, points[[index]])[0] - on_point).max() < 8
    expected = explorer.space.decode(explorer.space.decode_latents[index][None])[0]
    assert np.abs(frame_of(page) - expected).max() <= 2
    # between points: UMAP's kNN inverse, computed in the page as Python computes it
    between = points[[42, 43]].mean(axis=0)
    click_for_frame(page, *map(float, client(page, [between])[0]))
    assert page.get_attribute(".lw-caption", "data-source") == "inverse"
    shown = [float(v) for v in page.inner_text(".lw-caption").split("(")[1].rstrip(")").split(",")]
    want = explorer.space.decode(explorer.map.to_latent("umap", *shown))[0]
    assert np.abs(frame_of(page) - want).max() <= 2

    # hover names the point with its thumbnail; a lasso selects; PCA, computed first, is there
    page.mouse.move(*map(float, on_point - 30))
    page.mouse.move(*map(float, on_point), steps=4)
    page.wait_for_selector(".lw-tooltip:not([hidden])")
    assert page.locator(".lw-tooltip canvas").count() == 1
    corner = client(page, [points.min(axis=0), points.max(axis=0)])
    low, high = corner.min(axis=0) - 5, corner.max(axis=0) + 5
    lasso(type("Notebook", (), {"page": page}), np.array(
        [[low[0], low[1]], [high[0], low[1]], [high[0], high[1]], [low[0], high[1]]]))
    page.wait_for_selector(".lw-selection-info:has-text('3,000 selected'), "
                           ".lw-selection-info:has-text('3000 selected')")
    page.click("button[data-projection='pca']")
    page.wait_for_function(
        "() => document.querySelector('.lw-projection-info').textContent.startsWith('PCA')")
    assert refused == [] and errors == []


def test_max_points_subsamples_and_says_so(explorer, offline, tmp_path):
    page, refused, errors = offline
    path = explorer.to_html(tmp_path / "small.html", max_points=500)
    page.goto(path.as_uri())
    page.wait_for_selector(".lw-map[data-points-drawn='500']")
    page.wait_for_selector(".lw-decoding-path[data-path='page']")
    assert "a random 500 of its 3,000 points, max_points=500" in page.inner_text(
        ".lw-file-about")
    box = page.locator(".lw-map-canvas").bounding_box()
    click_for_frame(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert refused == [] and errors == []
    with pytest.raises(ValueError, match="max_points must be an integer >= 2"):
        explorer.to_html(tmp_path / "bad.html", max_points=1)


def test_a_file_whose_decoder_cannot_run_in_the_page_says_a_click_needs_a_kernel(
    offline, tmp_path
):
    import latent_widgets as lw

    page, refused, errors = offline
    rng = np.random.default_rng(0)
    latents = np.concatenate([rng.normal(0, 0.3, (40, 3)), rng.normal(3, 0.3, (40, 3))])
    def decode(z):  # numpy: the page cannot run it
        return np.repeat(np.tanh(np.asarray(z)[:, :1]), 30, 1).reshape(-1, 5, 6)

    ex = lw.Explorer(latents, projection="pca", decode=decode)
    path = ex.to_html(tmp_path / "numpy.html")
    page.goto(path.as_uri())
    page.wait_for_selector(".lw-map[data-points-drawn='80']")
    page.wait_for_selector(".lw-decoding-path[data-path='kernel']")
    assert "does not read the latent" in page.get_attribute(".lw-decoding-path", "title")
    box = page.locator(".lw-map-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".lw-panel .lw-status[data-kind='error']")
    assert "this file has no kernel: the decode request needs one" in page.inner_text(
        ".lw-panel .lw-status")
    assert refused == [] and errors == []


def test_an_interpolation_file_scrubs_in_the_page_and_a_persistence_file_reads(
    offline, tmp_path
):
    import latent_widgets as lw

    page, refused, errors = offline
    space = shapes_space(600)
    interp = lw.Interpolation(space, anchors=[0, 300], steps=8)
    page.goto(interp.to_html(tmp_path / "path.html").as_uri())
    page.wait_for_selector(".lw-interpolation[data-strip-frames='8']")
    page.wait_for_selector(".lw-interpolation .lw-decoding-path[data-path='page']")
    assert "the scrubber decodes in this page" in page.inner_text(".lw-file-about")
    view = "document.querySelector('.lw-interpolation').lwView"
    assert page.evaluate(f"() => {view}.scrub(3.5)") is not None
    frame = page.evaluate(f"() => {view}.frame()")
    drawn = np.array(frame["data"], np.int16).reshape(frame["shape"])
    expected = space.decode(interp.latent_at(3.5)[None])[0]
    assert np.abs(drawn - expected).max() <= 2
    # another method: the file holds its path and frames; the scrubber decodes along it
    page.click(".lw-interpolation button[data-method='slerp']")
    page.wait_for_function(
        "() => document.querySelector('.lw-interpolation .lw-status').textContent"
        ".includes('spherical')")
    assert page.evaluate(f"() => {view}.scrub(2.25)") is not None
    interp.method = "slerp"
    frame = page.evaluate(f"() => {view}.frame()")
    drawn = np.array(frame["data"], np.int16).reshape(frame["shape"])
    assert np.abs(drawn - space.decode(interp.latent_at(2.25)[None])[0]).max() <= 2
    page.fill(".lw-interpolation input.lw-steps-input", "5")
    page.press(".lw-interpolation input.lw-steps-input", "Enter")
    page.wait_for_selector(".lw-interpolation .lw-status:has-text('this file has no kernel')")

    homology = lw.Persistence(space).wait()
    page.goto(homology.to_html(tmp_path / "homology.html").as_uri())
    page.wait_for_selector(".lw-persistence[data-state='ready'] canvas.lw-diagram")
    assert "the scale ε and their hovers work" in page.inner_text(".lw-file-about")
    before = page.inner_text(".lw-betti")
    page.eval_on_selector(".lw-eps-slider", "(s) => { s.value = s.min; "
                          "s.dispatchEvent(new Event('input', { bubbles: true })); }")
    page.wait_for_function("(b) => document.querySelector('.lw-betti').textContent !== b",
                           arg=before)
    assert refused == [] and errors == []


def test_an_apps_file_links_its_views_with_no_kernel(offline, tmp_path):
    import latent_widgets as lw

    page, refused, errors = offline
    space = shapes_space(600)
    app = lw.explore(space, projection="pca")
    app.persistence.wait()
    app.interpolation.anchors = [0, 300]
    features = app.persistence.features
    loop = int(np.flatnonzero((features[:, 0] == 1) & (app.persistence.has_cycle == 1))[0])
    cycle = app.persistence._table.cycles[loop]
    page.goto(app.to_html(tmp_path / "app.html").as_uri())
    page.wait_for_selector(".lw-explorer .lw-map[data-points-drawn='600']")
    page.wait_for_selector(".lw-persistence[data-state='ready'] canvas.lw-diagram")
    page.wait_for_selector(".lw-interpolation[data-strip-frames]")
    for view in (".lw-explorer", ".lw-interpolation"):
        page.wait_for_selector(f"{view} .lw-decoding-path[data-path='page']")
    assert "the views are linked" in page.inner_text(".lw-file-about")
    boxes = {v: page.locator(v).bounding_box() for v in (".lw-explorer", ".lw-persistence")}
    assert boxes[".lw-persistence"]["x"] > boxes[".lw-explorer"]["x"] + 300  # side by side

    # a feature clicked in the diagram draws its cycle on the map
    x, y = page.evaluate("(i) => document.querySelector('.lw-persistence').lwView"
                         ".featureToClient(i, 'diagram')", loop)
    page.mouse.click(x, y)
    page.wait_for_function(
        "(n) => document.querySelector('.lw-map').dataset.cyclePoints === String(n)",
        arg=len(cycle))
    # the scale ε draws the Rips edges on the map once the edges are asked for
    page.click(".lw-persistence label:has-text('edges on map') input")
    page.wait_for_function(
        "() => Number(document.querySelector('.lw-map').dataset.ripsEdgesDrawn) > 0")
    # a click on the map decodes in the page; so does the path's scrubber
    on_point = client(page, app.explorer.points[[7]])[0]
    click_for_frame(page, *map(float, on_point))
    scrub = "document.querySelector('.lw-interpolation').lwView"
    assert page.evaluate(f"() => {scrub}.scrub(1.5)") is not None
    frame = page.evaluate(f"() => {scrub}.frame()")
    drawn = np.array(frame["data"], np.int16).reshape(frame["shape"])
    latent = app.interpolation.latent_at(1.5)
    assert np.abs(drawn - space.decode(latent[None])[0]).max() <= 2
    assert refused == [] and errors == []


def test_an_apps_file_with_max_points_draws_cycles_through_the_points_kept(offline, tmp_path):
    import latent_widgets as lw
    from latent_widgets.widgets.export import kept_indices, points_kept

    page, refused, errors = offline
    app = lw.explore(shapes_space(600), projection="pca")
    app.persistence.wait()
    features, has_cycle = app.persistence.features, app.persistence.has_cycle
    loop = int(np.flatnonzero((features[:, 0] == 1) & (has_cycle == 1))[0])
    cycle = app.persistence.subset[app.persistence._table.cycles[loop]]
    kept = kept_indices(cycle, points_kept(600, 300), 600)
    page.goto(app.to_html(tmp_path / "small_app.html", max_points=300).as_uri())
    page.wait_for_selector(".lw-explorer .lw-map[data-points-drawn='300']")
    page.wait_for_selector(".lw-persistence[data-state='ready'] canvas.lw-diagram")
    assert "cycles and Rips edges drawn through the points kept" in page.inner_text(
        ".lw-file-about")
    x, y = page.evaluate("(i) => document.querySelector('.lw-persistence').lwView"
                         ".featureToClient(i, 'diagram')", loop)
    page.mouse.click(x, y)
    page.wait_for_function(
        "(n) => document.querySelector('.lw-map').dataset.cyclePoints === String(n)",
        arg=len(kept))
    assert 0 < len(kept) < len(cycle) and refused == [] and errors == []
