"""Memory planned before extracting: how much the latents of a whole data set will take.

From the first batch, `MemoryPlan` knows the bytes of one sample of every requested layer
(after flattening or pooling), so it can tell the size of the result and the peak of the
extraction before the rest of the data is read, and refuse an extraction that would not fit
in words that name the options.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: Share of the memory available at the start that an extraction may use by default.
DEFAULT_SHARE = 0.6
_UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "kib": 2**10, "m": 2**20, "mb": 2**20,
          "mib": 2**20, "g": 2**30, "gb": 2**30, "gib": 2**30, "t": 2**40, "tb": 2**40,
          "tib": 2**40}


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation now (Linux ``MemAvailable``), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def format_bytes(count: float) -> str:
    """``2_600_000_000`` → ``"2.4 GB"`` (binary units, written as people say them)."""
    for unit, size in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{int(count)} B"


def memory_budget(max_memory: int | float | str | None) -> int | None:
    """The byte budget of an extraction from ``max_memory=``.

    Parameters
    ----------
    max_memory : int, float, str or None
        Bytes (``2e9``), a size with a unit (``"4GB"``, ``"500 MB"``), ``None`` for
        `DEFAULT_SHARE` of the memory available now, or ``float("inf")`` for no limit.

    Returns
    -------
    int or None
        The budget in bytes; None when there is no limit (or the available memory is
        unknown and no budget was given).
    """
    if max_memory is None:
        free = available_memory()
        return None if free is None else int(free * DEFAULT_SHARE)
    if isinstance(max_memory, str):
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-zA-Z]*)\s*", max_memory)
        unit = match.group(2).lower() if match else None
        if match is None or unit not in _UNITS:
            raise ValueError(
                f"max_memory={max_memory!r} is not a size: give bytes (2e9) or a size with a "
                'unit ("4GB", "500MB")'
            )
        return int(float(match.group(1)) * _UNITS[unit])
    if isinstance(max_memory, bool) or not isinstance(max_memory, (int, float)):
        raise TypeError(f"max_memory must be a number of bytes or a size like '4GB', got "
                        f"{type(max_memory).__name__}")
    if max_memory == float("inf"):
        return None
    if not max_memory > 0:
        raise ValueError(f"max_memory must be positive, got {max_memory!r}")
    return int(max_memory)


@dataclass(frozen=True)
class MemoryPlan:
    """The memory an extraction will take, estimated from its first batch.

    Attributes
    ----------
    n_samples : int or None
        Samples the data will give (None for an iterable of unknown length).
    layer_bytes : dict of str to int
        Bytes of the latents of each layer for all samples (per sample when
        ``n_samples`` is None).
    thumbnail_bytes : int
        Bytes of the input thumbnails for all samples.
    batch_bytes : int
        Bytes that live only while a batch is processed (its captured outputs and copies).
    """

    n_samples: int | None
    layer_bytes: Mapping[str, int]
    thumbnail_bytes: int
    batch_bytes: int

    @classmethod
    def from_first_batch(
        cls,
        n_samples: int | None,
        batch_size: int,
        row_bytes: Mapping[str, int],
        thumbnail_row_bytes: int,
        batch_bytes: int,
    ) -> MemoryPlan:
        """Scale the bytes of one sample (per layer) to the whole data set."""
        count = n_samples if n_samples is not None else batch_size
        return cls(
            n_samples,
            {name: size * count for name, size in row_bytes.items()},
            thumbnail_row_bytes * count,
            batch_bytes,
        )

    @property
    def result_bytes(self) -> int:
        """Bytes of what the extraction keeps: latents and thumbnails."""
        return sum(self.layer_bytes.values()) + self.thumbnail_bytes

    @property
    def peak_bytes(self) -> int:
        """Bytes at the peak of the extraction: the result, plus one batch in flight."""
        return self.result_bytes + self.batch_bytes

    def describe(self) -> str:
        """One sentence: the size of the latents and the peak, e.g. for `LatentSpace.notes`."""
        if self.n_samples is None:
            return f"the latents take {format_bytes(self.result_bytes)} per batch (the data's " \
                "length is unknown)"
        parts = ", ".join(f"{name} {format_bytes(b)}" for name, b in self.layer_bytes.items())
        return (
            f"the latents of {self.n_samples:,} samples take {format_bytes(self.result_bytes)}"
            f" ({parts}); the extraction peaks at about {format_bytes(self.peak_bytes)}"
        )

    def refusal(self, budget: int, row_widths: Mapping[str, int], pooled: Mapping[str, bool]
                ) -> str:
        """Why an extraction over ``budget`` bytes is refused, and what would make it fit."""
        widest = max(self.layer_bytes, key=self.layer_bytes.get)
        options = []
        unpooled = [name for name in self.layer_bytes if not pooled.get(name)]
        if unpooled:
            wide = ", ".join(f"{name!r}: \"avg\"" for name in unpooled[:3])
            options.append(f"pool conv maps per channel with pool={{{wide}}}")
        if self.n_samples is not None:
            fit = int(self.n_samples * budget / max(self.peak_bytes, 1))
            if fit >= 1:
                options.append(f"take a subset with max_samples={fit:,}")
        if len(self.layer_bytes) > 1:
            options.append(f"capture fewer layers ({widest!r} is the largest, "
                           f"{row_widths[widest]:,} values a sample)")
        options.append("or raise max_memory= if the machine has the room")
        return (
            f"{self.describe()}, more than the budget of {format_bytes(budget)} "
            f"(max_memory=). To fit: {'; '.join(options)}"
        )
