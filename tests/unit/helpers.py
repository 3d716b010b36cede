"""Helpers the unit tests share: data sets with known answers, a decoder, a command runner,
and a machine kept busy. Test modules import these; none imports another test module."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading

import numpy as np

from latent_widgets.widgets._arrays import unpack_arrays


def call(widget, name, request):
    """Run a command the way anywidget does when the view invokes it."""
    handler = type(widget)._anywidget_commands[name]
    reply, buffers = handler(widget, request, [])
    return unpack_arrays(reply, [bytes(b) for b in buffers])


def decode_images(z):
    """A decoder: a 6×4 image whose brightness is the first latent coordinate, squashed."""
    z = np.asarray(z)
    return np.repeat(1 / (1 + np.exp(-z[:, :1])), 24, axis=1).reshape(-1, 6, 4)


def two_blobs(rng):
    """Two tight blobs of 40 points in R^5, "near" (at 0) and "far" (at 3)."""
    latents = np.concatenate([rng.normal(0, 0.3, (40, 5)), rng.normal(3, 0.3, (40, 5))])
    return latents.astype(np.float32), np.repeat(["near", "far"], 40)


def circle_and_blob(rng, n=240):
    """A noisy circle (class "ring") and a tight blob far away (class "blob")."""
    t = rng.uniform(0, 2 * np.pi, n)
    ring = np.c_[np.cos(t), np.sin(t), np.zeros(n)] + 0.04 * rng.normal(size=(n, 3))
    blob = np.array([6.0, 0, 0]) + 0.05 * rng.normal(size=(n // 4, 3))
    latents = np.concatenate([ring, blob]).astype(np.float32)
    labels = np.array(["ring"] * n + ["blob"] * (n // 4))
    return latents, labels


#: The Explorer tests' latents and labels (two blobs, seed 0).
BLOB_LATENTS, BLOB_LABELS = two_blobs(np.random.default_rng(0))
#: The Persistence tests' latents and labels (a circle and a blob, seed 5), and the ring's rows.
RING_LATENTS, RING_LABELS = circle_and_blob(np.random.default_rng(5))
RING = np.flatnonzero(RING_LABELS == "ring")


def clusters(n, dims, k=12, seed=0):
    """k tight Gaussian clusters: far cheaper for ripser.py than the worst case planned for."""
    local = np.random.default_rng(seed)
    centres = local.normal(0, 4, (k, dims))
    labels = local.integers(k, size=n)
    return (centres[labels] + local.normal(0, 0.5, (n, dims))).astype(np.float32)


@contextlib.contextmanager
def burning_cpu(threads=2):
    """Other work on the machine while the block runs: threads multiplying matrices."""
    stop = threading.Event()

    def burn():
        a = np.random.default_rng(0).normal(size=(300, 300))
        while not stop.is_set():
            a = np.tanh(a @ a)

    workers = [threading.Thread(target=burn, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    try:
        yield
    finally:
        stop.set()
        for w in workers:
            w.join()


def last_json_line_of_fresh_python(code, *args, numba_cache_dir, timeout=600):
    """Run ``code`` in a fresh interpreter with numba's cache in ``numba_cache_dir``; the JSON
    on the last line it printed."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(numba_cache_dir)}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=timeout, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def plain_then_cached_twice(code, tmp_path):
    """``code`` in three fresh interpreters, printing JSON last: with ``"plain"`` on an empty
    cache of its own, then twice with ``"cached"`` on one shared cache (what a first and a
    later kernel see). Their three results."""
    plain = last_json_line_of_fresh_python(code, "plain", numba_cache_dir=tmp_path / "plain")
    cached = tmp_path / "cached"
    first, again = (last_json_line_of_fresh_python(code, "cached", numba_cache_dir=cached)
                    for _ in range(2))
    return plain, first, again
