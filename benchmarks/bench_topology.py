"""Benchmark of latent_widgets.topology.persistence on 100,000 x 16 latents.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_topology``. Writes the
``topology`` section of benchmarks/README.md.

- ``persistence(z, maxdim=1, n_landmarks=m)`` (H0 + H1 with representative cycles), target
  <= 2 s: m is picked by timing two smaller counts and taking the largest that should fit.
- its ratio to bare ``ripser(z, maxdim=1, n_perm=m)`` on the same landmarks, target <= 1.1
  (runs interleaved, medians).
- ``h0_mst(z)``, the exact H0 of all 100,000 points, compared with the landmark H0.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np
from ripser import ripser
from ripser.ripser import get_greedy_perm

from benchmarks.report import machine_line, write_section
from latent_widgets.topology.cycles import h1_cycles
from latent_widgets.topology.persistence import h0_mst, persistence

TARGET_S = 2.0
TARGET_RATIO = 1.1
REPEATS = 11


def latents(n: int = 100_000, dim: int = 16, seed: int = 0) -> np.ndarray:
    """Four Gaussian blobs of intrinsic dimension 3 and a circle of radius 4, in 16-D."""
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


def timed(call) -> tuple[float, object]:
    """Wall seconds of one call (also kept in ``timed.cpu``: CPU seconds of the process)."""
    start, cpu = time.perf_counter(), time.process_time()
    out = call()
    timed.cpu = time.process_time() - cpu
    return time.perf_counter() - start, out


def pick_landmarks(z: np.ndarray) -> int:
    """Largest multiple of 10 landmarks that a linear fit of two timings puts under 90% of 2 s."""
    small, large = 100, 200
    t_small, _ = timed(lambda: persistence(z, maxdim=1, n_landmarks=small))
    t_large, _ = timed(lambda: persistence(z, maxdim=1, n_landmarks=large))
    slope = max((t_large - t_small) / (large - small), 1e-6)
    return max(small, int((0.9 * TARGET_S - t_small) / slope + small) // 10 * 10)


def main() -> None:
    load = os.getloadavg()[0]
    z = latents()
    m = pick_landmarks(z)
    calls = {
        "ours": lambda: persistence(z, maxdim=1, n_landmarks=m),
        "bare": lambda: ripser(z, maxdim=1, n_perm=m),
        "plain": lambda: persistence(z, maxdim=1, n_landmarks=m, cycles=False),
    }
    times: dict[str, list[float]] = {name: [] for name in calls}
    cpus: dict[str, list[float]] = {name: [] for name in calls}
    for repeat in range(REPEATS):  # interleaved, the order turning each time
        names = list(calls)[repeat % 3 :] + list(calls)[: repeat % 3]
        for name in names:
            t, out = timed(calls[name])
            times[name].append(t)
            cpus[name].append(timed.cpu)
            if name == "ours":
                result = out
            del out  # no result of one call stays alive through the next
    ours, bare, ours_plain = times["ours"], times["bare"], times["plain"]
    cpu_ratio = statistics.median(cpus["ours"]) / statistics.median(cpus["bare"])
    paired = statistics.median(a / b for a, b in zip(ours, bare, strict=True))
    perm_s = statistics.median(timed(lambda: get_greedy_perm(z, n_perm=m))[0] for _ in range(3))
    reference = ripser(z, maxdim=1, n_perm=m, do_cocycles=True)
    assert np.array_equal(reference["idx_perm"], result.landmarks), "landmarks differ"
    used = reference["idx_perm"]
    args = (reference["dperm2all"][:, used], reference["dgms"][1], reference["cocycles"][1], used)
    cycles_s = statistics.median(timed(lambda: h1_cycles(*args))[0] for _ in range(3))
    mst_times = []
    for _ in range(3):
        t, exact = timed(lambda: h0_mst(z))
        mst_times.append(t)

    med, med_bare, med_plain = (statistics.median(x) for x in (ours, bare, ours_plain))
    h1 = result.diagrams[1]
    span = h1[:, 1] - h1[:, 0]
    top = h1[int(np.argmax(span))]
    second = np.sort(span)[-2]
    land_h0 = np.sort(result.diagrams[0][:-1, 1])[-4:]
    exact_h0 = exact[-5:-1, 1]
    gap = np.abs(land_h0 - exact_h0).max()
    found = sum(c is not None for c in result.cycles)
    rows = [
        (
            f"`persistence(z, maxdim=1, n_landmarks={m})`: H0 + H1 with cycles, median of "
            f"{REPEATS}",
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
            f"{REPEATS} interleaved",
            f"{med / med_bare:.3f}",
            f"<= {TARGET_RATIO:g}",
        ),
        (f"median of the {REPEATS} paired ratios (same round)", f"{paired:.3f}", ""),
        ("ratio of CPU-time medians (less disturbed by other work)", f"{cpu_ratio:.3f}", ""),
        ("same ratio with `cycles=False`", f"{med_plain / med_bare:.3f}", ""),
        (
            "building the cycles alone (`cycles.h1_cycles`), median of 3",
            f"{cycles_s:.3f} s ({cycles_s / med_bare:.1%} of bare ripser)",
            "",
        ),
        (
            "of which ripser.py's greedy max-min landmark selection alone, median of 3",
            f"{perm_s:.2f} s",
            "",
        ),
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
            f"{statistics.median(mst_times):.2f} s",
            "",
        ),
        (
            "4 longest finite H0 bars, landmarks vs exact; largest difference",
            f"{np.array2string(land_h0, precision=2)} vs "
            f"{np.array2string(exact_h0, precision=2)}; {gap:.2f}",
            f"<= error bound: {'yes' if gap <= result.error_bound else 'NO'}",
        ),
    ]
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    markdown = f"""## Topology

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
    write_section("topology", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
