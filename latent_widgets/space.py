"""LatentSpace: a model and its data → latent representations, labels and thumbnails.

One extraction, read by every view. The model runs in ``eval()`` under ``torch.no_grad()``
on its own device; layer hooks are removed and the training mode restored afterwards, also
after an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import Any

import numpy as np
import torch
from torch import nn

from latent_widgets.capture import (
    flatten_latent,
    inference,
    layer_hooks,
    model_device,
    output_to_tensor,
    run_layers,
)
from latent_widgets.data import DataSource, move_to
from latent_widgets.images import frames_from_batch, thumbnails
from latent_widgets.labels import encode_labels
from latent_widgets.tensors import non_finite_rows, to_numpy

OUTPUT = "output"  # the layer name of the latents when they are the model's (or encode's) output


def _is_image_shape(shape: tuple[int, ...]) -> bool:
    if len(shape) == 2:
        return min(shape) >= 8
    if len(shape) == 3:
        channels_first = shape[0] in (1, 3) and min(shape[1:]) >= 8
        channels_last = shape[-1] in (1, 3) and min(shape[:2]) >= 8
        return channels_first or channels_last
    return False


def _device_error(exc: RuntimeError, device: torch.device) -> RuntimeError:
    return RuntimeError(
        f"the model and a batch are on different devices ({exc}). Batches are moved to "
        f"{device}: move the whole model there with model.to({str(device)!r}), or pass "
        "device= naming the device the model is on"
    )


class LatentSpace:
    """Latent representations of a dataset under a model.

    Parameters
    ----------
    model : torch.nn.Module or None
        The network. ``None`` only with ``encode=``.
    data : DataLoader, Dataset, torch.Tensor or numpy.ndarray
        Items ``x`` or ``(x, y)``; labels are taken from ``y`` unless given.
    layer : str or list of str, optional
        Dotted name(s) of the module(s) whose output is the latent (``"encoder.2"``,
        ``"layer1.0.conv2"``). A list captures all of them in one pass; the last one is the
        active layer (`latents`). By default: ``encode=``, else ``model.encode``, else the
        model's output.
    encode, decode : callable, optional
        ``encode(x) -> latents`` and ``decode(z) -> outputs``; default to the model's
        ``encode`` / ``decode`` methods when it has them.
    labels : array-like, optional
        One label (int or str) per sample of ``data`` (before ``max_samples``).
    class_names : sequence of str, optional
        Names of integer labels.
    image_shape : tuple of int or "chart", optional
        Shape to give flat decoder outputs (and flat inputs, for thumbnails), e.g.
        ``(28, 28)``; ``"chart"`` draws 1-D outputs as bar charts. When the decoder's output
        has as many values as the input images, the inputs' shape is used.
    device : str or torch.device, optional
        Where to run; defaults to where the model is.
    batch_size : int
        Batch size for Datasets, Tensors and arrays (a DataLoader keeps its own).
    max_samples : int, optional
        A seeded random subset of this size, drawn without loading the rest.
    seed : int
        Seed of the subset.
    pool : {"avg", "max"}, optional
        Pool conv activations ``(N, C, H, W)`` over space instead of flattening them.
    progress : bool
        Show a progress bar while extracting.
    thumbnail_size : int
        Largest side of the input thumbnails kept for hover previews (0: none).

    Attributes
    ----------
    by_layer : dict of str to numpy.ndarray
        ``(n, d)`` float32 latents of each captured layer.
    layer : str
        The active layer; `latents` is ``by_layer[layer]``.
    labels : numpy.ndarray of int32 or None
        Label codes; ``class_names[labels[i]]`` names sample ``i``.
    indices : numpy.ndarray
        Rows of ``data`` the samples are.
    thumbnails : numpy.ndarray or None
        ``(n, h, w, 4)`` uint8 previews of image inputs.
    notes : list of str
        What was decided on the user's behalf (a subset, an image shape, ...).
    """

    def __init__(
        self,
        model: nn.Module | None,
        data: Any,
        *,
        layer: str | Sequence[str] | None = None,
        encode: Callable[[Any], Any] | None = None,
        decode: Callable[[Any], Any] | None = None,
        labels: Any = None,
        class_names: Sequence[str] | None = None,
        image_shape: tuple[int, ...] | str | None = None,
        device: str | torch.device | None = None,
        batch_size: int = 256,
        max_samples: int | None = None,
        seed: int = 0,
        pool: str | None = None,
        progress: bool = True,
        thumbnail_size: int = 32,
    ) -> None:
        if model is None and encode is None:
            raise ValueError("give a model, or encode= to compute latents without one")
        if model is not None and not isinstance(model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        for name, fn in (("encode", encode), ("decode", decode)):
            if fn is not None and not callable(fn):
                raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
        if layer is not None and (encode is not None or model is None):
            raise ValueError("give either layer= (hooks on the model) or encode=, not both")
        self.model = model
        self.device = self._resolve_device(device)
        self.notes: list[str] = []
        self.pool = pool
        self.image_shape = image_shape
        self._encode = encode if encode is not None else getattr(model, "encode", None)
        if layer is None and self._encode is not None and not callable(self._encode):
            self._encode = None
        self._decode = decode if decode is not None else getattr(model, "decode", None)
        self.layers = [layer] if isinstance(layer, str) else list(layer or [])
        if layer is not None and not self.layers:
            raise ValueError("layer= is an empty list: name at least one layer")
        self._extract(data, batch_size, max_samples, seed, progress, thumbnail_size)
        self._set_labels(labels, class_names)

    @classmethod
    def from_latents(
        cls,
        latents: Any,
        *,
        labels: Any = None,
        class_names: Sequence[str] | None = None,
        decode: Callable[[Any], Any] | None = None,
        image_shape: tuple[int, ...] | str | None = None,
        thumbnails: np.ndarray | None = None,
    ) -> LatentSpace:
        """A LatentSpace of latents computed elsewhere (no model, no extraction).

        Parameters
        ----------
        latents : array-like or torch.Tensor
            ``(n, d)`` latents.
        labels, class_names, image_shape
            As in the constructor.
        decode : callable, optional
            ``decode(z)`` for a batch ``z`` of shape ``(m, d)`` (a float32 tensor).
        thumbnails : numpy.ndarray, optional
            ``(n, h, w, 4)`` uint8 previews of the samples.
        """
        if decode is not None and not callable(decode):
            raise TypeError(f"decode must be callable, got {type(decode).__name__}")
        space = cls.__new__(cls)
        space.model = None
        space.device = torch.device("cpu")
        space.notes = []
        space.pool = None
        space.image_shape = image_shape
        space._encode = None
        space._decode = decode
        space.layers = []
        space._input_shape = None
        values = to_numpy(latents, np.float32)
        if values.ndim != 2:
            raise ValueError(f"latents must have shape (n, d); got {values.shape}")
        space.by_layer = {OUTPUT: space._checked(OUTPUT, [values])}
        space.layer = OUTPUT
        space.indices = np.arange(len(values))
        space._data_labels = None
        if thumbnails is not None:
            thumbnails = np.asarray(thumbnails)
            if thumbnails.dtype != np.uint8 or thumbnails.ndim != 4 or (
                thumbnails.shape[0] != len(values) or thumbnails.shape[-1] != 4
            ):
                raise ValueError(
                    f"thumbnails must be uint8 of shape (n={len(values)}, h, w, 4); got "
                    f"{thumbnails.dtype} {thumbnails.shape}"
                )
        space.thumbnails = thumbnails
        space._set_labels(labels, class_names)
        return space

    # -- extraction ---------------------------------------------------------------------

    def _resolve_device(self, device: str | torch.device | None) -> torch.device:
        where = model_device(self.model)
        if device is None:
            return where
        device = torch.device(device)
        if isinstance(self.model, nn.Module) and any(True for _ in self.model.parameters()):
            if device.type != where.type or (
                device.index is not None and where.index is not None and device.index != where.index
            ):
                raise ValueError(
                    f"device={str(device)!r} but the model is on {where}: move the model with "
                    f"model.to({str(device)!r}), or leave device= out to run where it is"
                )
        return device

    def _latents_of_batch(self, inputs: Any, captured: dict[str, Any] | None) -> dict[str, Any]:
        inputs = move_to(inputs, self.device)
        try:
            if captured is not None:
                run_layers(self.model, inputs, captured)
                missing = [name for name in self.layers if name not in captured]
                if missing:
                    raise RuntimeError(
                        f"layer(s) {', '.join(missing)} did not run in the model's forward "
                        "pass: choose layers that forward() uses"
                    )
                outputs = {name: captured[name] for name in self.layers}
            elif self._encode is not None:
                outputs = {OUTPUT: self._encode(inputs)}
            else:
                outputs = {OUTPUT: self.model(inputs)}
        except RuntimeError as exc:
            if "same device" in str(exc) or "should be the same" in str(exc):
                raise _device_error(exc, self.device) from exc
            raise
        return {
            name: flatten_latent(output_to_tensor(out), self.pool).float().cpu().numpy()
            for name, out in outputs.items()
        }

    def _extract(
        self,
        data: Any,
        batch_size: int,
        max_samples: int | None,
        seed: int,
        progress: bool,
        thumbnail_size: int,
    ) -> None:
        from tqdm.auto import tqdm

        source = DataSource(data, batch_size=batch_size, max_samples=max_samples, seed=seed)
        if source.note:
            self.notes.append(source.note)
        names = self.layers or [OUTPUT]
        chunks: dict[str, list[np.ndarray]] = {name: [] for name in names}
        label_chunks: list[np.ndarray] = []
        thumb_chunks: list[np.ndarray] = []
        self._input_shape: tuple[int, ...] | None = None
        bar = tqdm(total=len(source) or None, desc="latents", unit="sample",
                   disable=not progress, leave=False)
        with inference(self.model), (
            layer_hooks(self.model, self.layers) if self.layers else nullcontext(None)
        ) as captured:
            try:
                for batch in source:
                    latents = self._latents_of_batch(batch.inputs, captured)
                    for name in names:
                        chunks[name].append(latents[name])
                    if batch.labels is not None:
                        label_chunks.append(batch.labels)
                    if thumbnail_size:
                        thumb = self._thumbnails(batch.inputs, thumbnail_size)
                        if thumb is not None:
                            thumb_chunks.append(thumb)
                    bar.update(len(latents[names[0]]))
            finally:
                bar.close()
        self.by_layer = {name: self._checked(name, chunks[name]) for name in names}
        self.layer = names[-1]
        n = len(self.by_layer[self.layer])
        self.indices = source.indices if source.indices is not None else np.arange(n)
        self._data_labels = np.concatenate(label_chunks) if label_chunks else None
        if self._data_labels is not None and len(self._data_labels) != n:
            self._data_labels = None  # only some batches carried labels: not usable
            self.notes.append("only some batches carried labels: they were not used")
        self.thumbnails = (
            np.concatenate(thumb_chunks) if len(thumb_chunks) and
            sum(map(len, thumb_chunks)) == n else None
        )

    def _checked(self, name: str, chunks: list[np.ndarray]) -> np.ndarray:
        if not chunks:
            raise ValueError("the data hold no samples: nothing to compute latents of")
        latents = np.ascontiguousarray(np.concatenate(chunks), dtype=np.float32)
        rows, _ = non_finite_rows(latents)
        if rows.size:
            raise ValueError(
                f"{rows.size} of {len(latents)} latents of {name!r} hold NaN or inf (sample "
                f"indices {rows[:10].tolist()}{' ...' if rows.size > 10 else ''}): check the "
                "model's weights and those inputs"
            )
        return latents

    def _thumbnails(self, inputs: Any, max_side: int) -> np.ndarray | None:
        if not isinstance(inputs, torch.Tensor):
            return None
        shape = tuple(inputs.shape[1:])
        if self._input_shape is None:
            self._input_shape = shape
        image_shape = self.image_shape if isinstance(self.image_shape, tuple) else None
        if image_shape is not None and int(np.prod(shape)) == int(np.prod(image_shape)):
            shape = image_shape
        if not _is_image_shape(shape):
            return None
        frames = frames_from_batch(inputs.detach().cpu().reshape(-1, *shape), None)
        return thumbnails(frames, max_side)

    def _set_labels(self, labels: Any, class_names: Sequence[str] | None) -> None:
        if labels is not None:
            labels = np.asarray(labels)
            if labels.ndim != 1:
                raise ValueError(f"labels must be 1-D, one per sample; got shape {labels.shape}")
            total = len(self.indices) if len(labels) == len(self.indices) else None
            if total is None:
                if len(labels) <= int(self.indices.max()):
                    raise ValueError(
                        f"labels hold {len(labels)} values but the data have at least "
                        f"{int(self.indices.max()) + 1} samples: give one label per sample"
                    )
                labels = labels[self.indices]
        else:
            labels = self._data_labels
        self.labels, self.class_names = encode_labels(labels, self.n, class_names)

    # -- reading ------------------------------------------------------------------------

    @property
    def latents(self) -> np.ndarray:
        """``(n, d)`` float32 latents of the active layer."""
        return self.by_layer[self.layer]

    @property
    def n(self) -> int:
        """Number of samples."""
        return len(self.latents)

    @property
    def dim(self) -> int:
        """Dimension of the active layer's latents."""
        return self.latents.shape[1]

    def use_layer(self, name: str) -> LatentSpace:
        """Make ``name`` the active layer (one of `by_layer`); returns self."""
        if name not in self.by_layer:
            raise ValueError(f"no latents for layer {name!r}: captured {list(self.by_layer)}")
        self.layer = name
        return self

    def encode(self, inputs: Any) -> np.ndarray:
        """Latents of new inputs (one batch) at the active layer, float32 ``(m, d)``."""
        if not isinstance(inputs, torch.Tensor):
            inputs = torch.as_tensor(np.asarray(inputs))
        with inference(self.model), (
            layer_hooks(self.model, self.layers) if self.layers else nullcontext(None)
        ) as captured:
            return self._latents_of_batch(inputs, captured)[self.layer]

    # -- decoding -----------------------------------------------------------------------

    @property
    def has_decoder(self) -> bool:
        """Whether latents can be decoded (``decode=`` or the model's ``decode``)."""
        return self._decode is not None

    def decode_raw(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decoder outputs for latents ``z`` ``(m, d)``, as a numpy array, batched.

        Raises
        ------
        RuntimeError
            When there is no decoder.
        ValueError
            When ``z`` has the wrong dimension or is not finite.
        """
        if self._decode is None:
            raise RuntimeError(
                "no decoder: pass decode= to LatentSpace, or give the model a decode method"
            )
        z = to_numpy(z, np.float32)
        if z.ndim == 1:
            z = z[None]
        if z.ndim != 2 or z.shape[1] != self.dim:
            raise ValueError(f"latents to decode must have shape (m, {self.dim}); got {z.shape}")
        if not np.isfinite(z).all():
            raise ValueError("latents to decode hold NaN or inf")
        outputs = []
        with inference(self.model):
            for start in range(0, len(z), batch_size):
                chunk = torch.from_numpy(z[start : start + batch_size]).to(self.device)
                outputs.append(output_to_tensor(self._decode(chunk)).float().cpu().numpy())
        return np.concatenate(outputs)

    def decode(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decode latents ``z`` ``(m, d)`` (or one ``(d,)``) to RGBA frames ``(m, H, W, 4)``."""
        raw = self.decode_raw(z, batch_size)
        return frames_from_batch(raw, self._output_image_shape(raw))

    def _output_image_shape(self, raw: np.ndarray) -> tuple[int, ...] | str | None:
        if self.image_shape is not None:
            return self.image_shape
        shape = self._input_shape
        per_sample = int(np.prod(raw.shape[1:]))
        if raw.ndim == 2 and shape and _is_image_shape(shape) and per_sample == np.prod(shape):
            return shape  # an autoencoder: its output has the shape of its input images
        return None

    def __repr__(self) -> str:
        layers = ", ".join(f"{k}: {v.shape[1]}-D" for k, v in self.by_layer.items())
        return f"LatentSpace({self.n} samples; {layers}; active {self.layer!r})"
