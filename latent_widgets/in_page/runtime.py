"""onnxruntime-web's WebAssembly binary, built into the package next to the views' bundles.

The page gets it from the kernel as binary data (``ort.env.wasm.wasmBinary``), never from a
network, once per page: the first view that decodes in the page asks for it, the others
share the runtime it started.
"""

from __future__ import annotations

import functools

import numpy as np

from latent_widgets.widgets._base import STATIC_DIR, missing_bundle_message

#: The SIMD build's file name in onnxruntime-web's ``dist`` (its threaded build, which the
#: page runs on one thread: no cross-origin isolation needed), copied by ``js/build.mjs``.
WASM_NAME = "ort-wasm-simd-threaded.wasm"


@functools.lru_cache(maxsize=1)
def wasm_binary() -> np.ndarray:
    """The runtime's ``.wasm`` as uint8 (read once per process).

    Raises
    ------
    FileNotFoundError
        When the JavaScript was not built, with the command that builds it.
    """
    path = STATIC_DIR / WASM_NAME
    if not path.exists():
        raise FileNotFoundError(missing_bundle_message(path))
    return np.frombuffer(path.read_bytes(), np.uint8)
