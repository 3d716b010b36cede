"""A map's inverse as the page computes it, so that a click between points decodes there.

PCA's inverse is its matrix (``mean_ + y @ components_``); UMAP's is the `KNNInverse`
barycentre of the nearest map positions, which the page computes over the positions it
draws and the latents it holds. umap-learn's own inverse (``inverse="umap"``) runs only in
the kernel.
"""

from __future__ import annotations

from typing import Any

from latent_widgets.projection.pca import PCA


def inverse_recipe(projection: Any) -> dict[str, Any]:
    """What the page needs to invert ``projection`` (a fitted `PCA` or `UMAP`).

    Returns
    -------
    dict
        ``{"kind": "linear", "mean", "components"}``, ``{"kind": "knn", "k", "weights",
        "tolerance"}`` (over the map's own positions and the data's latents), or
        ``{"kind": "kernel", "reason"}`` when only the kernel can invert the map.
    """
    if isinstance(projection, PCA):
        return {"kind": "linear", "mean": projection.mean_, "components": projection.components_}
    knn = getattr(projection, "knn_inverse_", None)
    if knn is not None:
        return {"kind": "knn", "k": knn.k_, "weights": knn.weights, "tolerance": knn.tolerance_}
    return {"kind": "kernel",
            "reason": "this map's inverse (umap-learn's own) runs only in the kernel"}
