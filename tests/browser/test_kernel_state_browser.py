"""What the views say about their kernel and their requests, in a real JupyterLab."""

from __future__ import annotations

import time

import pytest

from tests.browser.explorer_page import BLOBS, frames_drawn, to_client, wait_for_explorer
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

GONE = "The kernel is not running: run the cell again to reconnect."
SLOW_DECODER = (
    BLOBS
    + "import os\nimport time\n"
    "def decode(z):\n"
    "    if z[0, 0] > 3:\n"  # the right blob: slow, then a failure
    "        time.sleep(0.8)\n"
    "        raise ValueError('nothing to decode on the right')\n"
    "    delay = float(open('delay.txt').read()) if os.path.exists('delay.txt') else 1.0\n"
    "    for _ in range(int(delay * 20)):\n"  # in steps, as a decoder works in batches
    "        time.sleep(0.05)\n"
    "    return np.full((len(z), 12, 10), 0.5)\n"
    "explorer = lw.Explorer(latents, labels=labels, decode=decode, projection='pca')\n"
    "explorer"
)
KERNEL = "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"


def click_blob(notebook, points, rows) -> None:
    x, y = to_client(notebook, points[rows].mean(axis=0, keepdims=True))[0]
    notebook.page.mouse.click(float(x), float(y))


def test_a_slow_decode_shows_a_spinner_and_a_failed_one_dims_the_old_frame(
    notebook, lab_server
):
    write_notebook(lab_server.root / "slow.ipynb", [SLOW_DECODER])
    notebook.open("slow.ipynb").run_all()
    points = wait_for_explorer(notebook)
    page = notebook.page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    click_blob(notebook, points, slice(0, 60))
    started = time.monotonic()
    page.wait_for_selector(".lw-panel[data-busy='true'] .lw-busy-spinner[data-busy='true']",
                           timeout=900)  # the decoder sleeps 1 s: shown well before the end
    assert time.monotonic() - started < 0.9
    assert page.locator(".lw-panel .lw-busy-spinner").is_visible()
    page.wait_for_selector("canvas.lw-frame[data-frames-drawn='1']", timeout=20_000)
    page.wait_for_selector(".lw-panel:not([data-busy])", timeout=2_000)
    assert not page.locator(".lw-panel .lw-busy-spinner").is_visible()
    opacity = page.eval_on_selector("canvas.lw-frame", "c => getComputedStyle(c).opacity")
    assert float(opacity) == 1.0

    click_blob(notebook, points, slice(60, 120))  # fails after 0.8 s
    page.wait_for_selector(".lw-panel[data-busy='true']", timeout=700)
    page.wait_for_selector(".lw-panel[data-stale='true'] .lw-status[data-kind='error']",
                           timeout=20_000)
    assert "nothing to decode on the right" in page.inner_text(".lw-panel .lw-status")
    assert "_decode_command" not in page.inner_text(".lw-panel")
    opacity = page.eval_on_selector("canvas.lw-frame", "c => getComputedStyle(c).opacity")
    assert float(opacity) < 0.5  # the old frame no longer answers what was asked
    assert page.get_attribute(".lw-panel", "data-busy") is None

    click_blob(notebook, points, slice(0, 60))  # and the next one works, undimmed
    page.wait_for_selector("canvas.lw-frame[data-frames-drawn='2']", timeout=20_000)
    assert page.get_attribute(".lw-panel", "data-stale") is None
    assert errors == []


@pytest.mark.parametrize("how", ["restart", "shutdown"])
def test_a_kernel_that_goes_ends_the_pending_request_at_once_and_every_view_says_so(
    notebook, lab_server, how
):
    name = f"gone-{how}.ipynb"
    try:
        write_notebook(lab_server.root / name, [
            SLOW_DECODER,
            "interpolation = lw.Interpolation(explorer.space, steps=4)\ninterpolation",
            "homology = lw.Persistence(latents)\nhomology",
        ])
        notebook.open(name).run_all()
        points = wait_for_explorer(notebook)
        (lab_server.root / "delay.txt").write_text("60")  # a decode that would take a minute
        page = notebook.page
        page.wait_for_selector(".lw-persistence .lw-plots, .lw-persistence canvas")
        notebook.kernel("explorer.selection = [1, 2, 3]")
        page.wait_for_selector(".lw-selection-info:has-text('3 selected')")
        assert page.locator(".lw-kernel-banner:visible").count() == 0

        click_blob(notebook, points, slice(0, 60))
        page.wait_for_selector(".lw-panel[data-busy='true']", timeout=5_000)
        started = time.monotonic()
        page.evaluate(f"() => {{ {KERNEL}.{how}(); }}")
        # (a shutdown interrupts the decode first: "interrupted", then the kernel is gone)
        page.wait_for_selector(f".lw-panel .lw-status[data-kind='error']:has-text('{GONE}')",
                               timeout=15_000)
        ended = time.monotonic() - started
        assert ended < 15  # not the decode's 60-s timeout
        assert page.get_attribute(".lw-panel", "data-busy") is None

        for view in (".lw-explorer", ".lw-interpolation", ".lw-persistence"):
            page.wait_for_selector(f"{view}[data-kernel='gone'] > .lw-kernel-banner",
                                   timeout=10_000)
            assert page.inner_text(f"{view} > .lw-kernel-banner") == GONE
            toolbar = page.locator(f"{view} .lw-toolbar").first
            assert float(toolbar.evaluate("t => getComputedStyle(t).opacity")) < 0.6
            assert toolbar.evaluate("t => getComputedStyle(t).pointerEvents") == "none"
        # no local count pretends to be synced
        info = page.locator(".lw-selection-info")
        assert info.get_attribute("data-sync") == "failed"
        assert "not synced" in info.inner_text()
        assert frames_drawn(notebook) == 0
    finally:
        (lab_server.root / "delay.txt").unlink(missing_ok=True)


def test_a_kernel_interrupt_ends_a_running_decode_with_interrupted_and_the_view_goes_on(
    notebook, lab_server
):
    try:
        write_notebook(lab_server.root / "interrupt.ipynb", [SLOW_DECODER])
        notebook.open("interrupt.ipynb").run_all()
        points = wait_for_explorer(notebook)
        (lab_server.root / "delay.txt").write_text("60")  # a decode that would take a minute
        page = notebook.page
        click_blob(notebook, points, slice(0, 60))
        page.wait_for_selector(".lw-panel[data-busy='true']", timeout=5_000)
        started = time.monotonic()
        page.evaluate(f"() => {{ {KERNEL}.interrupt(); }}")
        page.wait_for_selector(".lw-panel .lw-status[data-kind='error']", timeout=15_000)
        assert time.monotonic() - started < 15
        assert "interrupted" in page.inner_text(".lw-panel .lw-status")
        assert page.locator(".lw-kernel-banner:visible").count() == 0  # busy is not gone
        (lab_server.root / "delay.txt").write_text("0")
        click_blob(notebook, points, slice(0, 60))
        page.wait_for_selector("canvas.lw-frame[data-frames-drawn='1']", timeout=20_000)
        assert page.get_attribute(".lw-panel .lw-status", "data-kind") == "none"
    finally:
        (lab_server.root / "delay.txt").unlink(missing_ok=True)
