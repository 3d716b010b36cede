"""Export of an interpolation: the strip as PNG, the animation as GIF (the Figure is in
`latent_widgets.figures.interpolation`)."""

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
