"""How long `import latent_widgets` takes, against `import torch` in the same session.

Each figure is the median of fresh interpreters (one import each, alternated), timed inside
the child with `time.perf_counter`. Rows: torch alone; latent_widgets alone (the lazy
package: nothing heavy yet); torch then latent_widgets (what a notebook that already uses
torch pays on top); and the first use of `lw.Explorer` and `lw.Persistence` (what loads
then: torch, scikit-learn, UMAP, ripser, persim). Target (issue 13): the package costs at
most 0.3 s more than torch.

Run: ``.venv/bin/python -m benchmarks.bench_import [--runs 7]`` (``--smoke``: one run of each,
the table to a temporary file).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from benchmarks.common import machine_line, smoke_parser, write_section

CASES = {
    "import torch": "import torch",
    "import latent_widgets": "import latent_widgets",
    "import torch, then latent_widgets": "import torch\nimport latent_widgets",
    "import latent_widgets, then lw.Explorer": "import latent_widgets as lw\nlw.Explorer",
    "import latent_widgets, then lw.Persistence": "import latent_widgets as lw\nlw.Persistence",
}
HEAVY = ("torch", "sklearn", "umap", "ripser", "persim", "matplotlib")


def fresh_interpreter(code: str) -> tuple[float, list[str]]:
    """Seconds ``code`` takes in a fresh interpreter, and which heavy modules it loaded."""
    probe = (
        "import sys, time\nstart = time.perf_counter()\n" + code +
        "\nprint(time.perf_counter() - start)\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    return float(out[-2]), [m for m in out[-1].split(",") if m]


def measure(runs: int) -> dict[str, tuple[float, list[str]]]:
    seconds: dict[str, list[float]] = {name: [] for name in CASES}
    loaded: dict[str, list[str]] = {}
    for _ in range(runs):  # alternated, so that load on the machine hits every case alike
        for name, code in CASES.items():
            took, modules = fresh_interpreter(code)
            seconds[name].append(took)
            loaded[name] = modules
    return {name: (statistics.median(seconds[name]), loaded[name]) for name in CASES}


def table(results: dict[str, tuple[float, list[str]]], runs: int) -> str:
    torch_s = results["import torch"][0]
    extra = results["import torch, then latent_widgets"][0] - torch_s
    rows = [f"| {name} | {s:.3f} | {', '.join(mods) or 'none'} |"
            for name, (s, mods) in results.items()]
    return "\n".join([
        "## Import time",
        "",
        f"`.venv/bin/python -m benchmarks.bench_import --runs {runs}` — fresh interpreters, "
        "one import each, alternated; medians. The package's public names load on first "
        "use (a module `__getattr__`).",
        "",
        "| what | seconds | heavy modules loaded |",
        "|---|---|---|",
        *rows,
        "",
        f"latent_widgets on top of torch: {extra:+.3f} s (target: at most +0.3 s). Before "
        "(issue 13): `import latent_widgets` took 5.1 s, torch alone 1.65 s.",
        "",
        machine_line(),
    ])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("one run of each")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    markdown = table(measure(runs), runs)
    print(markdown)
    if not args.no_write:
        return write_section("import-time", markdown, smoke=args.smoke)


if __name__ == "__main__":
    main()
