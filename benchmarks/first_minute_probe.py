"""What the first-minute benchmark (`benchmarks.bench_first_minute`) puts into the kernel and
the page to time them: the kernel's code (run from an IPython startup file, in a module of
its own: spans of the library's and umap-learn's functions, first imports, cells, numba's
compilations) and the page's script (marks in ms since the notebook's URL was opened).

No benchmark script imports another: this module holds only what one of them injects.
"""

# Runs inside the kernel (an IPython startup file execs it into a module of its own).
KERNEL_CODE = r'''
import functools, os, sys, threading, time

STARTUP = time.time()
SPANS = []  # [name, start, end, thread], wall-clock seconds
CELLS = []  # [event, time, first line of the cell]
WATCH = {"numpy", "torch", "latent_widgets", "latent_widgets.demo", "umap", "numba",
         "pynndescent", "sklearn", "scipy", "anywidget", "ipywidgets", "matplotlib"}
WRAP = {
    "latent_widgets.demo.shapes_vae": ["shapes_space", "shapes_data", "load_shapes_vae"],
    "latent_widgets.space.latent_space": ["LatentSpace.__init__"],
    "latent_widgets.projection.latent_map": ["LatentMap.compute", "trustworthiness"],
    "latent_widgets.projection.umap": ["_import_umap", "euclidean_distances"],
    "latent_widgets.widgets.explorer": ["Explorer.__init__"],
    "umap.umap_": ["nearest_neighbors", "fuzzy_simplicial_set", "simplicial_set_embedding",
                   "spectral_layout", "optimize_layout_euclidean"],
}

def process_start():
    with open("/proc/self/stat") as stat:
        ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    alive = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    return time.time() - alive

def span(name, fn):
    @functools.wraps(fn)
    def timed(*args, **kwargs):
        label = f"{name}:{args[1]}" if len(args) > 1 and isinstance(args[1], str) else name
        start = time.time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPANS.append([label, start, time.time(), threading.current_thread().name])
    return timed

def wrap(module):
    for path in WRAP.get(module.__name__, ()):
        owner, _, attr = path.rpartition(".")
        target = getattr(module, owner) if owner else module
        if hasattr(target, attr):
            setattr(target, attr, span(path, getattr(target, attr)))

def watch_numba():
    from numba.core import event
    local = threading.local()
    class Compiles(event.Listener):
        def on_start(self, ev):
            local.depth = getattr(local, "depth", 0) + 1
            if local.depth == 1:
                local.start = time.time()
                py_func = getattr(ev.data.get("dispatcher"), "py_func", None)
                local.name = getattr(py_func, "__qualname__", "?")
        def on_end(self, ev):
            local.depth -= 1
            if local.depth == 0:
                SPANS.append(["numba compile", local.start, time.time(),
                              threading.current_thread().name, local.name])
    event.register("numba:compile", Compiles())

class Imports:
    """Notes the first import of the WATCH and WRAP modules, and wraps what WRAP names."""
    seen = set()
    def find_spec(self, name, path=None, target=None):
        if (name not in WATCH and name not in WRAP) or name in self.seen:
            return None
        self.seen.add(name)
        for finder in sys.meta_path:
            found = getattr(finder, "find_spec", None)
            spec = found(name, path, target) if finder is not self and found else None
            if spec is not None:
                break
        else:
            return None
        run = getattr(spec.loader, "exec_module", None)
        if run is None or isinstance(spec.loader, type):
            return spec
        def exec_module(module):
            start = time.time()
            try:
                run(module)
            finally:
                SPANS.append([f"import {name}", start, time.time(),
                              threading.current_thread().name])
            wrap(module)
            if name == "numba":
                watch_numba()
        spec.loader.exec_module = exec_module
        return spec

def cell_event(kind):
    def note(arg):
        info = getattr(arg, "info", arg)
        CELLS.append([kind, time.time(), (info.raw_cell or "").strip().split("\n")[0][:60]])
    return note

def record():
    return {"process_start": PROCESS_START, "startup": STARTUP, "spans": SPANS,
            "cells": CELLS}

PROCESS_START = process_start()
sys.meta_path.insert(0, Imports())
_ip = __import__("IPython").get_ipython()
_ip.events.register("pre_run_cell", cell_event("pre"))
_ip.events.register("post_run_cell", cell_event("post"))
'''

STARTUP_FILE = """import sys, types
_lw = types.ModuleType("_lw_first_minute")
sys.modules[_lw.__name__] = _lw
exec(compile({code!r}, "<lw-first-minute>", "exec"), _lw.__dict__)
del _lw
"""

# Runs in the page before JupyterLab: what happened when, in ms since the URL was opened.
PAGE_SCRIPT = """(() => {
  const marks = (window.__fm = {});
  const mark = (name, t = performance.now()) => { if (!(name in marks)) marks[name] = t; };
  const poll = setInterval(() => {
    const app = window.jupyterapp;
    if (app) mark("lab_app");
    const panel = app && app.shell && app.shell.currentWidget;
    const ctx = panel && panel.sessionContext;
    const kernel = ctx && ctx.session && ctx.session.kernel;
    if (ctx) mark("notebook");
    if (kernel) mark("session");
    const up = kernel && kernel.connectionStatus === "connected" && kernel.status === "idle";
    if (up) mark("kernel_ready");
    if ("frame_drawn" in marks) clearInterval(poll);
  }, 10);
  const seen = (records) => {
    const now = performance.now();
    for (const r of records) {
      const el = r.target;
      if (r.attributeName === "data-points-drawn") {
        const root = el.closest(".lw-explorer");
        const on = root && root.querySelector("[data-projection][aria-pressed='true']");
        mark(`${on ? on.dataset.projection : "pca"}_drawn`, now);
      } else if (r.attributeName === "aria-pressed" && el.dataset.projection
                 && el.getAttribute("aria-pressed") === "true") {
        mark(`${el.dataset.projection}_arrived`, now);
      } else if (r.attributeName === "data-frames-drawn") {
        mark("frame_drawn", now);
      }
    }
  };
  const observe = () => new MutationObserver(seen).observe(document.documentElement, {
    attributes: true, subtree: true,
    attributeFilter: ["data-points-drawn", "aria-pressed", "data-frames-drawn"],
  });
  if (document.documentElement) observe();
  else document.addEventListener("DOMContentLoaded", observe);
})();"""
