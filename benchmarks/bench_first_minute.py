"""A new user's first minute: ``make demo``'s notebook from opening it to the UMAP map and the
first decoded frame, in a real JupyterLab and headless Chromium.

Each run opens notebooks/quickstart.ipynb (its cells as they are) in a fresh JupyterLab, a
fresh Chromium (nothing in its HTTP cache) and a fresh kernel, with the websocket option
``make demo`` passes (no Nagle wait). As a user does, it runs the first code cell as soon as
the kernel is ready, waits for the UMAP map to replace the PCA map, clicks a point, waits for
the decoded frame, then runs the other cells one by one.

The clock starts when the notebook's URL is opened (the page's ``performance.timeOrigin``).
The page notes its events with ``performance.now()``; the kernel notes its own (the kernel's
start, each cell, first imports, spans of library and umap-learn functions wrapped at run
time, numba's compilations) through an IPython startup file written for the run and removed
once the kernel is up. The library's code is untouched.

Two cases, alternated: *empty cache*, a first kernel on a machine whose numba cache of
``latent_widgets`` is empty (an empty ``XDG_CACHE_HOME``: a ``pip install`` without ``make
demo``, which since 2026-12-03 fills the cache before JupyterLab starts), and *warm cache*,
the next kernel on the same machine (the folder the empty run just filled), which is also a
new user's first kernel after ``make demo``.

Run: ``.venv/bin/python -m benchmarks.bench_first_minute [--runs 3]``. ``--smoke``: one run
on 300 shapes, on whatever numba cache the server has, the table to a temporary file.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from benchmarks.common import environment, machine_line, median_range, smoke_parser, write_section
from benchmarks.first_minute_probe import KERNEL_CODE, PAGE_SCRIPT, STARTUP_FILE
from benchmarks.lab_page import cell_errors, notebook_page, run_cell, shared_server

QUICKSTART = Path(__file__).resolve().parents[1] / "notebooks" / "quickstart.ipynb"
STARTUP = Path("ipython") / "profile_default" / "startup" / "50-lw-first-minute.py"
CASES = ("empty", "warm")
WAIT_MS = 600_000

def quickstart_cells(smoke: bool) -> list:
    """The quickstart's cells as they are (smoke: 300 shapes instead of 3,000)."""
    cells = []
    for cell in json.loads(QUICKSTART.read_text())["cells"]:
        source = "".join(cell["source"])
        if smoke:
            source = source.replace("shapes_space(3000)", "shapes_space(300)")
        cells.append(source if cell["cell_type"] == "code" else ("markdown", source))
    return cells


def code_indices(cells: list) -> list[int]:
    return [k for k, cell in enumerate(cells) if isinstance(cell, str)]


def wait_mark(page, name: str, timeout: float = WAIT_MS) -> None:
    page.wait_for_function("(k) => k in (window.__fm || {})", arg=name, timeout=timeout,
                           polling=50)


def click_a_point(notebook) -> dict:
    """Click the first data point of the map, as a hand does; the frame drawn and its times."""
    page = notebook.page
    xy = notebook.kernel_value("explorer.points[0].tolist()")
    x, y = page.evaluate("([x, y]) => document.querySelector('.lw-explorer').lwView"
                         ".dataToClient(x, y)", xy)
    page.mouse.move(x, y)
    page.wait_for_timeout(150)
    page.mouse.down()
    page.mouse.up()
    wait_mark(page, "frame_drawn", timeout=60_000)
    ms = float(page.get_attribute("canvas.lw-frame", "data-click-to-frame-ms"))
    return {"click_to_frame_ms": ms, "decode_ms": notebook.kernel_value("explorer.decode_ms")}


def run_once(smoke: bool) -> dict:
    """One user's first minute in a fresh kernel (and a fresh JupyterLab and Chromium unless
    the server is shared); every mark, from both sides."""
    cells = quickstart_cells(smoke)
    startup: list[Path] = []

    def install(server) -> None:
        path = server.base / STARTUP
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(STARTUP_FILE.format(code=KERNEL_CODE))
        startup.append(path)

    try:
        with notebook_page(cells, init_script=PAGE_SCRIPT, before_open=install,
                           timeout_ms=WAIT_MS) as notebook:
            startup[0].unlink()  # the kernel has read it; kernels started later do not
            page, first, *rest = notebook.page, *code_indices(cells)
            run_cell(notebook, first, wait=False)
            wait_mark(page, "umap_drawn")
            run = click_a_point(notebook)
            for index in rest:
                run_cell(notebook, index)
            errors = cell_errors(notebook)
            if errors and not smoke:
                raise RuntimeError(f"the quickstart raised: {errors}")
            run.update(page=page.evaluate("() => window.__fm"),
                       origin=page.evaluate("() => performance.timeOrigin"),
                       kernel=notebook.kernel_value("__import__('_lw_first_minute').record()"))
            return run
    finally:
        for path in startup:
            path.unlink(missing_ok=True)


# -- from marks to figures: seconds on the page's clock (0: the notebook's URL opened) ------

MILESTONES = {
    "lab": "JupyterLab's app up in the page",
    "notebook": "the notebook's panel open (it asks for a kernel)",
    "kernel_process": "kernel process started",
    "session": "the kernel's session known to the page",
    "kernel_ready": "kernel ready (connected, idle)",
    "cell": "first cell starts running",
    "imports": "`import latent_widgets` and `.demo` done",
    "space": "demo space ready (`shapes_space(3000)` returned)",
    "cell_end": "first cell done (Explorer built, PCA map computed)",
    "pca": "**PCA map on screen**",
    "umap_arrived": "UMAP map reaches the view",
    "umap": "**UMAP map on screen** (its 600 ms transition ended)",
    "frame": "**first decoded frame** (a click once the UMAP map is up)",
}


UMAP_ALL = "**UMAP in all** (`LatentMap.compute`, in its thread)"
COMPILING = "… of which numba compiling (cache misses)"
TORCH, LATENTS = "… of which torch", "the latents (`LatentSpace`)"
SKLEARN = "… of which scikit-learn's import (for trustworthiness)"


def seconds_inside(run: dict, inner: str, outer: str) -> float:
    """Seconds of the spans ``inner`` that ran inside the first span ``outer``, on its
    thread (0 when none did: scikit-learn imported by UMAP's thread is not the PCA map's)."""
    found = spans(run, outer)
    if not found:
        return float("nan")
    _, start, end, thread = found[0][:4]
    return sum(s[2] - s[1] for s in spans(run, inner)
               if s[3] == thread and start <= s[1] and s[2] <= end)


def spans(run: dict, name: str) -> list[list]:
    return [s for s in run["kernel"]["spans"] if s[0] == name]


def seconds_of(run: dict, name: str) -> float:
    """How long the first span ``name`` took; NaN when it did not happen."""
    found = spans(run, name)
    return found[0][2] - found[0][1] if found else float("nan")


def cell_times(run: dict, first_line: str) -> tuple[float, float]:
    """When the cell beginning with ``first_line`` started and ended (page clock)."""
    origin = run["origin"] / 1000
    times = {kind: t - origin for kind, t, line in reversed(run["kernel"]["cells"])
             if line == first_line[:60]}
    return times.get("pre", float("nan")), times.get("post", float("nan"))


def first_lines(smoke: bool) -> list[str]:
    cells = quickstart_cells(smoke)
    return [cells[k].strip().split("\n")[0] for k in code_indices(cells)]


PAGE_MARKS = {"lab": "lab_app", "notebook": "notebook", "session": "session",
              "kernel_ready": "kernel_ready", "pca": "pca_drawn", "umap_arrived": "umap_arrived",
              "umap": "umap_drawn", "frame": "frame_drawn"}


def milestones(run: dict, smoke: bool) -> dict[str, float]:
    """The `MILESTONES`, in seconds on the page's clock (NaN: did not happen)."""
    origin, nan = run["origin"] / 1000, float("nan")
    found = {key: run["page"].get(mark, nan) / 1000 for key, mark in PAGE_MARKS.items()}

    def end(name: str) -> float:
        found = spans(run, name)
        return found[0][2] - origin if found else nan

    found["cell"], found["cell_end"] = cell_times(run, first_lines(smoke)[0])
    found.update(kernel_process=run["kernel"]["process_start"] - origin,
                 imports=end("import latent_widgets.demo"), space=end("shapes_space"))
    return {key: found[key] for key in MILESTONES}


def umap_parts(run: dict) -> dict[str, float]:
    """The UMAP worker's time, part by part, and numba's compiling within it."""
    fit = spans(run, "LatentMap.compute:umap")
    if not fit:
        return {}
    start, stop = fit[0][1], fit[0][2]

    def inside(name: str) -> list[list]:
        return [s for s in spans(run, name) if s[1] >= start and s[2] <= stop]

    compiles, trust = inside("numba compile"), inside("trustworthiness")
    return {
        "import umap-learn, numba, pynndescent (`_import_umap`)": seconds_of(run, "_import_umap"),
        "… of which numba's own import": seconds_of(run, "import numba"),
        "exact distances (`cdist`)": seconds_of(run, "euclidean_distances"),
        "fuzzy simplicial set (the kNN graph)": seconds_of(run, "fuzzy_simplicial_set"),
        "… of which `nearest_neighbors`": seconds_of(run, "nearest_neighbors"),
        "layout (`simplicial_set_embedding`)": seconds_of(run, "simplicial_set_embedding"),
        "… of which the spectral start": seconds_of(run, "spectral_layout"),
        "… of which the epochs (`optimize_layout_euclidean`)":
            seconds_of(run, "optimize_layout_euclidean"),
        "trustworthiness of the UMAP map": trust[0][2] - trust[0][1] if trust else 0.0,
        UMAP_ALL: stop - start,
        COMPILING: sum(s[2] - s[1] for s in compiles),
    }


def stages(run: dict, smoke: bool) -> dict[str, float]:
    """Where the time goes, in the order it is spent (seconds)."""
    m, kernel, origin = milestones(run, smoke), run["kernel"], run["origin"] / 1000
    fit_end = spans(run, "LatentMap.compute:umap")
    fit_end = fit_end[0][2] - origin if fit_end else float("nan")
    others = [cell_times(run, line) for line in first_lines(smoke)[1:]]
    return {
        "JupyterLab loads, opens the notebook's panel": m["notebook"],
        "the server starts the kernel process": m["kernel_process"] - m["notebook"],
        "kernel boots (Python, ipykernel)": kernel["startup"] - kernel["process_start"],
        "kernel connects, ready on the page": m["kernel_ready"] - (kernel["startup"] - origin),
        "the first cell is sent": m["cell"] - m["kernel_ready"],
        "import numpy": seconds_of(run, "import numpy"),
        "import latent_widgets": seconds_of(run, "import latent_widgets"),
        "import latent_widgets.demo": seconds_of(run, "import latent_widgets.demo"),
        TORCH: seconds_of(run, "import torch"),
        "the images (`shapes_data`)": seconds_of(run, "shapes_data"),
        "the VAE's weights (`load_shapes_vae`)": seconds_of(run, "load_shapes_vae"),
        LATENTS: seconds_of(run, "LatentSpace.__init__"),
        "PCA map and its trustworthiness": seconds_of(run, "LatentMap.compute:pca"),
        SKLEARN: seconds_inside(run, "import sklearn", "LatentMap.compute:pca"),
        "the rest of `Explorer()`": seconds_of(run, "Explorer.__init__")
        - seconds_of(run, "LatentMap.compute:pca"),
        "first cell done → PCA map drawn (widget to the page)": m["pca"] - m["cell_end"],
        **umap_parts(run),
        "UMAP done → map in the view (to the page)": m["umap_arrived"] - fit_end,
        "transition to the UMAP map": m["umap"] - m["umap_arrived"],
        "click → decoded frame (page)": run["click_to_frame_ms"] / 1000,
        "… of which the kernel's decode": run["decode_ms"] / 1000,
        f"the other {len(others)} cells, one by one": sum(b - a for a, b in others),
    }


def milestone_rows(results: dict[str, list[dict]], smoke: bool) -> list[str]:
    per_case = {case: [milestones(run, smoke) for run in runs] for case, runs in results.items()}
    rows = []
    for key, label in MILESTONES.items():
        cells = [part for case in CASES for part in median_range([m[key] for m in per_case[case]])]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return rows


def stage_rows(results: dict[str, list[dict]], smoke: bool) -> list[str]:
    per_case = {case: [stages(run, smoke) for run in runs] for case, runs in results.items()}
    labels = next(iter(s for case in CASES for s in per_case[case]))
    return [f"| {label} | " + " | ".join(median_range([s[label] for s in per_case[case]])[0]
                                         for case in CASES) + " |" for label in labels]


def thread_compiles(run: dict) -> list[str]:
    """The functions numba compiled in the UMAP thread."""
    fit = spans(run, "LatentMap.compute:umap")
    return [(s + ["?"])[4] for s in spans(run, "numba compile")
            if fit and fit[0][1] <= s[1] <= fit[0][2]]


def findings(results: dict[str, list[dict]], smoke: bool) -> list[str]:
    """The medians the text quotes, case by case."""
    lines = []
    for case, runs in ((c, r) for c, r in results.items() if r):
        m = {k: statistics.median(milestones(r, smoke)[k] for r in runs) for k in MILESTONES}
        per_run = [stages(r, smoke) for r in runs]
        st = {k: statistics.median(s[k] for s in per_run) for k in per_run[0]}
        named = sorted({name for run in runs for name in thread_compiles(run)})
        compiled = (f"{len(named)} functions" if len(named) > 4 else
                    ", ".join(f"`{name}`" for name in named) or "none")
        parts = sorted(((v, k) for k, v in st.items() if k in umap_parts(runs[0])
                        and not k.startswith("…") and k != UMAP_ALL), reverse=True)[:3]
        lines.append(
            f"*{case.capitalize()} cache*: a ready kernel at {m['kernel_ready']:.1f} s "
            f"(JupyterLab's front end {m['notebook']:.1f} s of it); the first cell runs "
            f"{m['cell_end'] - m['cell']:.1f} s (torch's import {st[TORCH]:.1f}, "
            f"scikit-learn's for the PCA map {st[SKLEARN]:.1f}, the latents "
            f"{st[LATENTS]:.1f}); the PCA map "
            f"at {m['pca']:.1f} s; the UMAP map {m['umap'] - m['pca']:.1f} s later, at "
            f"{m['umap']:.1f} s. UMAP's thread: {st[UMAP_ALL]:.1f} s, the largest parts "
            + ", ".join(f"{k.split(' (')[0]} {v:.1f} s" for v, k in parts)
            + f"; numba compiled for {st[COMPILING]:.1f} s of it ({compiled}).")
    return lines


def table(results: dict[str, list[dict]], smoke: bool, note: str = "") -> str:
    runs = max(len(runs) for runs in results.values())
    lines = [
        "## The first minute: `make demo`'s notebook to the UMAP map and a decoded frame",
        "",
        "`.venv/bin/python -m benchmarks.bench_first_minute` — notebooks/quickstart.ipynb as it "
        "is (3,000 shapes under the shipped VAE, `Explorer(space, projection=\"umap\")`), in a "
        "fresh JupyterLab started as `make demo` starts it, a fresh headless Chromium (software "
        "WebGL, empty HTTP cache) and a fresh kernel each run. The first code cell runs as soon "
        "as the kernel is ready; once the UMAP map is up a point is clicked; then the other "
        "cells run one by one. *Empty cache*: a new user's first kernel after `make demo`'s "
        "set-up (nothing in `~/.cache/latent_widgets/numba`); *warm cache*: the next kernel on "
        "the same machine (the folder the empty run just filled). "
        f"{runs} runs of each, alternated; medians, and the range over the runs.",
        "",
        "| milestone (s after opening the notebook) | empty cache: median | empty cache: range "
        "| warm cache: median | warm cache: range |",
        "|---|---|---|---|---|",
        *milestone_rows(results, smoke),
        "",
        "Where the time goes (medians, s). Kernel side: an IPython startup file (the "
        "library's code untouched) notes the kernel's start, each cell, the first import of "
        "each package, the spans of the library's and umap-learn's functions named here, and "
        "numba's compilations; page side: `performance.now()`. Both on one clock (the page's).",
        "",
        "| stage | empty cache (s) | warm cache (s) |",
        "|---|---|---|",
        *stage_rows(results, smoke),
        "",
        *(line for finding in findings(results, smoke) for line in (finding, "")),
        *NOTES,
        "",
        f"{machine_line()} {note}".strip(),
    ]
    return "\n".join(lines)


NOTES = [
    "What dominates. With an empty cache it is numba compiling umap-learn and pynndescent, in "
    "their import (the functions they cache themselves) and in the fit (those "
    "`latent_widgets` turns caching on for): most of the UMAP thread, which is most of the "
    "time from the PCA map to the UMAP map. It is paid once per machine, and `make demo` pays "
    "it before JupyterLab starts (`python -m latent_widgets.projection.warm_umap --if-cold`), "
    "so that a new user's first kernel is the warm case. The "
    "warm kernel still compiles what umap-learn compiles eagerly at import (in these runs "
    "`umap.utils` functions given a signature and no cache), and its UMAP thread is mostly "
    "the layout's epochs, the imports and the kNN graph. Before the PCA map, the largest "
    "piece is JupyterLab's front end loading (here headless Chromium, software rendering, an "
    "empty HTTP cache: a returning browser has the assets cached), then torch's import (the "
    "VAE); scikit-learn's import, which the PCA map's trustworthiness needed, is gone since "
    "2026-12-03 (`latent_widgets.projection.metrics` computes it).",
    "",
    "Read with care. The machine has 2 cores and other sessions ran their benchmarks on it "
    "meanwhile: the ranges are wide, and the warm and empty runs' first "
    "cells differ by load, not by cache. The warm run always follows its empty run (it reads "
    "the cache that run filled). The first decoded frame is the UMAP map's time plus the "
    "harness's click (the pointer rests 150 ms, after a kernel read of one point's position) "
    "plus the click → frame row; a user could click the PCA map sooner (not measured). "
    "Kernel marks are wall-clock times put on the page's clock through "
    "`performance.timeOrigin` (same machine); the kernel process' start comes from /proc "
    "(10 ms ticks). numba's compile event fires on cache misses only; nested compilations "
    "count once. The other cells (colour by angle, the selection, `count_features`, "
    "`figure()`) run after the frame, outside the first minute's path.",
]


def measure(runs: int) -> dict[str, list[dict]]:
    """``runs`` of each case: every round a new empty cache folder, then the same folder
    warm (so the warm run always comes second)."""
    results: dict[str, list[dict]] = {case: [] for case in CASES}
    for round_ in range(runs):
        folder = tempfile.mkdtemp(prefix="lw-first-minute-cache-")
        for case in CASES:
            with environment(XDG_CACHE_HOME=folder, NUMBA_CACHE_DIR=None):
                run = run_once(smoke=False)
            results[case].append(run)
            m = milestones(run, False)
            print(f"round {round_ + 1} {case}: PCA {m['pca']:.1f} s, UMAP {m['umap']:.1f} s, "
                  f"frame {m['frame']:.1f} s", flush=True)
    return results


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("one run on 300 shapes, on the server's numba cache")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--raw", type=Path, help="also write every mark to this JSON file")
    parser.add_argument("--note", default="", help="a sentence added to the text")
    parser.add_argument("--replay", type=Path, nargs="+",
                        help="the table from --raw files (their runs together), no runs")
    args = parser.parse_args(argv)
    if args.replay:
        results = {case: [run for raw in args.replay
                          for run in json.loads(raw.read_text())[case]] for case in CASES}
    elif args.smoke:
        own = {} if shared_server() else {"XDG_CACHE_HOME": tempfile.mkdtemp()}
        with environment(**own):
            results = {"empty": [], "warm": [run_once(smoke=True)]}
    else:
        results = measure(args.runs)
    if args.raw:
        args.raw.write_text(json.dumps(results))
    text = table(results, args.smoke, args.note)
    return write_section("first-minute", text, smoke=args.smoke)


if __name__ == "__main__":
    main()
