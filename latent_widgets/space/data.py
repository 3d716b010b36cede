"""Batches from whatever data the user has: a DataLoader, a Dataset, a Tensor or an ndarray.

`DataSource` reads the data once, in batches, and says how many samples it will yield, which
rows of the original data they are (a seeded subset with ``max_samples``, drawn without
loading the rest), and their labels when the data carry them as a second item.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, Subset
from torch.utils.data.dataloader import default_collate


@dataclass
class Batch:
    """One batch: the model's input and the labels the data carried (or None)."""

    inputs: Any
    labels: np.ndarray | None


#: The (input, label) key pairs a dict item may use, tried in this order.
DICT_KEYS = (("x", "y"), ("input", "label"), ("image", "label"), ("pixel_values", "labels"),
             ("inputs", "labels"))


def split_item(item: Any, keys: tuple[str, str | None] | None = None) -> tuple[Any, Any]:
    """``x`` or ``(x, y)``: the model's input and the label (or None) of a data item.

    Parameters
    ----------
    item : Any
        A tensor (the input alone), a tuple or list ``(x, y, ...)``, or a dict. A dict's
        input and label are under the keys ``keys`` names, else under the first pair of
        `DICT_KEYS` whose input key it has (the label may be missing).
    keys : (str, str or None), optional
        The input key and the label key (None: no label) of dict items, for other names
        than those of `DICT_KEYS`, e.g. ``("pixel_values", "labels")``.
    """
    if isinstance(item, (tuple, list)):
        if len(item) == 0:
            raise ValueError("a data item is an empty tuple: expected x or (x, y)")
        return item[0], (item[1] if len(item) > 1 else None)
    if isinstance(item, dict):
        if keys is not None:
            x_key, y_key = keys
            if x_key not in item or (y_key is not None and y_key not in item):
                missing = [k for k in keys if k is not None and k not in item]
                raise ValueError(
                    f"a data item is a dict with keys {sorted(item)}: it has no {missing[0]!r}"
                    " named by keys=; give keys=(input key, label key or None)"
                )
            return item[x_key], (None if y_key is None else item[y_key])
        for x_key, y_key in DICT_KEYS:
            if x_key in item:
                return item[x_key], item.get(y_key)
        known = ", ".join(f"{x!r} (and {y!r})" for x, y in DICT_KEYS)
        raise ValueError(
            f"a data item is a dict with keys {sorted(item)}: expected {known}, or name its "
            "keys with keys=(input key, label key or None)"
        )
    return item, None


def labels_to_numpy(labels: Any) -> np.ndarray | None:
    """Labels of one batch as a 1-D numpy array (ints or strings), or None."""
    if labels is None:
        return None
    if isinstance(labels, torch.Tensor):
        return labels.detach().cpu().numpy().reshape(-1)
    if isinstance(labels, (list, tuple)):
        return np.asarray(labels).reshape(-1)
    return np.asarray(labels).reshape(-1)


def seeded_subset(n_total: int, max_samples: int | None, seed: int) -> np.ndarray | None:
    """Sorted indices of a seeded random subset, or None to take everything."""
    if max_samples is None or max_samples >= n_total:
        return None
    if max_samples < 1:
        raise ValueError(f"max_samples must be at least 1, got {max_samples}")
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_total, size=max_samples, replace=False))


class DataSource:
    """Iterate over user data in batches, with an optional seeded subset.

    Parameters
    ----------
    data : DataLoader, Dataset, torch.Tensor or numpy.ndarray
        Items are ``x`` or ``(x, y)``. Tensors and arrays are indexed on their first axis.
    batch_size : int
        Batch size for Datasets, Tensors and arrays (a DataLoader keeps its own).
    max_samples : int, optional
        Take a seeded random subset of this size, without loading the rest (for an
        iterable DataLoader, the first ``max_samples`` samples instead, said in `note`).
    seed : int
        Seed of the subset.
    keys : (str, str or None), optional
        Input and label keys of dict items; see `split_item`.

    Attributes
    ----------
    total : int or None
        Samples in the data before any subset (None for an iterable of unknown length).
    indices : numpy.ndarray or None
        Rows of the data the subset takes (None: all of them, in order).
    """

    def __init__(
        self,
        data: Any,
        batch_size: int = 256,
        max_samples: int | None = None,
        seed: int = 0,
        keys: tuple[str, str | None] | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if keys is not None and (
            not isinstance(keys, (tuple, list)) or len(keys) != 2
            or not isinstance(keys[0], str) or not isinstance(keys[1], (str, type(None)))
        ):
            raise ValueError(
                f"keys must be (input key, label key or None), e.g. ('pixel_values', "
                f"'labels'); got {keys!r}"
            )
        self.data = data
        self.batch_size = batch_size
        self.max_samples = max_samples
        self.keys = None if keys is None else (keys[0], keys[1])
        self.note = ""
        self.indices: np.ndarray | None = None
        self.total: int | None = None
        self._plan(seed)

    def _plan(self, seed: int) -> None:
        data = self.data
        if isinstance(data, DataLoader):
            dataset = data.dataset
            if isinstance(dataset, IterableDataset) or not hasattr(dataset, "__len__"):
                self.length = None
                if self.max_samples is not None:
                    self.note = (
                        f"the DataLoader's dataset is iterable: took its first "
                        f"{self.max_samples} samples, not a random subset"
                    )
                return
            self.total = len(dataset)
        elif isinstance(data, (torch.Tensor, np.ndarray)):
            if data.ndim == 0:
                raise ValueError("data is a scalar: expected samples along the first axis")
            self.total = int(data.shape[0])
        elif isinstance(data, Dataset) or is_map_style(data):
            self.total = len(data)
        else:
            raise TypeError(
                f"cannot read data of type {type(data).__name__}: give a DataLoader, a "
                "Dataset, a torch.Tensor or a numpy array"
            )
        self.indices = seeded_subset(self.total, self.max_samples, seed)
        self.length = self.total if self.indices is None else len(self.indices)
        if self.length == 0:
            raise ValueError("the data hold no samples: nothing to compute latents of")

    def __len__(self) -> int:
        return self.length or 0

    def __iter__(self) -> Iterator[Batch]:
        data = self.data
        if isinstance(data, DataLoader):
            yield from self._from_loader(data)
        elif isinstance(data, (torch.Tensor, np.ndarray)):
            yield from self._from_array(data)
        else:
            yield from self._from_dataset(data)

    def _from_loader(self, loader: DataLoader) -> Iterator[Batch]:
        if self.indices is not None:
            loader = DataLoader(
                Subset(loader.dataset, self.indices.tolist()),
                batch_size=loader.batch_size or self.batch_size,
                collate_fn=loader.collate_fn,
                num_workers=loader.num_workers,
                pin_memory=loader.pin_memory,
            )
        taken = 0
        for item in loader:
            inputs, labels = split_item(item, self.keys)
            batch = Batch(inputs, labels_to_numpy(labels))
            if self.length is None and self.max_samples is not None:
                size = batch_length(inputs)
                if taken + size > self.max_samples:
                    keep = self.max_samples - taken
                    labels_kept = None if batch.labels is None else batch.labels[:keep]
                    batch = Batch(take(inputs, keep), labels_kept)
                taken += batch_length(batch.inputs)
                yield batch
                if taken >= self.max_samples:
                    return
            else:
                yield batch

    def _from_array(self, array: torch.Tensor | np.ndarray) -> Iterator[Batch]:
        rows = self.indices if self.indices is not None else None
        n = array.shape[0] if rows is None else len(rows)
        for start in range(0, n, self.batch_size):
            if rows is None:
                chunk = array[start : start + self.batch_size]
            else:
                chunk = array[rows[start : start + self.batch_size]]
            if isinstance(chunk, np.ndarray):
                chunk = torch.from_numpy(np.ascontiguousarray(chunk))
            yield Batch(chunk, None)

    def _from_dataset(self, dataset: Sequence[Any]) -> Iterator[Batch]:
        rows = self.indices if self.indices is not None else np.arange(len(dataset))
        for start in range(0, len(rows), self.batch_size):
            chunk = rows[start : start + self.batch_size]
            items = [split_item(dataset[int(i)], self.keys) for i in chunk]
            inputs = default_collate([x for x, _ in items])
            has_labels = all(y is not None for _, y in items)
            labels = labels_to_numpy([to_label(y) for _, y in items]) if has_labels else None
            yield Batch(inputs, labels)


def is_map_style(data: Any) -> bool:
    """Whether ``data`` can be indexed like a map-style Dataset (``len`` and ``[i]``)."""
    if isinstance(data, (str, bytes, dict)):
        return False
    return hasattr(data, "__getitem__") and hasattr(data, "__len__")


def to_label(value: Any) -> Any:
    """A single label as a plain Python value."""
    if isinstance(value, torch.Tensor):
        return value.item() if value.numel() == 1 else value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def batch_length(inputs: Any) -> int:
    """Number of samples in a batch of inputs (a tensor, or a tuple/dict of tensors)."""
    if isinstance(inputs, (torch.Tensor, np.ndarray)):
        return int(inputs.shape[0])
    if isinstance(inputs, (tuple, list)) and inputs:
        return batch_length(inputs[0])
    if isinstance(inputs, dict) and inputs:
        return batch_length(next(iter(inputs.values())))
    raise TypeError(f"cannot tell the batch size of inputs of type {type(inputs).__name__}")


def take(inputs: Any, count: int) -> Any:
    """The first ``count`` samples of a batch of inputs."""
    if isinstance(inputs, (torch.Tensor, np.ndarray)):
        return inputs[:count]
    if isinstance(inputs, (tuple, list)):
        return type(inputs)(take(x, count) for x in inputs)
    if isinstance(inputs, dict):
        return {k: take(v, count) for k, v in inputs.items()}
    raise TypeError(f"cannot slice inputs of type {type(inputs).__name__}")


def move_to(inputs: Any, device: torch.device) -> Any:
    """Move a batch (a tensor, or nested tuples/lists/dicts of tensors) to ``device``."""
    if isinstance(inputs, torch.Tensor):
        return inputs.to(device, non_blocking=True)
    if isinstance(inputs, (tuple, list)):
        return type(inputs)(move_to(x, device) for x in inputs)
    if isinstance(inputs, dict):
        return {k: move_to(v, device) for k, v in inputs.items()}
    return inputs
