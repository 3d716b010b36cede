"""Fixtures of the browser tests: one JupyterLab and one Chromium per session."""

from __future__ import annotations

import pytest

from tests.browser.lab import CHROMIUM_ARGS, LabServer, NotebookPage, find_chromium


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
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
def notebook(lab_server, chromium, request):
    """A fresh browser page for one test; its console is printed when the test fails."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    nb = NotebookPage(page, lab_server)
    yield nb
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        print("\n".join(nb.console[-40:]))
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
