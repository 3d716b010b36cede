"""Write a benchmark's results into its own section of benchmarks/README.md.

Each benchmark owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
running it again replaces that section and leaves the others alone.
"""

from __future__ import annotations

import platform
import re
from datetime import date
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def machine_line() -> str:
    """One line naming the machine and date the figures were measured on."""
    import os

    return (
        f"Measured {date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}."
    )


def write_section(name: str, markdown: str, readme: Path = README) -> None:
    """Replace (or append) the section ``name`` of the benchmarks README."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = readme.read_text() if readme.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    readme.write_text(text)
