"""One set-up for the demos' small training loops: seeded, one thread, restored afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch


@contextmanager
def seeded_one_thread(seed: int) -> Iterator[None]:
    """Train inside: torch seeded with ``seed`` and on one thread; both restored on exit.

    One thread gives the same weights on every machine, and keeps a loop of small matrix
    products from fighting its own thread pool: on a busy machine the digits autoencoder's
    second-long training took over a minute with torch's default threads. The caller's
    random state and thread count are put back even when the training raises.

    Parameters
    ----------
    seed : int
        Passed to ``torch.manual_seed``.
    """
    generator_state, threads = torch.random.get_rng_state(), torch.get_num_threads()
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.random.set_rng_state(generator_state)
        torch.set_num_threads(threads)
