"""Fixtures of the browser tests: one JupyterLab and one Chromium per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.lab import CHROMIUM_ARGS, LabServer, NotebookPage, find_chromium

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """A JupyterLab serving a temporary folder that tests write notebooks into."""
    server = LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """JupyterLab started by the README's own command, `make demo`."""
    command = [
        "make", "--no-print-directory", "demo", "HOST=127.0.0.1", "PORT={port}",
        "JUPYTER_ARGS=--LabApp.expose_app_in_browser=True",
    ]
    server = LabServer(tmp_path_factory.mktemp("demo"), command=command, cwd=ROOT).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium; Playwright gives every launch a fresh, temporary profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium, request):
    """A fresh page for one test; its console is printed when the test fails."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print("browser console:\n" + "\n".join(console[-40:]))
    context.close()


@pytest.fixture
def notebook(lab_server, browser_page):
    """A notebook page on the test server (`lab_server`)."""
    return NotebookPage(browser_page, lab_server)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
