"""Helpers for driving an Explorer view on a notebook page (through its ``lwView`` handle)."""

from __future__ import annotations

import time

import numpy as np

ROOT = ".lw-explorer"


def wait_for_explorer(notebook, variable: str = "explorer") -> np.ndarray:
    """Wait until the Explorer drew all its points; return the points, as the kernel has them."""
    notebook.wait_for(f"{ROOT}[data-state='ready'] .lw-map[data-points-drawn]")
    points = np.array(notebook.kernel_value(f"{variable}.points.tolist()"), dtype=np.float64)
    drawn = notebook.page.get_attribute(".lw-map", "data-points-drawn")
    assert int(drawn) == len(points)
    wait_for_stable_layout(notebook)
    return points


def wait_for_stable_layout(notebook, timeout: float = 10.0) -> None:
    """Wait until the map stops moving on the page (JupyterLab lays out and scrolls the
    output for a moment after the widget appears); clicks computed earlier would miss."""
    deadline = time.monotonic() + timeout
    last, steady = None, 0
    while time.monotonic() < deadline and steady < 3:
        box = notebook.page.locator(".lw-map-canvas").bounding_box()
        steady = steady + 1 if box == last else 0
        last = box
        notebook.page.wait_for_timeout(150)


def wait_for_projection(notebook, name: str, variable: str = "explorer", timeout: float = 180):
    """Wait until the kernel shows the map ``name`` and the view has drawn its points."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = notebook.kernel_value(f"{variable}.projection_state")
        if state.get("shown") == name and state.get("state") == "ready":
            break
        assert state.get("state") != "error", state
        time.sleep(0.5)
    else:
        raise TimeoutError(f"the {name} map was not shown within {timeout} s")
    notebook.page.wait_for_function(
        "(name) => document.querySelector('.lw-projection-info').textContent"
        ".startsWith(name.toUpperCase())",
        arg=name,
    )
    time.sleep(1.0)  # the transition animation (600 ms)
    return wait_for_explorer(notebook, variable)


def to_client(notebook, points: np.ndarray) -> np.ndarray:
    """Page (client) coordinates of data positions on the map."""
    return np.array(notebook.page.evaluate(
        "(pts) => { const v = document.querySelector('.lw-explorer').lwView;"
        " return pts.map(([x, y]) => v.dataToClient(x, y)); }",
        [[float(x), float(y)] for x, y in points],
    ))


def to_data(notebook, client_x: float, client_y: float) -> tuple[float, float]:
    return tuple(notebook.page.evaluate(
        "([x, y]) => document.querySelector('.lw-explorer').lwView.clientToData(x, y)",
        [client_x, client_y],
    ))


def snapshot(notebook) -> np.ndarray:
    """The WebGL map as RGBA pixels ``(height, width, 4)`` (device pixels)."""
    image = notebook.page.evaluate(
        "() => document.querySelector('.lw-explorer').lwView.snapshot()"
    )
    return np.array(image["data"], dtype=np.uint8).reshape(image["height"], image["width"], 4)


def map_box(notebook) -> dict:
    return notebook.page.locator(".lw-map-canvas").bounding_box()


def coloured_fraction(notebook, points: np.ndarray) -> float:
    """Fraction of ``points`` whose pixel on the map differs from the map's background."""
    pixels = snapshot(notebook)
    box = map_box(notebook)
    ratio = pixels.shape[1] / box["width"]
    background = pixels[2, 2, :3].astype(int)
    hits = 0
    for cx, cy in to_client(notebook, points):
        col = int((cx - box["x"]) * ratio)
        row = int((cy - box["y"]) * ratio)
        patch = pixels[max(row - 1, 0) : row + 2, max(col - 1, 0) : col + 2, :3].astype(int)
        hits += int((np.abs(patch - background).sum(axis=-1) > 40).any())
    return hits / len(points)


def frames_drawn(notebook) -> int:
    value = notebook.page.get_attribute("canvas.lw-frame", "data-frames-drawn")
    return int(value or 0)


def click_and_wait_for_frame(notebook, client_x: float, client_y: float) -> None:
    before = frames_drawn(notebook)
    notebook.page.mouse.click(client_x, client_y)
    notebook.page.wait_for_function(
        "(n) => Number(document.querySelector('canvas.lw-frame').dataset.framesDrawn || 0) > n",
        arg=before,
    )


def lasso(notebook, polygon: np.ndarray, steps: int = 8) -> None:
    """Shift-drag along a closed polygon of client coordinates."""
    page = notebook.page
    page.keyboard.down("Shift")
    page.mouse.move(*map(float, polygon[0]))
    page.mouse.down()
    corners = list(polygon[1:]) + [polygon[0]]
    current = polygon[0]
    for corner in corners:
        for t in np.linspace(0, 1, steps + 1)[1:]:
            point = current + (corner - current) * t
            page.mouse.move(float(point[0]), float(point[1]))
            page.wait_for_timeout(20)
        current = corner
    page.mouse.up()
    page.keyboard.up("Shift")


#: A notebook cell's set-up: three blobs of 60 points in R^3, labelled left, right, top.
BLOBS = (
    "import numpy as np\n"
    "import latent_widgets as lw\n"
    "rng = np.random.default_rng(0)\n"
    "centres = np.array([[0, 0, 0], [6, 0, 0], [0, 6, 0]], dtype=float)\n"
    "latents = np.concatenate([c + rng.normal(0, 0.4, (60, 3)) for c in centres])\n"
    "labels = np.repeat(['left', 'right', 'top'], 60)\n"
)

#: A notebook cell's set-up: a noisy ring of 150 points and a blob of 50 beside it, in R^3
#: (``ring``, ``blob``; ``labels`` says which).
RING_AND_BLOB = (
    "import numpy as np\n"
    "import latent_widgets as lw\n"
    "rng = np.random.default_rng(0)\n"
    "t = rng.uniform(0, 2 * np.pi, 150)\n"
    "ring = np.c_[np.cos(t), np.sin(t), np.zeros(150)] + rng.normal(0, 0.04, (150, 3))\n"
    "blob = np.array([4.0, 0, 0]) + rng.normal(0, 0.1, (50, 3))\n"
    "labels = np.array(['ring'] * 150 + ['blob'] * 50)\n"
)


def poll_kernel(notebook, expression: str, predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = notebook.kernel_value(expression)
        if predicate(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.25)
