"""LatentSpace: a model and its data → latent representations, labels and thumbnails.

One extraction, read by every view. The model runs in ``eval()`` under ``torch.no_grad()``
on its own device; layer hooks copy what they capture and are removed afterwards, and every
module's own training flag is restored, also after an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from latent_widgets._validation import to_numpy
from latent_widgets.space.capture import model_device, modules_of, refuse_meta
from latent_widgets.space.data import DataSource
from latent_widgets.space.decoding import NO_DECODER, Decoder, DecoderMismatch
from latent_widgets.space.extraction import (
    OUTPUT,
    Extractor,
    Thumbnails,
    checked_latents,
    extract,
    resolve_pools,
)
from latent_widgets.space.labels import encode_labels
from latent_widgets.space.memory import MemoryPlan, memory_budget

__all__ = ["OUTPUT", "LatentSpace"]


class LatentSpace:
    """Latent representations of a dataset under a model.

    The model is left exactly as it was: it runs in ``eval()`` under ``torch.no_grad()``
    and every module's own training flag is put back afterwards (a BatchNorm frozen with
    ``.eval()`` inside a model in training stays frozen), also after an exception and
    around every decode. No parameter, buffer or ``requires_grad`` is changed, and the
    hooks are removed.

    Parameters
    ----------
    model : torch.nn.Module or None
        The network. ``None`` only with ``encode=``.
    data : DataLoader, Dataset, torch.Tensor or numpy.ndarray
        Items ``x``, ``(x, y)``, or dicts with the input and label under the keys
        ``"x"``/``"y"``, ``"input"``/``"label"``, ``"image"``/``"label"``,
        ``"pixel_values"``/``"labels"`` or ``"inputs"``/``"labels"`` (the first pair whose
        input key is there; the label may be missing), or under the keys ``keys=`` names.
        Labels are taken from ``y`` unless given.
    layer : str or list of str, optional
        Dotted name(s) of the module(s) whose output is the latent (``"encoder.2"``,
        ``"layer1.0.conv2"``). A list captures all of them in one pass; the last one is the
        active layer (`latents`). ``"input"`` captures the data as the model gets them
        (flattened, or pooled like a layer), e.g. to chart the input's topology beside the
        layers'. Each capture is a copy made when the layer runs, so
        in-place ops later in the forward pass (``ReLU(inplace=True)``, ``out += identity``)
        do not change it. By default: ``encode=``, else ``model.encode``, else the model's
        output.
    encode, decode : callable, optional
        ``encode(x) -> latents`` and ``decode(z) -> outputs``; default to the model's
        ``encode`` / ``decode`` methods when it has them.
    decode_layer : str, optional
        The layer whose latents the decoder takes (one of ``layer``); by default the active
        layer. The decoder is tried on two of its latents at construction, so a wrong
        layer, a wrong number of outputs or outputs that cannot be drawn are refused here.
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
    pool : {"avg", "max"} or dict, optional
        Pool conv activations ``(N, C, H, W)`` over space (one value per channel) instead of
        flattening them: for every layer, or per layer with a dict such as
        ``{"layer1": "avg"}`` (layers left out are flattened).
    max_memory : int, float or str, optional
        Budget of the extraction, in bytes or as ``"4GB"``; by default 60 % of the memory
        available at the start (``float("inf")``: no limit). The first batch tells how much
        the whole result will take (`memory`, also in `notes` and the progress bar); an
        extraction over the budget is refused before the rest of the data is read, in
        words that name what would fit.
    keys : (str, str or None), optional
        The input key and the label key of dict items, e.g. ``("pixel_values", "labels")``
        or ``("img", None)``.
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
    decode_layer : str or None
        The layer the decoder reads (None without a decoder).
    labels : numpy.ndarray of int32 or None
        Label codes; ``class_names[labels[i]]`` names sample ``i``.
    indices : numpy.ndarray
        Rows of ``data`` the samples are.
    thumbnails : numpy.ndarray or None
        ``(n, h, w, 4)`` uint8 previews of image inputs.
    decoder_note : str
        Why the model's own ``decode`` is not used, when it does not take the latents of
        the active layer and neither ``decode=`` nor ``decode_layer=`` asked for it ("" when
        it is used, or there is none).
    memory : MemoryPlan or None
        The memory the extraction planned from its first batch.
    notes : list of str
        What was decided on the user's behalf (a subset, an image shape, the memory, ...).
    """

    def __init__(
        self,
        model: nn.Module | None,
        data: Any,
        *,
        layer: str | Sequence[str] | None = None,
        encode: Callable[[Any], Any] | None = None,
        decode: Callable[[Any], Any] | None = None,
        decode_layer: str | None = None,
        labels: Any = None,
        class_names: Sequence[str] | None = None,
        image_shape: tuple[int, ...] | str | None = None,
        device: str | torch.device | None = None,
        batch_size: int = 256,
        max_samples: int | None = None,
        seed: int = 0,
        pool: str | Mapping[str, str | None] | None = None,
        max_memory: int | float | str | None = None,
        keys: tuple[str, str | None] | None = None,
        progress: bool = True,
        thumbnail_size: int = 32,
    ) -> None:
        self._check_callables(model, encode, decode, layer)
        refuse_meta(model)
        self.model = model
        self.device = self._resolve_device(device)
        self.layers = [layer] if isinstance(layer, str) else list(layer or [])
        if layer is not None and not self.layers:
            raise ValueError("layer= is an empty list: name at least one layer")
        encode = encode if encode is not None else getattr(model, "encode", None)
        if self.layers or not callable(encode):
            encode = None
        implicit = decode is None and decode_layer is None
        decode = decode if decode is not None else getattr(model, "decode", None)
        if not callable(decode):
            decode = None
        names = self.layers or [OUTPUT]
        self._check_decode_layer(decode_layer, decode, names)
        self.pool = resolve_pools(pool, names)
        source = DataSource(data, batch_size=batch_size, max_samples=max_samples, seed=seed,
                            keys=keys)
        extractor = Extractor(model, encode, self.layers, self.device, self.pool)
        self._extractor = extractor
        image = image_shape if isinstance(image_shape, tuple) else None
        result = extract(extractor, source, thumbs=Thumbnails(thumbnail_size, image),
                         progress=progress, budget=memory_budget(max_memory))
        self.by_layer, self.layer = result.by_layer, names[-1]
        self.indices, self.thumbnails = result.indices, result.thumbnails
        self.memory: MemoryPlan | None = result.plan
        self.notes: list[str] = result.notes
        self._data_labels, self._total = result.labels, result.total
        self._set_labels(labels, class_names)
        self._decoder = self._make_decoder(decode, decode_layer, image_shape, result.input_shape,
                                           modules_of(model, decode), implicit)

    @staticmethod
    def _check_callables(model: Any, encode: Any, decode: Any, layer: Any) -> None:
        if model is None and encode is None:
            raise ValueError("give a model, or encode= to compute latents without one")
        if model is not None and not isinstance(model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        for name, fn in (("encode", encode), ("decode", decode)):
            if fn is not None and not callable(fn):
                raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
        if layer is not None and (encode is not None or model is None):
            raise ValueError("give either layer= (hooks on the model) or encode=, not both")

    @staticmethod
    def _check_decode_layer(decode_layer: Any, decode: Any, names: Sequence[str]) -> None:
        if decode_layer is None:
            return
        if decode is None:
            raise ValueError("decode_layer= names the layer a decoder reads, but there is no "
                             "decoder: pass decode= too (or give the model a decode method)")
        if decode_layer not in names:
            raise ValueError(
                f"decode_layer={decode_layer!r} is not captured: name one of "
                f"{', '.join(map(repr, names))} (or add it to layer=)"
            )

    def _make_decoder(self, decode: Any, decode_layer: str | None, image_shape: Any,
                      input_shape: tuple[int, ...] | None, modules: list[nn.Module],
                      implicit: bool = False) -> Decoder | None:
        """The checked decoder; None (said in `decoder_note`) for a model's own ``decode``
        that was not asked for and does not take the active layer's latents."""
        self.decoder_note = ""
        if decode is None:
            return None
        name = decode_layer or self.layer
        decoder = Decoder(decode, name, self.by_layer[name].shape[1], modules, self.device,
                          image_shape, input_shape)
        widths = {layer: z.shape[1] for layer, z in self.by_layer.items()}
        try:
            decoder.check(self.by_layer[name][:2], widths)
        except DecoderMismatch as exc:
            if not implicit:
                raise
            self.decoder_note = (
                f"model.decode is not used: it does not take latents of {name!r} "
                f"({widths[name]} values). Pass decode_layer= naming the layer it reads, or "
                f"decode=. ({exc.__cause__})"
            )
            self.notes.append(self.decoder_note)
            return None
        return decoder

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
            ``decode(z)`` for a batch ``z`` of shape ``(m, d)`` (a float32 tensor), tried on
            two latents at once as in the constructor.
        thumbnails : numpy.ndarray, optional
            ``(n, h, w, 4)`` uint8 previews of the samples.
        """
        if decode is not None and not callable(decode):
            raise TypeError(f"decode must be callable, got {type(decode).__name__}")
        space = cls.__new__(cls)
        space.model, space.device = None, torch.device("cpu")
        space.notes, space.memory = [], None
        space.pool, space.layers = {OUTPUT: None}, []
        space._extractor = None
        values = to_numpy(latents, np.float32)
        if values.ndim != 2:
            raise ValueError(f"latents must have shape (n, d); got {values.shape}")
        space.indices = np.arange(len(values))
        space.by_layer = {OUTPUT: checked_latents(OUTPUT, values, space.indices)}
        space.layer = OUTPUT
        space._data_labels, space._total = None, len(values)
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
        device = model_device(decode if isinstance(decode, nn.Module) else None)
        space.device = device
        space._decoder = space._make_decoder(decode, None, image_shape, None,
                                             modules_of(decode))
        return space

    # -- extraction ---------------------------------------------------------------------

    def _resolve_device(self, device: str | torch.device | None) -> torch.device:
        where = model_device(self.model)
        if device is None:
            return where
        device = torch.device(device)
        if device.type == "meta":
            raise ValueError(
                "device='meta' cannot compute latents (meta tensors hold no values); the "
                f"model is on {where}: leave device= out to run there"
            )
        if isinstance(self.model, nn.Module) and any(True for _ in self.model.parameters()):
            if device.type != where.type or (
                device.index is not None and where.index is not None and device.index != where.index
            ):
                raise ValueError(
                    f"device={str(device)!r} but the model is on {where}: move the model with "
                    f"model.to({str(device)!r}), or leave device= out to run where it is"
                )
        return device

    def _set_labels(self, labels: Any, class_names: Sequence[str] | None) -> None:
        if labels is not None:
            labels = np.asarray(labels)
            if labels.ndim != 1:
                raise ValueError(f"labels must be 1-D, one per sample; got shape {labels.shape}")
            total = self._total if self._total is not None else self.n
            if len(labels) != total:
                subset = "" if total == self.n else f" (before max_samples took {self.n:,})"
                raise ValueError(
                    f"{len(labels):,} labels for {total:,} samples{subset}: give one label "
                    "per sample of the data"
                )
            if self._total is not None:
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
        """Make ``name`` the active layer (one of `by_layer`); returns self.

        The decoder keeps reading `decode_layer`.
        """
        if name not in self.by_layer:
            raise ValueError(f"no latents for layer {name!r}: captured {list(self.by_layer)}")
        self.layer = name
        return self

    def latent_map(
        self, layer: str | None = None, *, seed: int = 0,
        options: dict[str, dict] | None = None,
    ) -> Any:
        """The 2-D maps of a layer's latents, shared by every view of this space.

        Parameters
        ----------
        layer : str, optional
            The layer (default: the current one).
        seed : int
            Seed of the projections.
        options : dict of str to dict, optional
            Keyword arguments per projection, e.g. ``{"umap": {"n_neighbors": 30}}``.

        Returns
        -------
        latent_widgets.projection.latent_map.LatentMap
            Computed once per layer, seed and options: a second Explorer reuses its UMAP.
        """
        from latent_widgets.projection.map_cache import MapCache

        name = self.layer if layer is None else layer
        if name not in self.by_layer:
            raise ValueError(f"no latents for layer {name!r}: captured {list(self.by_layer)}")
        if getattr(self, "_map_cache", None) is None:
            self._map_cache = MapCache()
        return self._map_cache.get(name, self.by_layer[name], seed=seed, options=options)

    def encode(self, inputs: Any) -> np.ndarray:
        """Latents of new inputs (one batch) at the active layer, float32 ``(m, d)``."""
        if self._extractor is None:
            raise RuntimeError("this LatentSpace was made from latents: it has no encoder")
        if not isinstance(inputs, torch.Tensor):
            inputs = torch.as_tensor(np.asarray(inputs))
        with self._extractor.session():
            return self._extractor.rows(inputs)[self.layer]

    # -- decoding -----------------------------------------------------------------------

    @property
    def has_decoder(self) -> bool:
        """Whether latents can be decoded (``decode=`` or the model's ``decode``)."""
        return self._decoder is not None

    @property
    def decode_layer(self) -> str | None:
        """The layer whose latents the decoder takes (None without a decoder)."""
        return None if self._decoder is None else self._decoder.layer

    @property
    def decode_latents(self) -> np.ndarray:
        """``(n, d)`` latents of `decode_layer` (of the active layer without a decoder)."""
        return self.by_layer[self.decode_layer or self.layer]

    @property
    def image_shape(self) -> tuple[int, ...] | str | None:
        """The shape decoder outputs are drawn in (see the constructor); setting it checks
        the decoder's outputs against it at once."""
        return None if self._decoder is None else self._decoder.image_shape

    @image_shape.setter
    def image_shape(self, value: tuple[int, ...] | str | None) -> None:
        if self._decoder is None:
            raise RuntimeError("no decoder: image_shape shapes decoder outputs")
        old, self._decoder.image_shape = self._decoder.image_shape, value
        try:
            self._decoder.check(self.decode_latents[:2], {self.decode_layer: self._decoder.width})
        except ValueError:
            self._decoder.image_shape = old
            raise

    def _require_decoder(self) -> Decoder:
        if self._decoder is None:
            raise RuntimeError(NO_DECODER)
        return self._decoder

    def decode_raw(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decoder outputs for latents ``z`` ``(m, d)`` of `decode_layer`, batched.

        Raises
        ------
        RuntimeError
            When there is no decoder.
        ValueError
            When ``z`` has the wrong dimension or is not finite, or the decoder does not
            return one output per latent.
        """
        return self._require_decoder().raw(z, batch_size)

    def decode(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decode latents ``z`` ``(m, d)`` (or one ``(d,)``) to RGBA frames ``(m, H, W, 4)``."""
        return self._require_decoder().frames(z, batch_size)

    def __repr__(self) -> str:
        layers = ", ".join(f"{k}: {v.shape[1]}-D" for k, v in self.by_layer.items())
        return f"LatentSpace({self.n} samples; {layers}; active {self.layer!r})"
