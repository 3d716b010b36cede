"""Shared pytest set-up: a line per kind of test run, above pytest's closing line."""

from __future__ import annotations

from collections import Counter

KINDS = ("unit", "notebook", "browser", "packaging")


def _kind(nodeid: str) -> str:
    if nodeid.startswith("tests/browser/"):
        return "browser"
    if nodeid.startswith("tests/test_notebooks"):
        return "notebook"
    if nodeid.startswith("tests/test_packaging"):
        return "packaging"
    return "unit"


def pytest_terminal_summary(terminalreporter):
    counts: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") in ("call", "setup") and hasattr(report, "nodeid"):
                if outcome == "passed" and report.when != "call":
                    continue
                counts[_kind(report.nodeid)][outcome] += 1
    terminalreporter.write_sep("-", "tests run, by kind")
    for kind in KINDS:
        parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts[kind].items()))
        terminalreporter.write_line(f"{kind:>10}: {parts or 'none'}")
