"""A notebook open in a real JupyterLab and headless Chromium, for the browser benchmarks.

The same server the browser tests use (`tests.browser.lab`): private settings, the kernel
websocket without Nagle, torn down afterwards. Inside ``with use(server, browser):`` the
benchmarks open their notebooks on that running server and browser instead (the smoke test
hands them the browser tests' session JupyterLab and Chromium), and start neither.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.browser.lab import CHROMIUM_ARGS, LabServer, NotebookPage, find_chromium, write_notebook

_SHARED: dict[str, Any] = {}
_SHUT_KERNEL_DOWN = "() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()"


@contextmanager
def use(server: LabServer, browser: Any) -> Iterator[None]:
    """Open every `notebook_page` inside this block on ``server`` in ``browser`` (a
    Playwright Browser), both left running afterwards."""
    before = dict(_SHARED)
    # one context for every page: JupyterLab's assets come from its cache after the first
    _SHARED.update(server=server, browser=browser, context=browser.new_context())
    try:
        yield
    finally:
        _SHARED["context"].close()
        _SHARED.clear()
        _SHARED.update(before)


def shared_server() -> LabServer | None:
    """The server given to `use`, if inside its block."""
    return _SHARED.get("server")


@contextmanager
def browser() -> Iterator[Any]:
    """A Playwright Browser: the one given to `use` inside its block (a second Playwright
    cannot start in the same thread), else a new headless Chromium, closed afterwards."""
    if _SHARED:
        yield _SHARED["browser"]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=find_chromium(),
                                              args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def _server_and_context() -> Iterator[tuple[LabServer, Any]]:
    """The server and a browser context to open pages in: shared ones, or new ones."""
    if _SHARED:
        yield _SHARED["server"], _SHARED["context"]
        return
    from playwright.sync_api import sync_playwright

    server = LabServer(Path(tempfile.mkdtemp(prefix="lw-bench-"))).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(),
                                                 args=CHROMIUM_ARGS, headless=True)
            try:
                yield server, browser.new_context()
            finally:
                browser.close()
    finally:
        server.stop()


@contextmanager
def notebook_page(
    cells: list[str],
    *,
    viewport: tuple[int, int] = (1280, 1400),
    timeout_ms: float = 60_000,
    init_script: str | None = None,
    before_open: Callable[[LabServer], None] | None = None,
) -> Iterator[NotebookPage]:
    """Write ``cells`` to a notebook, open it in JupyterLab in headless Chromium and yield
    the page (not yet run: call ``run_all()``). Everything is closed on the way out (on a
    shared server: the notebook's kernel and the page). ``before_open(server)`` runs just
    before the notebook is opened (its kernel is started then)."""
    with _server_and_context() as (server, context):
        name = f"bench-{uuid.uuid4().hex[:8]}.ipynb"
        write_notebook(server.root / name, cells)
        page = context.new_page()
        try:
            page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
            if init_script:
                page.add_init_script(init_script)
            page.set_default_timeout(timeout_ms)
            if before_open:
                before_open(server)
            notebook = NotebookPage(page, server).open(name)
            try:
                yield notebook
            finally:
                if _SHARED:
                    page.evaluate(_SHUT_KERNEL_DOWN)
        finally:
            page.close()


_RUN_CELL = """async ([index, wait]) => {
  const app = window.jupyterapp;
  app.shell.currentWidget.content.activeCellIndex = index;
  const done = app.commands.execute("notebook:run-cell");
  if (wait) await done;
}"""

_CELL_ERRORS = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .filter((c) => c.model.type === "code").flatMap((c) => c.model.outputs.toJSON())
  .filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`)"""


def run_cell(notebook: NotebookPage, index: int, wait: bool = True) -> None:
    """Run the notebook's cell ``index`` (counting markdown cells) as Ctrl-Enter does; with
    ``wait``, return once the kernel has answered it."""
    notebook.page.evaluate(_RUN_CELL, [index, wait])


def cell_errors(notebook: NotebookPage) -> list[str]:
    """The errors the notebook's code cells show, as ``"Name: value"``."""
    return notebook.page.evaluate(_CELL_ERRORS)
