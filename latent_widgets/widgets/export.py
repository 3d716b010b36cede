"""One self-contained HTML file of a view that opens from ``file://`` with no kernel.

The file holds the view's bundle and styles, its state as the kernel last sent it, every map
computed so far (so that the projection buttons still switch), and what the page needs to
decode in it (`latent_widgets.in_page`: the ONNX model, the data's latents and
thumbnails, onnxruntime-web's wasm; large binaries gzip-compressed). A small host
(``js/src/static/host.js``) plays the kernel's part: it answers the view's commands from
what the file holds, and says in words what needs a kernel.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import html
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from latent_widgets.in_page.inverse import inverse_recipe
from latent_widgets.in_page.runtime import wasm_binary
from latent_widgets.widgets._base import STATIC_DIR, missing_bundle_message
from latent_widgets.widgets.page_decoding import page_decoder_reply

#: The traits of the Explorer a file does not need (ipywidgets' own, the bundle itself).
_NOT_STATE = ("_", "layout", "tabbable", "tooltip")


#: Binary values larger than this are gzip-compressed in the file (``{"$gz"}``): thumbnails
#: and the runtime's wasm shrink by a factor of 3 to 10; the page inflates them on opening.
GZIP_ABOVE = 64 * 1024


def _binary(data: bytes) -> dict[str, str]:
    if len(data) > GZIP_ABOVE:
        return {"$gz": base64.b64encode(gzip.compress(data, 6)).decode("ascii")}
    return {"$b64": base64.b64encode(data).decode("ascii")}


def encode(value: Any) -> Any:
    """JSON for the file: binary buffers and numpy arrays become base64 (``{"$b64"}``, or
    ``{"$gz"}`` compressed; arrays with ``"dtype"`` and ``"shape"``, as the views' commands
    pack them)."""
    if isinstance(value, (memoryview, bytes, bytearray)):
        return _binary(bytes(value))
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        return {"dtype": str(array.dtype), "shape": list(array.shape), **_binary(array.tobytes())}
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity (a trustworthiness of too few points)
    return value


def _asset(name: str) -> str:
    path = STATIC_DIR / name
    if not path.exists():
        raise FileNotFoundError(missing_bundle_message(path))
    return path.read_text(encoding="utf-8")


def _maps(explorer: Any) -> dict[str, Any]:
    """Every map computed so far: its points, its state line and how the page inverts it."""
    maps = {}
    for name in ("pca", "umap"):
        result = explorer.map.cached(name)
        if result is not None:
            maps[name] = {"points": result.points, "state": explorer._state_of(result),
                          "inverse": inverse_recipe(result.projection)}
    return maps


def _state(widget: Any) -> dict[str, Any]:
    return {k: v for k, v in widget.get_state().items() if not k.startswith(_NOT_STATE)}


def explorer_file_data(explorer: Any, budget: float | None = None) -> dict[str, Any]:
    """What the file of an Explorer holds, before encoding: its thumbnails once, for the
    hover and (given to the page's decoder by the file's host) the nearest data."""
    decoder = page_decoder_reply(explorer.space, explorer._decode_in_page, with_data=True,
                                 budget=budget)
    decoder.pop("thumbnails", None)
    space = explorer.space
    return {
        "view": "explorer",
        "state": _state(explorer),
        "maps": _maps(explorer),
        "decoder": decoder,
        "thumbnails": space.thumbnails,
        "wasm": wasm_binary() if decoder["available"] else None,
        "labels": None if space.labels is None else np.asarray(space.labels, np.int32),
    }


#: What works in a file of each view with no kernel, in words.
WORKS = {
    "explorer": "the map pans, zooms, hovers and lassoes",
    "interpolation": "the strip, its scrubber and the three path methods work (other anchors "
                     "or steps, traversal and class arithmetic need a kernel)",
    "persistence": "the diagram, the barcode, the scale ε and their hovers work (another "
                   "scope or more landmarks need a kernel)",
}


def view_file_data(widget: Any) -> dict[str, Any]:
    """What the file of any view holds, before encoding (`explorer_file_data` for a map)."""
    from latent_widgets.widgets.explorer import Explorer
    from latent_widgets.widgets.interpolation import Interpolation

    if isinstance(widget, Explorer):
        return explorer_file_data(widget)
    data = {"view": type(widget).__name__.lower(), "state": _state(widget), "maps": {},
            "labels": None, "wasm": None,
            "decoder": {"available": False, "reason": "this view does not decode"}}
    if isinstance(widget, Interpolation):
        data["decoder"] = page_decoder_reply(widget.space, widget._decode_in_page,
                                             with_data=False)
        data["wasm"] = wasm_binary() if data["decoder"]["available"] else None
        data["methods"] = interpolation_methods(widget)
    return data


def interpolation_methods(interpolation: Any) -> dict[str, Any]:
    """The path through the anchors by each method, decoded, so that the file's method
    buttons still switch ({} with fewer than two anchors)."""
    from latent_widgets.paths import METHODS, path_through
    from latent_widgets.widgets.interpolation import frame_distances

    if len(interpolation.anchors) < 2:
        return {}
    methods = {}
    for method in METHODS:
        graph = interpolation._data_graph() if method == "data" else None
        path, _ = path_through(interpolation.anchors, interpolation.steps, method, graph)
        frames = interpolation._decode(path)
        distances = frame_distances(frames)
        methods[method] = {
            "path": path.astype(np.float32), "frames": frames, "smoothness": distances,
            "smoothness_threshold": float(3.0 * np.median(distances)) if len(distances) else 0.0,
            "status": {**interpolation.status,
                       "message": interpolation._summary(path, method)},
        }
    return methods


def view_html(widget: Any, path: str | Path, title: str) -> Path:
    """Write the file of an Interpolation or a Persistence view (their ``to_html``)."""
    data = view_file_data(widget)
    return write_html([data], path, title, describe(widget, data))


def app_html(app: Any, path: str | Path, title: str, max_points: int | None = None,
             seed: int = 0) -> Path:
    """Write the file of an `App` (its ``to_html``): its views, linked in the page as far as
    no kernel is needed (the scale ε and a feature's cycle on the map)."""
    n = app.explorer.space.n
    keep = points_kept(n, max_points, seed)
    views = [view_file_data(view) for view in app.views]
    note = ""
    if keep is not None:  # the map's points cut; its Rips edges between kept points kept
        ex = app.explorer
        cut = subsample(explorer_file_data(ex, budget=float("inf")), keep)
        both = np.isin(ex.rips_edges, keep).all(axis=1)
        cut["state"]["rips_edges"] = _trait(kept_indices(ex.rips_edges[both], keep, n)
                                            .reshape(-1, 2))
        cut["state"]["rips_lengths"] = _trait(np.asarray(ex.rips_lengths, np.float32)[both])
        views[0] = within_budget(cut)
        note = (f" (a random {len(keep):,} of its {n:,} points, max_points={len(keep)}; cycles "
                "and Rips edges drawn through the points kept)")
    persistence = app.persistence
    if persistence is not None:  # each feature's cycle, for a bar clicked with no kernel
        table, subset = persistence._table, persistence.subset
        cycles = [None if loop is None else subset[loop].astype(np.int32)
                  for loop in table.cycles]
        if keep is not None:
            cycles = [None if c is None else kept_indices(c, keep, n) for c in cycles]
        views[app.views.index(persistence)]["cycles"] = cycles
    explorer = views[0]
    about = describe(app.explorer, explorer, note).replace(
        "No kernel: ", "No kernel: the views are linked (ε and a feature's cycle on the map); ")
    return write_html(views, path, title, about + " Interpolation: " + WORKS["interpolation"]
                      + "; the persistence view: " + WORKS["persistence"] + ".", linked=True)


class FileExport:
    """``to_html`` for the Interpolation and Persistence views (a mixin)."""

    _file_title = "latent_widgets"

    def to_html(self, path: str | Path, title: str | None = None) -> Path:
        """Write the view as one self-contained HTML file that works with no kernel.

        As `latent_widgets.Explorer.to_html`: the view, its state and (for an
        Interpolation whose decoder runs in the page) the decoder with its runtime; the
        file's top line says what it holds and what works there without a kernel.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write the file.
        title : str, optional
            The page's title.

        Returns
        -------
        pathlib.Path
            ``path``.
        """
        return view_html(self, path, title or self._file_title)


#: The Explorer's traits that hold one value per point, and those that hold point indices.
_PER_POINT = ("points", "labels", "color_values")
_INDEX_TRAITS = ("selection", "highlight", "cycle")


def _array_of(trait: Any, dtype: str) -> np.ndarray | None:
    if not isinstance(trait, dict) or "buffer" not in trait:
        return None
    return np.frombuffer(bytes(trait["buffer"]), dtype=dtype).reshape(trait["shape"])


def _trait(array: np.ndarray) -> dict[str, Any]:
    array = np.ascontiguousarray(array)
    return {"dtype": str(array.dtype), "shape": list(array.shape), "buffer": array.tobytes()}


def subsample(data: dict[str, Any], keep: np.ndarray) -> dict[str, Any]:
    """The file's data for the points ``keep`` (sorted indices) only: per-point traits,
    maps, latents, thumbnails and labels cut to them; selections, highlights, cycles and
    Rips edges, which name points by index, are cleared (said in the file)."""
    state = dict(data["state"])
    for name, dtype in zip(_PER_POINT, ("float32", "int32", "float32"), strict=True):
        array = _array_of(state.get(name), dtype)
        if array is not None:
            state[name] = _trait(array[keep])
    for name in _INDEX_TRAITS:
        state[name] = _trait(np.zeros(0, np.int32))
    state["rips_edges"] = _trait(np.zeros((0, 2), np.int32))
    state["rips_lengths"] = _trait(np.zeros(0, np.float32))
    maps = {name: {**m, "points": m["points"][keep]} for name, m in data["maps"].items()}
    decoder = dict(data["decoder"])
    if decoder.get("latents") is not None:
        decoder["latents"] = decoder["latents"][keep]
    thumbs = None if data["thumbnails"] is None else data["thumbnails"][keep]
    labels = None if data["labels"] is None else data["labels"][keep]
    return {**data, "state": state, "maps": maps, "decoder": decoder, "labels": labels,
            "thumbnails": thumbs}


def within_budget(data: dict[str, Any]) -> dict[str, Any]:
    """The file's data with its decoder refused, in words, when the (subsampled) latents and
    thumbnails it would send the page take more than `PAGE_DATA_BUDGET`."""
    from latent_widgets.in_page.payload import PAGE_DATA_BUDGET

    decoder = data["decoder"]
    if not decoder.get("available"):
        return data
    size = decoder["latents"].nbytes + (0 if data["thumbnails"] is None
                                        else data["thumbnails"].nbytes)
    if size <= PAGE_DATA_BUDGET:
        return data
    reason = (f"its latents and thumbnails take {size / 2**20:.0f} MB, more than the "
              f"{PAGE_DATA_BUDGET / 2**20:.0f} MB a page is sent: pass a smaller max_points=")
    return {**data, "decoder": {"available": False, "reason": reason}, "wasm": None}


def points_kept(n: int, max_points: int | None, seed: int = 0) -> np.ndarray | None:
    """The points a file keeps: all (None), or a seeded random ``max_points`` of them, sorted.

    Raises
    ------
    ValueError
        When ``max_points`` is not an integer of at least 2.
    """
    if max_points is None:
        return None
    if int(max_points) != max_points or max_points < 2:
        raise ValueError(f"max_points must be an integer >= 2; got {max_points!r}")
    if n <= max_points:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, int(max_points), replace=False))


def kept_indices(indices: np.ndarray, keep: np.ndarray, n: int) -> np.ndarray:
    """``indices`` of the whole set renumbered among the points ``keep``; dropped ones go
    (a cycle is then drawn through the points kept, in its order)."""
    position = np.full(n, -1, np.int64)
    position[keep] = np.arange(len(keep))
    mapped = position[np.asarray(indices, np.int64)]
    return mapped[mapped >= 0].astype(np.int32)


def explorer_html(explorer: Any, path: str | Path, max_points: int | None = None,
                  title: str = "latent_widgets: a latent map", seed: int = 0) -> Path:
    """Write the Explorer's file (see `latent_widgets.Explorer.to_html`)."""
    data = explorer_file_data(explorer, budget=float("inf"))  # checked once cut to size
    keep = points_kept(explorer.space.n, max_points, seed)
    note = ""
    if keep is not None:
        data = subsample(data, keep)
        note = (f" (a random {len(keep):,} of its {explorer.space.n:,} points, max_points="
                f"{len(keep)}; selections and highlights were left out)")
    data = within_budget(data)
    return write_html([data], path, title, describe(explorer, data, note))


def write_html(views: list[dict[str, Any]], path: str | Path, title: str, about: str,
               linked: bool = False) -> Path:
    """Write the file: each view's bundle and styles (once per kind), the host, and the
    views' data as JSON; ``linked``: the host links them as `lw.link` does (an app)."""
    kinds = list(dict.fromkeys(view["view"] for view in views))
    bundles = "\n".join(
        f'<script type="application/octet-stream;base64" id="lw-bundle-{kind}">'
        + base64.b64encode(_asset(f"{kind}.js").encode("utf-8")).decode("ascii") + "</script>"
        for kind in kinds)
    styles = "\n".join(_asset(f"{kind}.css") for kind in kinds)
    # the runtime's wasm once per file, however many views decode
    wasm = next((view["wasm"] for view in views if view.get("wasm") is not None), None)
    views = [{k: v for k, v in view.items() if k != "wasm"} for view in views]
    payload = json.dumps(encode({"views": views, "linked": linked, "wasm": wasm}),
                         separators=(",", ":"), allow_nan=False)
    payload = payload.replace("<", "\\u003c")  # nothing in it can close or open a tag
    page = TEMPLATE.format(
        title=html.escape(title), about=html.escape(about), styles=styles.replace("</", "<\\/"),
        data=payload, bundles=bundles,
        host=re.sub(r"</(script)", r"<\\/\1", _asset("static-host.js"), flags=re.I),
    )
    page = page.replace(SIZE, f"{len(page.encode('utf-8')) / 2**20:.1f} MB")
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


#: Where the file's own size goes in its description (known once the page is built).
SIZE = "@@size@@"


def describe(widget: Any, data: dict[str, Any], size_note: str = "") -> str:
    """What the file holds, in words (shown at its top)."""
    space = widget.space
    model = getattr(space, "model", None)
    name = type(model).__name__ if model is not None else "latents given directly"
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    decoder, view = data["decoder"], data["view"]
    decodes = ""
    if view != "persistence":
        what = "a click" if view == "explorer" else "the scrubber"
        decodes = (f"; {what} decodes in this page" if decoder["available"]
                   else f"; {what} does not decode here ({decoder['reason']})")
    return (f"{space.n:,} points{size_note}, model: {name}; exported {when} by "
            f"latent_widgets, {SIZE}. No kernel: {WORKS[view]}{decodes}.")


TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 16px; font-family: system-ui, sans-serif; background: #fff; color: #222; }}
.lw-file-about {{ font-size: 13px; color: #555; margin: 0 0 12px; }}
.lw-file-app {{ display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }}
.lw-file-column {{ flex: 1 1 560px; min-width: 0; display: flex; flex-direction: column;
                   gap: 16px; }}
{styles}
</style>
</head>
<body>
<p class="lw-file-about">{about}</p>
<div id="lw-view"></div>
<script type="application/json" id="lw-data">{data}</script>
{bundles}
<script type="module">
{host}
</script>
</body>
</html>
"""
