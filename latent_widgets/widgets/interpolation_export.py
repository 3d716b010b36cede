"""Export of an interpolation: the strip as PNG, the animation as GIF, a matplotlib Figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def _scaled(frames: np.ndarray, height: int) -> np.ndarray:
    """Frames enlarged by a whole factor (nearest neighbour: pixels stay sharp)."""
    factor = max(1, int(height) // frames.shape[1])
    return frames.repeat(factor, axis=1).repeat(factor, axis=2)


def save_strip(frames: np.ndarray, path: str | Path, height: int = 96, gap: int = 2) -> Path:
    """Save ``(n, H, W, 4)`` RGBA frames side by side as one PNG; returns the path."""
    from PIL import Image

    big = _scaled(frames, height)
    n, h, w, _ = big.shape
    strip = np.zeros((h, n * w + (n - 1) * gap, 4), np.uint8)
    for i, frame in enumerate(big):
        strip[:, i * (w + gap) : i * (w + gap) + w] = frame
    path = Path(path)
    Image.fromarray(strip, "RGBA").save(path, format="PNG")
    return path


def save_gif(frames: np.ndarray, path: str | Path, fps: float = 8.0, height: int = 192) -> Path:
    """Save RGBA frames as an animated GIF that loops, one frame per step; returns the path.

    Transparent pixels are put on white first (GIF has one bit of transparency).
    """
    from PIL import Image

    if fps <= 0:
        raise ValueError(f"fps must be positive, got {fps}")
    big = _scaled(frames, height).astype(np.float32)
    alpha = big[..., 3:4] / 255.0
    rgb = (big[..., :3] * alpha + 255.0 * (1.0 - alpha)).round().astype(np.uint8)
    images = [Image.fromarray(frame, "RGB") for frame in rgb]
    path = Path(path)
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:],
                   duration=int(round(1000.0 / fps)), loop=0, disposal=1)
    return path


def path_figure(frames: np.ndarray, smoothness: np.ndarray, threshold: float,
                title: str = "", figsize: tuple[float, float] | None = None):
    """The strip of frames over the smoothness trace, as a matplotlib Figure.

    Parameters
    ----------
    frames : (n, H, W, 4) uint8
        Decoded steps.
    smoothness : (n - 1,) array
        Distance between consecutive frames.
    threshold : float
        Jumps above it are marked (the path leaves the data).
    title : str
        Figure title.
    figsize : (float, float), optional
        Size in inches (default: wide enough for the strip).
    """
    from matplotlib.figure import Figure

    n = len(frames)
    figure = Figure(figsize=figsize or (max(4.0, 0.8 * n), 2.8), layout="constrained")
    grid = figure.add_gridspec(2, n, height_ratios=[1.0, 0.8])
    for i, frame in enumerate(frames):
        ax = figure.add_subplot(grid[0, i])
        ax.imshow(frame, interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(str(i), fontsize="x-small")
    trace = figure.add_subplot(grid[1, :])
    gaps = np.arange(len(smoothness)) + 0.5
    trace.plot(gaps, smoothness, marker="o", color="#4e79a7", lw=1.5)
    jumps = smoothness > threshold
    trace.plot(gaps[jumps], smoothness[jumps], "o", color="#e15759", label="leaves the data")
    if threshold > 0:
        trace.axhline(threshold, color="0.5", ls="--", lw=1)
    trace.set(xlim=(-0.5, n - 0.5), xlabel="step", ylabel="frame change")
    if jumps.any():
        trace.legend(fontsize="x-small")
    if title:
        figure.suptitle(title, fontsize="small")
    return figure
