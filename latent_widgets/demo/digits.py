"""The digits demo: scikit-learn's 8×8 handwritten digits, mapped to 2-D by PCA.

Decoding a position runs PCA's inverse map: the image that the two principal components
at that position reconstruct (the mean digit plus a weighted sum of the two components).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DigitsDemo:
    """Data of the digits demo.

    Attributes
    ----------
    images : numpy.ndarray, shape (n, 8, 8)
        The digits, values 0–16.
    labels : numpy.ndarray, shape (n,)
        The digit shown, 0–9.
    points : numpy.ndarray, shape (n, 2)
        The PCA map of the pixels.
    mean : numpy.ndarray, shape (64,)
        The mean image, flattened.
    components : numpy.ndarray, shape (2, 64)
        The two principal axes.
    """

    images: np.ndarray
    labels: np.ndarray
    points: np.ndarray
    mean: np.ndarray
    components: np.ndarray

    @property
    def class_names(self) -> list[str]:
        return [str(d) for d in range(10)]

    def decode(self, position: np.ndarray) -> np.ndarray:
        """Reconstruct the 8×8 image at a 2-D position of the map (PCA's inverse)."""
        flat = self.mean + np.asarray(position, dtype=np.float64) @ self.components
        return np.clip(flat / 16.0, 0.0, 1.0).reshape(8, 8)


def digits_demo() -> DigitsDemo:
    """Load scikit-learn's digits (shipped with it, no download) and map them with PCA."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    pixels = digits.data.astype(np.float64)
    mean = pixels.mean(axis=0)
    _, _, vt = np.linalg.svd(pixels - mean, full_matrices=False)
    components = vt[:2]
    points = ((pixels - mean) @ components.T).astype(np.float32)
    return DigitsDemo(
        images=digits.images,
        labels=digits.target.astype(np.int32),
        points=points,
        mean=mean,
        components=components,
    )
