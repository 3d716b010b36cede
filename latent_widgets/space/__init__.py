"""Model and data to latents: `LatentSpace` and what it is made of.

- `latent_space`: `LatentSpace` (a model, its data, the layers to look at; or `from_latents`).
- `capture`: forward hooks that copy what they see; every module's own mode saved and restored.
- `data`: DataLoader, Dataset, Tensor, ndarray and dict batches, to inputs and labels.
- `extraction`: one pass over the data, the latents of every requested layer preallocated.
- `memory`: the estimate of an extraction's memory, made before it is too late.
- `decoding`: a decoder checked at construction, latents to drawable frames.
- `frames`: decoder outputs and inputs to RGBA frames and thumbnails.
- `labels`: labels to integer codes and class names.
- `traversal`: the axes the Interpolation view traverses, largest variance first.
"""
