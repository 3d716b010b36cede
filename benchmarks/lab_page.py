"""A notebook open in a real JupyterLab and headless Chromium, for the browser benchmarks.

The same server the browser tests use (`tests.browser.lab`): private settings, the kernel
websocket without Nagle, torn down afterwards.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.lab import CHROMIUM_ARGS, LabServer, NotebookPage, find_chromium, write_notebook


@contextmanager
def notebook_page(
    cells: list[str],
    *,
    viewport: tuple[int, int] = (1280, 1400),
    timeout_ms: float = 60_000,
    init_script: str | None = None,
) -> Iterator[NotebookPage]:
    """Write ``cells`` to a notebook, open it in JupyterLab in headless Chromium and yield
    the page (not yet run: call ``run_all()``). Everything is closed on the way out."""
    from playwright.sync_api import sync_playwright

    server = LabServer(Path(tempfile.mkdtemp(prefix="lw-bench-"))).start()
    try:
        write_notebook(server.root / "bench.ipynb", cells)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(),
                                                 args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            if init_script:
                context.add_init_script(init_script)
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            try:
                yield NotebookPage(page, server).open("bench.ipynb")
            finally:
                browser.close()
    finally:
        server.stop()
