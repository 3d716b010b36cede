"""One pass of a model over the data: latents of every requested layer, labels, thumbnails.

`Extractor` runs the model on one batch and returns ``(batch, d)`` float32 rows per layer,
copied at hook time (see `latent_widgets.space.capture`). `extract` reads the whole data set with
it: from the first batch it plans the memory of the result (`MemoryPlan`) and refuses before
reading further when the plan exceeds the budget; then it writes every batch into arrays
allocated once, so that the peak stays close to the size of the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from latent_widgets._validation import non_finite_rows
from latent_widgets.space.capture import (
    INPUT,
    POOLS,
    inference,
    is_input_layer,
    latent_rows,
    layer_hooks,
    modules_of,
    output_to_tensor,
    run_layers,
)
from latent_widgets.space.data import DataSource, move_to
from latent_widgets.space.frames import frames_from_batch, is_image_shape, thumbnails
from latent_widgets.space.memory import MemoryPlan, format_bytes

_TORCH_DTYPES = {np.dtype(np.float32): torch.float32, np.dtype(np.uint8): torch.uint8}
OUTPUT = "output"  # the layer name of the latents when they are the model's (or encode's) output


def resolve_pools(pool: str | Mapping[str, str | None] | None, names: Sequence[str]
                  ) -> dict[str, str | None]:
    """``pool=`` as one choice per layer: a single choice for all, or a dict by layer name.

    Raises
    ------
    ValueError
        For an unknown choice, or a dict naming a layer that is not captured.
    """
    if isinstance(pool, Mapping):
        unknown = [name for name in pool if name not in names]
        if unknown:
            raise ValueError(
                f"pool= names {', '.join(map(repr, unknown))}, which is not captured; the "
                f"captured layers are {', '.join(map(repr, names))}"
            )
        choices = {name: pool.get(name) for name in names}
    else:
        choices = {name: pool for name in names}
    for name, choice in choices.items():
        if choice is not None and choice not in POOLS:
            raise ValueError(
                f'pool must be "avg", "max" or None (per layer in a dict); got {choice!r} '
                f"for {name!r}"
            )
    return choices


def _device_error(exc: RuntimeError, device: torch.device) -> RuntimeError:
    return RuntimeError(
        f"the model and a batch are on different devices ({exc}). Batches are moved to "
        f"{device}: move the whole model there with model.to({str(device)!r}), or pass "
        "device= naming the device the model is on"
    )


class Extractor:
    """Latents of one batch: the model with hooks on ``layers``, ``encode``, or its output.

    Parameters
    ----------
    model : torch.nn.Module or None
    encode : callable or None
        Used when no layers are named.
    layers : list of str
        Dotted module names; empty for the model's (or ``encode``'s) output.
    device : torch.device
        Where batches are moved.
    pools : dict of str to {"avg", "max", None}
        Pooling of each layer's conv maps (see `resolve_pools`).
    """

    def __init__(self, model: nn.Module | None, encode: Callable[[Any], Any] | None,
                 layers: Sequence[str], device: torch.device,
                 pools: Mapping[str, str | None]) -> None:
        self.model, self.encode, self.layers = model, encode, list(layers)
        self.device, self.pools = device, dict(pools)
        self.names = self.layers or [OUTPUT]
        self.take_input = any(is_input_layer(model, name) for name in self.layers)
        self.hooked = [name for name in self.layers if not is_input_layer(model, name)]
        self._rows: dict[str, np.ndarray] = {}
        self._done: set[str] | None = None
        self.raw_bytes = 0  # bytes of the outputs captured in the last batch

    @contextmanager
    def session(self) -> Iterator[None]:
        """Inference mode and the layer hooks, for as many batches as run inside it."""
        hooks = (layer_hooks(self.model, self.hooked, self._store) if self.hooked
                 else nullcontext(None))
        with inference(modules_of(self.model, self.encode)), hooks as done:
            self._done = done
            try:
                yield
            finally:
                self._done = None

    def _store(self, name: str, output: Any) -> None:
        tensor = output_to_tensor(output, "layer")
        self.raw_bytes += tensor.numel() * tensor.element_size()
        self._rows[name] = latent_rows(tensor, self.pools[name])

    def rows(self, inputs: Any) -> dict[str, np.ndarray]:
        """``(batch, d)`` float32 rows of every layer for one batch (inside `session`)."""
        self._rows, self.raw_bytes = {}, 0
        if self.take_input:  # the data as the model gets them, flattened (or pooled)
            self._rows[INPUT] = latent_rows(inputs, self.pools[INPUT], "input")
        inputs = move_to(inputs, self.device)
        try:
            if self.hooked:
                run_layers(self.model, inputs, self._done)
                missing = [name for name in self.hooked if name not in self._rows]
                if missing:
                    raise RuntimeError(
                        f"layer(s) {', '.join(missing)} did not run in the model's forward "
                        "pass: choose layers that forward() uses"
                    )
            elif self.layers:  # only the input: the model need not run
                pass
            elif self.encode is not None:
                self._rows[OUTPUT] = latent_rows(self.encode(inputs), self.pools[OUTPUT],
                                                 "encode")
            else:
                self._rows[OUTPUT] = latent_rows(self.model(inputs), self.pools[OUTPUT],
                                                 "model")
        except RuntimeError as exc:
            if "same device" in str(exc) or "should be the same" in str(exc):
                raise _device_error(exc, self.device) from exc
            raise
        return {name: self._rows[name] for name in self.names}


class Thumbnails:
    """Small RGBA previews of image inputs, and the shape of one input sample.

    Parameters
    ----------
    max_side : int
        Largest side of a thumbnail (0: none are made).
    image_shape : tuple of int, optional
        Shape to give flat inputs of as many values.
    """

    def __init__(self, max_side: int, image_shape: tuple[int, ...] | None) -> None:
        self.max_side, self.image_shape = max_side, image_shape
        self.input_shape: tuple[int, ...] | None = None

    def __call__(self, inputs: Any) -> np.ndarray | None:
        if not isinstance(inputs, torch.Tensor):
            return None
        shape = tuple(inputs.shape[1:])
        if self.input_shape is None:
            self.input_shape = shape
        if not self.max_side:
            return None
        wanted = self.image_shape
        if wanted is not None and int(np.prod(shape)) == int(np.prod(wanted)):
            shape = wanted
        if not is_image_shape(shape):
            return None
        frames = frames_from_batch(inputs.detach().cpu().reshape(-1, *shape), None)
        return thumbnails(frames, self.max_side)


class _Store:
    """Rows of every layer, written batch after batch into arrays allocated once (or into
    a list of chunks when the number of samples is not known)."""

    def __init__(self, n: int | None) -> None:
        self.n, self.count = n, 0
        self.arrays: dict[str, np.ndarray] = {}
        self.chunks: dict[str, list[np.ndarray]] = {}
        self.widths: dict[str, tuple[int, ...]] = {}
        self.labels: list[np.ndarray] = []
        self.labels_missing = False
        self.thumbs_missing = False

    def _put(self, name: str, rows: np.ndarray) -> None:
        width = self.widths.setdefault(name, rows.shape[1:])
        if rows.shape[1:] != width:
            raise ValueError(
                f"{name!r} gave {int(np.prod(width)):,} values a sample in the first batch "
                f"and {int(np.prod(rows.shape[1:])):,} at sample {self.count:,}: inputs of "
                f"different sizes give conv maps of different sizes; pool that layer "
                f"(pool={{{name!r}: \"avg\"}}) or resize the inputs"
            )
        if self.n is None:
            self.chunks.setdefault(name, []).append(rows)
            return
        if name not in self.arrays:  # torch's allocator: numpy asks the kernel for huge
            # pages, whose compaction stalled the first writes for half a second at 234 MB
            self.arrays[name] = torch.empty((self.n, *width),
                                            dtype=_TORCH_DTYPES[rows.dtype]).numpy()
        target = self.arrays[name]
        if self.count + len(rows) > self.n:
            raise RuntimeError(f"the data gave more than the {self.n:,} samples they said")
        target[self.count : self.count + len(rows)] = rows

    def add(self, rows: Mapping[str, np.ndarray], thumbs: np.ndarray | None,
            labels: np.ndarray | None) -> None:
        """Append one batch: rows per layer, its thumbnails and labels (or None)."""
        for name, values in rows.items():
            self._put(name, values)
        key = "\0thumbnails"
        if thumbs is None or self.thumbs_missing or (
            key in self.widths and thumbs.shape[1:] != self.widths[key]
        ):
            self.thumbs_missing = True  # previews of some samples only: none are kept
        else:
            self._put(key, thumbs)
        if labels is None:
            self.labels_missing = True
        else:
            self.labels.append(labels)
        self.count += len(next(iter(rows.values())))

    @property
    def nbytes(self) -> int:
        """Bytes held so far."""
        return sum(a.nbytes for a in self.arrays.values()) + sum(
            c.nbytes for chunks in self.chunks.values() for c in chunks)

    def result(self, name: str) -> np.ndarray | None:
        """The rows of ``name`` for every sample seen (None when nothing was stored)."""
        if name in self.arrays:
            return self.arrays[name][: self.count]
        if self.chunks.get(name):
            return np.concatenate(self.chunks.pop(name))
        return None


@dataclass
class Extraction:
    """What `extract` read: latents by layer and what came with them."""

    by_layer: dict[str, np.ndarray]
    indices: np.ndarray
    labels: np.ndarray | None
    thumbnails: np.ndarray | None
    input_shape: tuple[int, ...] | None
    total: int | None
    plan: MemoryPlan | None
    notes: list[str] = field(default_factory=list)


def _plan_of(source: DataSource, rows: Mapping[str, np.ndarray], thumbs: np.ndarray | None,
             raw_bytes: int) -> MemoryPlan:
    batch = len(next(iter(rows.values())))
    per_row = {name: values[0].nbytes for name, values in rows.items()}
    thumb_row = 0 if thumbs is None or not len(thumbs) else thumbs[0].nbytes
    in_flight = raw_bytes + sum(values.nbytes for values in rows.values())
    return MemoryPlan.from_first_batch(source.length, batch, per_row, thumb_row, in_flight)


def _refuse_if_over(plan: MemoryPlan, budget: int | None, rows: Mapping[str, np.ndarray],
                    pools: Mapping[str, str | None]) -> None:
    if budget is not None and plan.peak_bytes > budget:
        widths = {name: int(np.prod(values.shape[1:])) for name, values in rows.items()}
        raise MemoryError(plan.refusal(budget, widths, {k: v is not None for k, v in
                                                         pools.items()}))


def extract(extractor: Extractor, source: DataSource, *, thumbs: Thumbnails, progress: bool,
            budget: int | None) -> Extraction:
    """Read every batch of ``source`` through ``extractor``; see the module's docstring.

    Raises
    ------
    MemoryError
        From the first batch, when the planned peak exceeds ``budget`` (no further batch is
        read), or, for data of unknown length, as soon as the latents outgrow it.
    ValueError
        When the data hold no samples, or a layer's latents hold NaN or inf.
    """
    from tqdm.auto import tqdm

    store, plan = _Store(source.length), None
    bar = tqdm(total=source.length or None, desc="latents", unit="sample",
               disable=not progress, leave=False)
    with extractor.session():
        try:
            for batch in source:
                rows = extractor.rows(batch.inputs)
                small = thumbs(batch.inputs)
                if plan is None:
                    plan = _plan_of(source, rows, small, extractor.raw_bytes)
                    _refuse_if_over(plan, budget, rows, extractor.pools)
                    bar.set_postfix_str(f"latents ≈ {format_bytes(plan.result_bytes)}")
                store.add(rows, small, batch.labels)
                if source.length is None and budget is not None and store.nbytes > budget:
                    raise MemoryError(
                        f"after {store.count:,} samples the latents take "
                        f"{format_bytes(store.nbytes)}, more than the budget of "
                        f"{format_bytes(budget)} (max_memory=); the data's length is unknown: "
                        "pass max_samples=, pool= per layer or fewer layers"
                    )
                bar.update(store.count - bar.n)
        finally:
            bar.close()
    return _finish(extractor, source, store, thumbs, plan)


def _finish(extractor: Extractor, source: DataSource, store: _Store, thumbs: Thumbnails,
            plan: MemoryPlan | None) -> Extraction:
    if store.count == 0:
        raise ValueError("the data hold no samples: nothing to compute latents of")
    indices = source.indices if source.indices is not None else np.arange(store.count)
    by_layer = {name: checked_latents(name, store.result(name), indices)
                for name in extractor.names}
    notes = [source.note] if source.note else []
    if plan is not None:
        notes.append(plan.describe())
    labels = None
    if store.labels and not store.labels_missing:
        labels = np.concatenate(store.labels)
    elif store.labels:
        notes.append("only some batches carried labels: they were not used")
    thumbnails_ = None if store.thumbs_missing else store.result("\0thumbnails")
    return Extraction(by_layer, indices, labels, thumbnails_, thumbs.input_shape,
                      source.total, plan, notes)


def checked_latents(name: str, latents: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``latents`` as C-contiguous float32, refused in words when a row holds NaN or inf.

    Parameters
    ----------
    indices : numpy.ndarray
        The data row of each latent, named in the error.
    """
    latents = np.ascontiguousarray(latents, dtype=np.float32)
    rows, _ = non_finite_rows(latents)
    if rows.size:
        shown = np.asarray(indices)[rows[:10]].tolist()
        raise ValueError(
            f"{rows.size} of {len(latents)} latents of {name!r} hold NaN or inf (data rows "
            f"{shown}{' ...' if rows.size > 10 else ''}): check the model's weights and "
            "those inputs"
        )
    return latents
