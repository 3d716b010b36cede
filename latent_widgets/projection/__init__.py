"""Latents to 2-D and back: scikit-learn-like estimators that know nothing of widgets.

- `pca`: `PCA` with an exact inverse; `pca_solver` chooses covariance, Gram or subspace.
- `umap`: `UMAP` (umap-learn, imported lazily), with a `KNNInverse` for clicks.
- `knn_inverse`: any 2-D position back to a latent, from the nearest fitted points.
- `metrics`: `trustworthiness`, on a seeded sample.
- `latent_map`: `LatentMap`, the maps of one set of latents, computed once per projection.
"""
