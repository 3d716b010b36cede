"""Every benchmark script (benchmarks/bench_*.py) in its ``--smoke`` mode: it runs, and writes
its table through ``write_section`` to a temporary file, never to benchmarks/README.md.

Behaviour only, no timing. The scripts run in this process, and the browser benchmarks open
their notebooks on this session's JupyterLab and Chromium (`benchmarks.lab_page.use`), so the
smoke runs start neither; a script that measures fresh processes still spawns them.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from benchmarks import lab_page

pytestmark = pytest.mark.browser

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
README = BENCHMARKS / "README.md"
SCRIPTS = sorted(path.stem for path in BENCHMARKS.glob("bench_*.py"))
SECTION = re.compile(r"<!-- (\S+):start -->\n(.*?)\n<!-- \1:end -->", re.DOTALL)


def table_headers(markdown: str) -> list[str]:
    """The header line of every markdown table: a line followed by ``|---|…``."""
    lines = markdown.splitlines()
    return [line for line, below in zip(lines, lines[1:], strict=False) if below.startswith("|---")]


def uses_the_lab(module) -> bool:
    return any(getattr(module, name, None) is getattr(lab_page, name)
               for name in ("notebook_page", "shared_server", "browser")
               ) or getattr(module, "chromium", None) is lab_page.browser


@pytest.mark.parametrize("script", SCRIPTS)
def test_smoke_run_writes_its_table_elsewhere(script, request, tmp_path, monkeypatch, capsys):
    output = tmp_path / "sections.md"
    monkeypatch.setenv("LW_BENCH_OUTPUT", str(output))
    readme = README.read_bytes()
    module = importlib.import_module(f"benchmarks.{script}")
    if uses_the_lab(module):
        server, browser = request.getfixturevalue("lab_server"), request.getfixturevalue("chromium")
        with lab_page.use(server, browser):
            module.main(["--smoke"])
    else:
        module.main(["--smoke"])

    assert README.read_bytes() == readme, "a smoke run wrote benchmarks/README.md"
    assert str(output) in capsys.readouterr().out, "the script did not say where it wrote"
    sections = SECTION.findall(output.read_text())
    assert len(sections) == 1, f"expected one section in {output}, got {len(sections)}"
    name, body = sections[0]
    assert "--smoke" in body and "|---" in body, body
    headers = table_headers(body)
    full_run = dict(SECTION.findall(README.read_text())).get(name)
    assert full_run is not None, f"benchmarks/README.md has no section {name!r}"
    assert headers and headers == table_headers(full_run), (headers, table_headers(full_run))
