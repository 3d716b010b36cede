"""What the page needs to decode a latent without the kernel, built once per decoder.

`page_decoder` exports the space's decoder (`export_decoder`) and adds how its outputs
become RGBA frames (`latent_widgets.space.frames.frame_recipe`) and a few latents with the
frames Python decodes for them, one latent at a time as a click decodes. The page runs the
model on those latents first and decodes in the page only when every frame is within
`CHECK_TOLERANCE` of Python's; otherwise views decode in the kernel, and say why.

When the page cannot decode (no decoder, outputs drawn as bar charts, an export that
fails), `page_decoder` returns the reason in words instead, and the views use the kernel.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from latent_widgets.in_page.onnx_export import ExportFailed, export_decoder, weights_fingerprint
from latent_widgets.space.decoding import NO_DECODER, Decoder
from latent_widgets.space.frames import frame_recipe

#: The most bytes of latents and thumbnails sent to the page for decoding there; a larger
#: space decodes in the kernel (its latents stay there).
PAGE_DATA_BUDGET = 64 * 2**20

#: The largest difference per channel, out of 255, between a frame decoded in the page and
#: Python's frame of the same latent.
CHECK_TOLERANCE = 2

#: How many data latents the page checks its model on (the mean latent is added).
CHECK_POINTS = 3


@dataclass(frozen=True)
class PageDecoder:
    """The decoder as the page runs it.

    Attributes
    ----------
    model : numpy.ndarray
        The ONNX model's bytes (uint8).
    recipe : dict
        How one output becomes a frame (`frame_recipe`).
    check_latents : numpy.ndarray
        ``(k, width)`` float32 latents the page decodes before it trusts the model.
    check_frames : numpy.ndarray
        ``(k, H, W, 4)`` uint8, Python's frames of them, one latent at a time.
    tracer_warnings : list of str
        What tracing the decoder warned about (named when the check fails).
    """

    model: np.ndarray
    recipe: dict
    check_latents: np.ndarray
    check_frames: np.ndarray
    tracer_warnings: list[str]

    def message(self) -> dict[str, Any]:
        """The part of the page's decoding payload that comes from the decoder."""
        return {
            "model": self.model,
            "recipe": self.recipe,
            "check_latents": self.check_latents,
            "check_frames": self.check_frames,
            "tolerance": CHECK_TOLERANCE,
            "tracer_warnings": self.tracer_warnings,
        }


_BUILT: weakref.WeakKeyDictionary[Decoder, tuple[Any, PageDecoder | str]] = (
    weakref.WeakKeyDictionary())


def check_latents(latents: np.ndarray) -> np.ndarray:
    """A few data latents spread over the data, and their mean: what the page checks on."""
    n = len(latents)
    picks = np.unique(np.linspace(0, n - 1, min(CHECK_POINTS, n)).round().astype(int))
    chosen = [latents[i] for i in picks] + [latents.mean(axis=0)]
    return np.ascontiguousarray(np.stack(chosen), dtype=np.float32)


def page_decoder(space: Any) -> PageDecoder | str:
    """The space's decoder for the page, or why the page cannot run it (in words).

    Built once per decoder, ``image_shape`` and state of its weights (an export takes a
    second or two for a convolutional decoder) and shared by every view of the space: a
    decoder trained further is exported again (`is_current` tells a view its copy is old).

    Parameters
    ----------
    space : latent_widgets.LatentSpace

    Returns
    -------
    PageDecoder or str
    """
    decoder = getattr(space, "_decoder", None)
    if decoder is None:
        return NO_DECODER
    key = (decoder.image_shape, weights_fingerprint(decoder))
    built = _BUILT.get(decoder)
    if built is not None and built[0] == key:
        return built[1]
    result = _build(decoder, np.asarray(space.decode_latents, np.float32))
    _BUILT[decoder] = (key, result)
    return result


def is_current(space: Any, built: PageDecoder | str) -> bool:
    """Whether ``built`` is still what `page_decoder` gives for the space (same decoder,
    same weights, same ``image_shape``)."""
    decoder = getattr(space, "_decoder", None)
    entry = _BUILT.get(decoder) if decoder is not None else None
    return (entry is not None and entry[1] is built
            and entry[0] == (decoder.image_shape, weights_fingerprint(decoder)))


def _build(decoder: Decoder, latents: np.ndarray) -> PageDecoder | str:
    check = check_latents(latents)
    try:
        frames = np.stack([decoder.frames(z[None])[0] for z in check])
    except Exception as exc:  # the decoder's own error on a latent of the data (or their mean)
        return (f"the decoder raised on a latent the page would check it on ({type(exc).__name__}: "
                f"{exc}): decoding stays in the kernel")
    raw = decoder.raw(check[:1])
    recipe = frame_recipe(raw.shape[1:], decoder.output_shape(raw))
    if recipe is None:
        return ("the decoder's outputs are drawn as bar charts, which only the kernel draws: "
                "decoding stays in the kernel")
    try:
        model, warned = export_decoder(decoder)
    except ExportFailed as exc:
        return f"the decoder could not be exported to ONNX ({exc}): decoding stays in the kernel"
    return PageDecoder(np.frombuffer(model, np.uint8), recipe, check, frames, warned)
