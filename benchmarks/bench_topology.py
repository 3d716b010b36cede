"""Benchmark of latent_widgets.topology.persistence on 100,000 x 16 latents.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_topology``. Writes the
``topology`` section of benchmarks/README.md.

- ``persistence(z, maxdim=1, n_landmarks=m)`` (H0 + H1 with representative cycles), target
  <= 2 s: m is picked by timing two smaller counts and taking the largest that should fit.
- its ratio to bare ``ripser(z, maxdim=1, n_perm=m)`` on the same landmarks, target <= 1.1
  (runs interleaved, medians).
- ``h0_mst(z)``, the exact H0 of all 100,000 points, compared with the landmark H0.

``--smoke``: 3,000 latents, landmarks picked from timings of 40 and 80 for a 0.3-s target,
3 interleaved rounds; the table to a temporary file.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass

import numpy as np
from ripser import ripser
from ripser.ripser import get_greedy_perm

from benchmarks.common import latents, machine_line, rotations, smoke_parser, timed, write_section
from latent_widgets.topology.cycles import h1_cycles
from latent_widgets.topology.persistence import h0_mst, persistence

TARGET_S = 2.0
TARGET_RATIO = 1.1
REPEATS = 11


@dataclass
class Size:
    n: int = 100_000
    target_s: float = TARGET_S
    trial_landmarks: tuple[int, int] = (100, 200)
    repeats: int = REPEATS


SMOKE = Size(n=3_000, target_s=0.3, trial_landmarks=(40, 80), repeats=3)


def pick_landmarks(z: np.ndarray, size: Size) -> int:
    """Largest multiple of 10 landmarks that a linear fit of two timings puts under 90% of the
    target (2 s), at most a tenth of the points."""
    small, large = size.trial_landmarks
    t_small = timed(lambda: persistence(z, maxdim=1, n_landmarks=small)).seconds
    t_large = timed(lambda: persistence(z, maxdim=1, n_landmarks=large)).seconds
    slope = max((t_large - t_small) / (large - small), 1e-6)
    m = max(small, int((0.9 * size.target_s - t_small) / slope + small) // 10 * 10)
    return min(m, max(small, len(z) // 10 // 10 * 10))


def interleaved(z: np.ndarray, m: int, repeats: int) -> dict:
    """Ours, bare ripser and ours without cycles, interleaved (the order turning each round):
    wall and CPU seconds of each, and our last result."""
    calls = {
        "ours": lambda: persistence(z, maxdim=1, n_landmarks=m),
        "bare": lambda: ripser(z, maxdim=1, n_perm=m),
        "plain": lambda: persistence(z, maxdim=1, n_landmarks=m, cycles=False),
    }
    times: dict[str, list[float]] = {name: [] for name in calls}
    cpus: dict[str, list[float]] = {name: [] for name in calls}
    for names in rotations(list(calls), repeats):
        for name in names:
            done = timed(calls[name])
            times[name].append(done.seconds)
            cpus[name].append(done.cpu)
            if name == "ours":
                result = done.value
            del done  # no result of one call stays alive through the next
    return {"times": times, "cpus": cpus, "result": result}


def parts(z: np.ndarray, m: int, result) -> dict:
    """Landmark selection and cycle building alone, and the exact H0 (medians of 3)."""
    perm_s = statistics.median(
        timed(lambda: get_greedy_perm(z, n_perm=m)).seconds for _ in range(3))
    reference = ripser(z, maxdim=1, n_perm=m, do_cocycles=True)
    assert np.array_equal(reference["idx_perm"], result.landmarks), "landmarks differ"
    used = reference["idx_perm"]
    args = (reference["dperm2all"][:, used], reference["dgms"][1], reference["cocycles"][1], used)
    cycles_s = statistics.median(timed(lambda: h1_cycles(*args)).seconds for _ in range(3))
    mst = [timed(lambda: h0_mst(z)) for _ in range(3)]
    return {"perm_s": perm_s, "cycles_s": cycles_s,
            "mst_s": statistics.median(t.seconds for t in mst), "exact": mst[-1].value}


def timing_rows(m: int, size: Size, run: dict, part: dict) -> list[tuple[str, ...]]:
    times, cpus, result = run["times"], run["cpus"], run["result"]
    ours, bare, ours_plain = times["ours"], times["bare"], times["plain"]
    cpu_ratio = statistics.median(cpus["ours"]) / statistics.median(cpus["bare"])
    paired = statistics.median(a / b for a, b in zip(ours, bare, strict=True))
    cycles_s, repeats = part["cycles_s"], size.repeats
    med, med_bare, med_plain = (statistics.median(x) for x in (ours, bare, ours_plain))
    return [
        (
            f"`persistence(z, maxdim=1, n_landmarks={m})`: H0 + H1 with cycles, median of "
            f"{repeats}",
            f"{med:.2f} s",
            f"<= {TARGET_S:g} s",
        ),
        ("landmarks m (largest that a fit of two timings puts under 1.8 s)", f"{m}", ""),
        (
            "cover radius; error bound 2 x cover radius (bottleneck)",
            f"{result.cover_radius:.3g}; {result.error_bound:.3g}",
            "",
        ),
        (
            f"ratio to bare `ripser(z, maxdim=1, n_perm={m})` ({med_bare:.2f} s), medians of "
            f"{repeats} interleaved",
            f"{med / med_bare:.3f}",
            f"<= {TARGET_RATIO:g}",
        ),
        (f"median of the {repeats} paired ratios (same round)", f"{paired:.3f}", ""),
        ("ratio of CPU-time medians (less disturbed by other work)", f"{cpu_ratio:.3f}", ""),
        ("same ratio with `cycles=False`", f"{med_plain / med_bare:.3f}", ""),
        (
            "building the cycles alone (`cycles.h1_cycles`), median of 3",
            f"{cycles_s:.3f} s ({cycles_s / med_bare:.1%} of bare ripser)",
            "",
        ),
        (
            "of which ripser.py's greedy max-min landmark selection alone, median of 3",
            f"{part['perm_s']:.2f} s",
            "",
        ),
    ]


def result_rows(z: np.ndarray, result, exact: np.ndarray, mst_s: float) -> list[tuple[str, ...]]:
    """What was found: the H1 bars and cycles, and the landmark H0 against the exact one."""
    h1 = result.diagrams[1]
    span = h1[:, 1] - h1[:, 0]
    top = h1[int(np.argmax(span))]
    second = np.sort(span)[-2]
    land_h0 = np.sort(result.diagrams[0][:-1, 1])[-4:]
    exact_h0 = exact[-5:-1, 1]
    gap = np.abs(land_h0 - exact_h0).max()
    found = sum(c is not None for c in result.cycles)
    return [
        ("H1 bars; cycles built", f"{len(h1)}; {found}", "one per bar"),
        (
            "longest H1 bar (the circle): birth, death; next longest persistence; "
            "certified by the bound (persistence > 2 x error bound)?",
            f"{top[0]:.2f}, {top[1]:.2f}; {second:.2f}; "
            + ("yes" if top[1] - top[0] > 2 * result.error_bound else "no"),
            "",
        ),
        (
            f"`h0_mst(z)`: exact H0 of all {len(z):,} points, median of 3",
            f"{mst_s:.2f} s",
            "",
        ),
        (
            "4 longest finite H0 bars, landmarks vs exact; largest difference",
            f"{np.array2string(land_h0, precision=2)} vs "
            f"{np.array2string(exact_h0, precision=2)}; {gap:.2f}",
            f"<= error bound: {'yes' if gap <= result.error_bound else 'NO'}",
        ),
    ]


def table(z: np.ndarray, load: float, lines: list[tuple[str, ...]]) -> str:
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in lines)
    return f"""## Topology

```
.venv/bin/python -m benchmarks.bench_topology
```

{machine_line()} Load average when it started: {load:.2f} (other work on the machine slows
every figure; the ratio is measured interleaved to cancel it).
Data: {len(z):,} x {z.shape[1]} float32 latents, four Gaussian blobs of intrinsic dimension 3
(sd 1) and a circle of radius 4 in a random plane, plus noise of sd 0.05 in all directions
(seed 0).

| measurement | figure | target |
|---|---|---|
{table}
"""


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("3,000 latents, few landmarks")
    args = parser.parse_args(argv)
    size = SMOKE if args.smoke else Size()
    load = os.getloadavg()[0]
    z = latents(size.n)
    m = pick_landmarks(z, size)
    run = interleaved(z, m, size.repeats)
    part = parts(z, m, run["result"])
    lines = timing_rows(m, size, run, part) + result_rows(z, run["result"], part["exact"],
                                                          part["mst_s"])
    markdown = table(z, load, lines)
    write_section("topology", markdown, smoke=args.smoke)
    print(markdown)
    return markdown


if __name__ == "__main__":
    main()
