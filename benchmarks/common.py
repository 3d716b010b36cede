"""What the benchmark scripts share: where their figures go, timing, percentiles, data.

Each benchmark owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` of
benchmarks/README.md; running it again replaces that section and leaves the others alone.
``write_section`` writes to the file named by ``$LW_BENCH_OUTPUT`` instead when that is set,
and a ``--smoke`` run (tiny sizes, figures that mean nothing) never writes the README: without
``$LW_BENCH_OUTPUT`` it writes to a file in the temporary folder and says where.

No benchmark script imports another: what two of them need stands here.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

README = Path(__file__).resolve().parent / "README.md"
OUTPUT_ENV = "LW_BENCH_OUTPUT"
SMOKE_NOTE = "Smoke run (`--smoke`): tiny sizes, the code paths only; the figures mean nothing."


def machine_line() -> str:
    """One line naming the machine and date the figures were measured on."""
    return (
        f"Measured {date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}."
    )


def output_path(smoke: bool = False) -> Path:
    """Where sections go: ``$LW_BENCH_OUTPUT`` if set; else a temporary file in a smoke run,
    benchmarks/README.md otherwise."""
    explicit = os.environ.get(OUTPUT_ENV)
    if explicit:
        return Path(explicit)
    if smoke:
        return Path(tempfile.gettempdir()) / "lw-bench-smoke.md"
    return README


def write_section(name: str, markdown: str, *, smoke: bool = False,
                  path: Path | None = None) -> str:
    """Replace (or append) the section ``name`` of ``path`` (default: `output_path`);
    returns ``markdown``."""
    target = path or output_path(smoke)
    if smoke:
        markdown = f"{SMOKE_NOTE}\n\n{markdown.strip()}"
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = target.read_text() if target.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    target.write_text(text)
    if target != README:
        print(f"wrote the {name!r} section to {target} (not benchmarks/README.md)", flush=True)
    return markdown


def smoke_parser(smoke: str) -> argparse.ArgumentParser:
    """A benchmark's argument parser, with its ``--smoke`` flag (``smoke``: what it runs)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true",
                        help=f"{smoke}; the table to ${OUTPUT_ENV} or a temporary file, "
                             "never to benchmarks/README.md")
    return parser


@dataclass
class Timing:
    """One timed call: wall seconds, CPU seconds of this process, and what it returned."""

    seconds: float
    cpu: float
    value: Any


def timed(fn: Callable[[], Any]) -> Timing:
    """Time one call of ``fn``; the wall clock brackets the call alone."""
    cpu = time.process_time()
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    return Timing(seconds, time.process_time() - cpu, value)


def rotations(names: Sequence[str], rounds: int) -> Iterator[list[str]]:
    """The order of each interleaved round: ``names`` turned by one each round (with two
    names, who goes first alternates), so that the load on the machine hits every case
    alike."""
    names = list(names)
    for round_ in range(rounds):
        turn = round_ % len(names)
        yield names[turn:] + names[:turn]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of ``values``; NaN for none."""
    return float(np.percentile(values, q)) if len(values) else float("nan")


def percentiles(values: Sequence[float], qs: Sequence[float] = (50, 95)) -> tuple[float, ...]:
    """The percentiles ``qs`` of ``values`` (p50 and p95 by default)."""
    return tuple(percentile(values, q) for q in qs)


def median_of(rows: Sequence[dict], key: str) -> float:
    """The median of ``row[key]`` over ``rows``."""
    return float(np.median([row[key] for row in rows]))


def latency_rows(results: dict[str, list[float]], labels: dict[str, str]) -> list[str]:
    """Markdown rows ``| label | p50 | p95 | events |`` (ms) of the latencies in ``results``."""
    rows = []
    for key, label in labels.items():
        p50, p95 = percentiles(results[key])
        rows.append(f"| {label} | {p50:.1f} | {p95:.1f} | {len(results[key])} |")
    return rows


def echo_times(page: Any, view: str, events: int, warmup: int) -> list[float]:
    """ms of ``events`` echo round trips of an 8×8 RGBA frame through the widget whose view
    the JavaScript expression ``view`` names, after ``warmup`` untimed ones."""
    times = []
    for k in range(events + warmup):
        ms = page.evaluate(f"() => {view}.echo([8, 8, 4])")
        if k >= warmup:
            times.append(float(ms))
    return times


def latents(n: int = 100_000, dim: int = 16, seed: int = 0) -> np.ndarray:
    """Four Gaussian blobs of intrinsic dimension 3 and a circle of radius 4, in ``dim``-D."""
    rng = np.random.default_rng(seed)
    n_circle = n // 5
    blob = rng.integers(0, 4, n - n_circle)
    centers = rng.normal(scale=5.0, size=(4, dim))
    bases = np.stack([np.linalg.qr(rng.normal(size=(dim, 3)))[0] for _ in range(4)])
    blobs = centers[blob] + np.einsum("nj,nij->ni", rng.normal(size=(len(blob), 3)), bases[blob])
    t = rng.uniform(0, 2 * np.pi, n_circle)
    plane = np.linalg.qr(rng.normal(size=(dim, 2)))[0]
    circle = 4.0 * np.c_[np.cos(t), np.sin(t)] @ plane.T + rng.normal(scale=5.0, size=dim)
    noise = rng.normal(scale=0.05, size=(n, dim))
    return (np.vstack([blobs, circle]) + noise).astype(np.float32)


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Inside the block, each variable named is set to its value (None: unset); the whole
    environment is put back afterwards."""
    saved = dict(os.environ)
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def median_range(values: Sequence[float], digits: int = 2) -> tuple[str, str]:
    """The median and the range (``"low–high"``) of ``values`` as text, NaNs left out; dashes
    when none are left."""
    values = [float(v) for v in values if v == v]
    if not values:
        return "—", "—"
    low, high = min(values), max(values)
    spread = f"{low:.{digits}f}" if low == high else f"{low:.{digits}f}–{high:.{digits}f}"
    return f"{float(np.median(values)):.{digits}f}", spread
