"""A real JupyterLab on a loopback port, and a notebook page driven by Playwright.

Used by the browser tests through the fixtures in ``conftest.py``. Everything the server
writes goes to a temporary folder (HOME, Jupyter and IPython folders, matplotlib's cache),
and teardown ends every process the server started, kernels included.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import nbformat

ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
_WORKSPACES = itertools.count()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_chromium() -> str:
    """The Chromium binary to drive: $LW_CHROMIUM, else the first on PATH."""
    explicit = os.environ.get("LW_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError(
        "no Chromium found for the browser tests: run `make test` as root to install it with "
        "apt-get, or set LW_CHROMIUM to a Chromium binary"
    )


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def write_notebook(path: Path, cells: list[str | tuple[str, str]]) -> Path:
    """Write a notebook of code cells (or ``("markdown", text)`` pairs) with a python3 kernel."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    for cell in cells:
        if isinstance(cell, tuple) and cell[0] == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell[1]))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(cell))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


class LabServer:
    """A JupyterLab server in its own process group, with private config and data folders.

    Parameters
    ----------
    base : Path
        A temporary folder for everything the server writes.
    command : list of str, optional
        How to start it; by default ``python -m jupyterlab`` serving ``base / "root"``.
        ``{port}`` in the command is replaced by a free port. The URL to open is read from
        the server's output (it holds the token when there is one).
    cwd : Path, optional
        Where the command runs.
    extra_args : list of str, optional
        More arguments for the default command, e.g.
        ``['--ServerApp.tornado_settings={"websocket_max_message_size": 1048576}']``.
    """

    def __init__(self, base: Path, command: list[str] | None = None, cwd: Path | None = None,
                 extra_args: list[str] | None = None):
        self.base = base
        self.root = base / "root"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.opened_url: str | None = None
        self.cwd = cwd
        self.command = [part.format(port=self.port) for part in command] if command else None
        self.extra_args = list(extra_args or [])
        self.process: subprocess.Popen | None = None
        self.log_path = base / "jupyter.log"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        folders = {
            "HOME": "home",
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython",
            "MPLCONFIGDIR": "mpl",
            "XDG_CONFIG_HOME": "xdg",
        }
        for var, name in folders.items():
            folder = self.base / name
            folder.mkdir(parents=True, exist_ok=True)
            env[var] = str(folder)
        env["PYTHONUNBUFFERED"] = "1"
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        # No popup over the page, and no autosave: tests never write into served notebooks.
        labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {ANNOUNCEMENTS: True}})
        )
        docmanager = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "docmanager-extension"
        docmanager.mkdir(parents=True, exist_ok=True)
        (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
        return env

    def default_command(self) -> list[str]:
        return [
            sys.executable, "-m", "jupyterlab",
            "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={self.port}",
            "--IdentityProvider.token=", "--ServerApp.password=",
            "--LabApp.extension_manager=readonly",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={self.root}",
            # as make demo runs it: no 40 ms Nagle wait on the kernel websocket
            "--ServerApp.kernel_websocket_connection_class="
            "latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection",
            *self.extra_args,
        ]

    def _printed_url(self) -> str | None:
        text = self.log_path.read_text(errors="replace")
        found = re.search(rf"http://127\.0\.0\.1:{self.port}/\S*", text)
        return found.group(0) if found else None

    def _answers(self) -> bool:
        """Whether the server answers HTTP (403 without the token counts: it is up)."""
        try:
            with urllib.request.urlopen(f"{self.url}/api/status", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def start(self, timeout: float = 120.0) -> LabServer:
        self.root.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.command or self.default_command(),
            env=env,
            cwd=self.cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited at start:\n{self.log_path.read_text()}")
            if self._answers() and (self.command is None or self._printed_url()):
                self.opened_url = self._printed_url()
                return self
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"JupyterLab not ready in {timeout} s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        """End the server and everything it started (kernels), terminate first, then kill."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:  # kernels, and a server that ignored SIGTERM
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self._log.close()
        self.process = None


_KERNEL_READY = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  const ctx = panel && panel.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  return Boolean(panel && panel.content && panel.context && panel.context.isReady && kernel
    && kernel.connectionStatus === "connected" && kernel.status === "idle");
}"""

_ALL_CELLS_RAN = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter((c) => c.model.type === "code");
  return kernel.status === "idle" && cells.every((c) => c.model.executionCount !== null);
}"""

_EXECUTE = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false });
  let out = "", error = null;
  future.onIOPub = (msg) => {
    const type = msg.header.msg_type;
    if (type === "stream") out += msg.content.text;
    if (type === "error") error = msg.content.ename + ": " + msg.content.evalue;
  };
  await future.done;
  return { out, error };
}"""


class NotebookPage:
    """A notebook open in JupyterLab, with helpers to run it, click and read state back."""

    def __init__(self, page: Any, server: LabServer) -> None:
        self.page = page
        self.server = server

    def open(self, relative_path: str, timeout: float = 60_000) -> NotebookPage:
        """Open a notebook under the server's root, in a workspace of its own (otherwise
        JupyterLab reopens the notebooks of earlier tests), and wait for its kernel."""
        workspace = f"test-{next(_WORKSPACES)}"
        return self.open_url(
            f"{self.server.url}/lab/workspaces/{workspace}/tree/{relative_path}?reset", timeout
        )

    def open_url(self, url: str, timeout: float = 60_000) -> NotebookPage:
        """Open a JupyterLab URL that shows a notebook, and wait until its kernel is idle."""
        self.page.goto(url)
        self.page.wait_for_function(_KERNEL_READY, timeout=timeout, polling=200)
        return self

    def run_all(self, timeout: float = 120_000) -> NotebookPage:
        self.page.evaluate(
            "() => window.jupyterapp.commands.execute('notebook:run-all-cells')"
        )
        self.page.wait_for_function(_ALL_CELLS_RAN, timeout=timeout, polling=200)
        return self

    def wait_for(self, selector: str, timeout: float = 60_000) -> Any:
        return self.page.wait_for_selector(selector, timeout=timeout)

    def kernel(self, code: str) -> str:
        """Run code in the notebook's kernel; return what it printed, raise what it raised."""
        result = self.page.evaluate(_EXECUTE, code)
        if result["error"]:
            raise AssertionError(f"kernel raised {result['error']} running:\n{code}")
        return result["out"]

    def kernel_value(self, expression: str) -> Any:
        """The JSON value of a Python expression evaluated in the kernel."""
        out = self.kernel(f"import json as _json\nprint(_json.dumps({expression}))")
        return json.loads(out.strip().splitlines()[-1])

    def canvas_pixels(self, selector: str) -> dict:
        """The RGBA pixels of a canvas: ``{"width", "height", "data": list of ints}``."""
        return self.page.evaluate(
            """(selector) => {
              const canvas = document.querySelector(selector);
              const ctx = canvas.getContext("2d");
              const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
              return { width: canvas.width, height: canvas.height, data: Array.from(image.data) };
            }""",
            selector,
        )
