"""Extraction of a ResNet-18-like network at five layers: LatentSpace against a hand-written
loop whose hooks clone, in time (same process, interleaved) and in peak memory (a fresh
process each, peak RSS above the RSS before the extraction, against the size of the result).

Targets: time ratio (ours / hand loop) ≤ 1.05; peak close to the size of the result.
Run: ``.venv/bin/python -m benchmarks.bench_extraction_resnet`` (``--smoke``: 48 images of
3×32×32, one round, the table to a temporary file).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import threading

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from benchmarks.common import machine_line, rotations, smoke_parser, timed, write_section
from latent_widgets.space.latent_space import LatentSpace

LAYERS = ["layer1", "layer2", "layer3", "layer4", "fc"]
FULL = {"n": 2000, "side": 64, "rounds": 5}
SMOKE = {"n": 48, "side": 32, "rounds": 1}


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += identity
        return self.relu(out)


class ResNet18(nn.Module):
    """torchvision's ResNet-18 layout (random weights): stem, four stages of two blocks."""

    def __init__(self, classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        widths = [64, 128, 256, 512]
        for i, width in enumerate(widths):
            cin = widths[max(i - 1, 0)]
            stage = nn.Sequential(BasicBlock(cin, width, 1 if i == 0 else 2),
                                  BasicBlock(width, width, 1))
            setattr(self, f"layer{i + 1}", stage)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def setup(n: int, side: int) -> tuple[nn.Module, DataLoader]:
    torch.manual_seed(0)
    model = ResNet18().eval()
    images = torch.rand(n, 3, side, side)
    labels = torch.randint(0, 10, (n,))
    return model, DataLoader(TensorDataset(images, labels), batch_size=128)


def hand_loop(model: nn.Module, loader: DataLoader) -> dict[str, np.ndarray]:
    """What a careful person writes: eval, no_grad, hooks that clone, concatenate."""
    model.eval()
    out: dict[str, list[torch.Tensor]] = {name: [] for name in LAYERS}

    def hook(name: str):
        return lambda _m, _i, o: out[name].append(o.detach().flatten(1).clone())

    handles = [model.get_submodule(n).register_forward_hook(hook(n)) for n in LAYERS]
    try:
        with torch.no_grad():
            for x, _ in loader:
                model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: torch.cat(chunks).numpy() for name, chunks in out.items()}


def ours(model: nn.Module, loader: DataLoader) -> dict[str, np.ndarray]:
    space = LatentSpace(model, loader, layer=LAYERS, thumbnail_size=0, progress=False)
    return space.by_layer


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def peak_child(which: str, n: int, side: int) -> None:
    """In a fresh process: the peak RSS of one extraction above the RSS before it, sampled
    every 2 ms by a thread (printed as JSON)."""
    model, loader = setup(n, side)
    fn = ours if which == "ours" else hand_loop
    before, peak, done = rss_bytes(), [0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_bytes())
            done.wait(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    result = fn(model, loader)
    done.set()
    watcher.join()
    peak[0] = max(peak[0], rss_bytes())
    size = sum(v.nbytes for v in result.values())
    print(json.dumps({"peak_above": peak[0] - before, "result": size}))


def measure_peak(which: str, n: int, side: int) -> dict:
    code = ("from benchmarks.bench_extraction_resnet import peak_child; "
            f"peak_child({which!r}, {n}, {side})")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(size: dict) -> dict:
    """Times of interleaved runs, the peak memory of each in a fresh process, the widths."""
    model, loader = setup(size["n"], size["side"])
    want, got = hand_loop(model, loader), ours(model, loader)
    for name in LAYERS:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-5, atol=1e-5)
    fns = {"hand": hand_loop, "ours": ours}
    times: dict[str, list[float]] = {"hand": [], "ours": []}
    for order in rotations(list(fns), size["rounds"] * 2):  # alternate who goes first
        for which in order:
            times[which].append(timed(lambda fn=fns[which]: fn(model, loader)).seconds)
    memory = {which: measure_peak(which, size["n"], size["side"]) for which in ("hand", "ours")}
    return {"times": times, "memory": memory,
            "widths": ", ".join(f"{name} {got[name].shape[1]:,}" for name in LAYERS)}


def table(size: dict, measured: dict) -> str:
    hand_times, our_times = measured["times"]["hand"], measured["times"]["ours"]
    hand, our = statistics.median(hand_times), statistics.median(our_times)
    memory = measured["memory"]
    result_mb = memory["ours"]["result"] / 2**20
    return "\n".join([
        "## Extraction of a ResNet-18-like network at five layers",
        "",
        "`.venv/bin/python -m benchmarks.bench_extraction_resnet` — torchvision's ResNet-18 "
        f"layout with random weights, {size['n']:,} images 3×{size['side']}×{size['side']}, "
        f"DataLoader batch 128, CPU; layers {', '.join(LAYERS)} (values a sample: "
        f"{measured['widths']}). "
        "The hand loop hooks the same layers with `o.detach().flatten(1).clone()` and "
        f"concatenates at the end. Time: medians of {len(hand_times)} interleaved runs. "
        "Memory: a fresh process each, the peak RSS during its extraction (sampled every 2 ms) "
        "above the RSS just before it. Targets: time ratio ≤ 1.05, peak close to the result.",
        "",
        "| | hand loop | LatentSpace | ratio |",
        "|---|---|---|---|",
        f"| time, median (s) | {hand:.2f} | {our:.2f} | {our / hand:.3f} |",
        f"| time, fastest (s) | {min(hand_times):.2f} | {min(our_times):.2f} | "
        f"{min(our_times) / min(hand_times):.3f} |",
        f"| peak above start (MB) | {memory['hand']['peak_above'] / 2**20:.0f} | "
        f"{memory['ours']['peak_above'] / 2**20:.0f} | |",
        f"| peak / result ({result_mb:.0f} MB) | "
        f"{memory['hand']['peak_above'] / memory['hand']['result']:.2f} | "
        f"{memory['ours']['peak_above'] / memory['ours']['result']:.2f} | |",
        "",
        "Both capture copies (so both are right under in-place ops). LatentSpace writes each "
        "batch into arrays allocated once from the first batch's plan; the hand loop keeps "
        "a list of batches and concatenates them, so it holds the result twice at the end.",
        "",
        machine_line(),
    ])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("48 images of 3×32×32, one round")
    args = parser.parse_args(argv)
    size = SMOKE if args.smoke else FULL
    text = table(size, measure(size))
    print(text)
    return write_section("extraction_resnet", text, smoke=args.smoke)


if __name__ == "__main__":
    main()
