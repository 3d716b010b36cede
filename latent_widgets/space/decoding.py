"""The decoder of a latent space: which layer's latents it reads, checked once at the start.

`Decoder` wraps the user's ``decode(z)``: it knows the layer whose latents it takes and their
width, runs in inference mode (every module's training flag restored), checks that ``m``
latents give ``m`` outputs, and turns outputs into RGBA frames. `Decoder.check` decodes two
latents when the space is built, so that a wrong layer, a wrong number of outputs, outputs
that cannot be drawn or a wrong ``image_shape`` are told at construction, in words that name
the fix, not at the first click.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch

from latent_widgets._validation import to_numpy
from latent_widgets.space.capture import inference, output_to_tensor
from latent_widgets.space.frames import frames_from_batch, is_image_shape

#: What every view and method says when asked to decode without a decoder.
NO_DECODER = "no decoder: pass decode= to LatentSpace, or give the model a decode method"


class DecoderMismatch(ValueError):
    """The decoder raised on latents of its layer: it reads another layer (or none)."""


def shape_hint(values: int) -> str:
    """An ``image_shape`` that ``values`` numbers could take, in words."""
    side = math.isqrt(values)
    if side * side == values:
        return f"image_shape=({side}, {side})"
    side = math.isqrt(values // 3)
    if values % 3 == 0 and side * side * 3 == values:
        return f"image_shape=(3, {side}, {side})"
    return f'an image_shape of {values} values, or image_shape="chart"'


class Decoder:
    """``decode(z)`` for the latents of one layer, batched and checked.

    Parameters
    ----------
    fn : callable
        ``fn(z)`` for a float32 tensor ``(m, width)``, returning ``m`` outputs.
    layer : str
        The layer whose latents ``fn`` reads.
    width : int
        Their number of values.
    modules : sequence of torch.nn.Module
        Put in ``eval()`` while decoding (each module's flag restored after).
    device : torch.device
        Where latents are moved before decoding.
    image_shape : tuple of int, "chart" or None
        Shape to give flat outputs, as in `latent_widgets.LatentSpace`.
    input_shape : tuple of int, optional
        Shape of one input sample: an autoencoder's flat output of as many values takes it.
    """

    def __init__(self, fn: Callable[[Any], Any], layer: str, width: int,
                 modules: Sequence[torch.nn.Module], device: torch.device,
                 image_shape: tuple[int, ...] | str | None,
                 input_shape: tuple[int, ...] | None) -> None:
        self.fn, self.layer, self.width = fn, layer, int(width)
        self.modules, self.device = list(modules), device
        self.image_shape, self.input_shape = image_shape, input_shape

    def _checked_latents(self, z: Any) -> np.ndarray:
        z = to_numpy(z, np.float32)
        if z.ndim == 1:
            z = z[None]
        if z.ndim != 2 or z.shape[1] != self.width:
            raise ValueError(
                f"latents to decode must have shape (m, {self.width}) (the decoder reads "
                f"layer {self.layer!r}); got {z.shape}"
            )
        if not np.isfinite(z).all():
            raise ValueError("latents to decode hold NaN or inf")
        return z

    def _outputs(self, chunk: np.ndarray) -> np.ndarray:
        output = output_to_tensor(self.fn(torch.from_numpy(chunk).to(self.device)), "decode")
        count = output.shape[0] if output.ndim else 0
        if count != len(chunk):
            raise ValueError(
                f"the decoder returned {count} output(s) for {len(chunk)} latents: decode(z) "
                "must return one output per row of z (a batch in, a batch out)"
            )
        return output.detach().float().cpu().numpy()

    def raw(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decoder outputs for latents ``z`` ``(m, width)`` (or one ``(width,)``), batched.

        Raises
        ------
        ValueError
            When ``z`` has the wrong width or is not finite, or the decoder does not return
            one output per latent.
        """
        z = self._checked_latents(z)
        with inference(self.modules):
            outputs = [self._outputs(z[start : start + batch_size])
                       for start in range(0, len(z), batch_size)]
        if not outputs:
            return np.zeros((0, 0), np.float32)
        return np.concatenate(outputs)

    def output_shape(self, raw: np.ndarray) -> tuple[int, ...] | str | None:
        """The ``image_shape`` outputs are drawn with (given, or the inputs', else None)."""
        if self.image_shape is not None:
            return self.image_shape
        shape = self.input_shape
        per_sample = int(np.prod(raw.shape[1:]))
        if raw.ndim == 2 and shape and is_image_shape(shape) and per_sample == np.prod(shape):
            return shape  # an autoencoder: its output has the shape of its input images
        return None

    def frames(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decode latents to RGBA frames ``(m, H, W, 4)``."""
        raw = self.raw(z, batch_size)
        return frames_from_batch(raw, self.output_shape(raw))

    def check(self, sample: np.ndarray, layers: Mapping[str, int]) -> None:
        """Decode ``sample`` (two latents of the layer) and refuse what will not work.

        Parameters
        ----------
        sample : numpy.ndarray
            ``(k, width)`` latents of the decoder's layer, ``k`` ≥ 1.
        layers : dict of str to int
            Every captured layer and its width, named in the advice.

        Raises
        ------
        DecoderMismatch
            When the decoder fails on the latents (it reads another layer).
        ValueError
            When it returns another number of outputs than latents, or outputs that cannot
            be drawn (wrong or missing ``image_shape``).
        """
        try:
            raw = self.raw(sample, batch_size=len(sample))
        except ValueError as exc:
            if "output(s) for" in str(exc):
                raise
            raise self._failure(exc, layers) from exc
        except Exception as exc:  # the decoder's own error, said in terms of the layer
            raise self._failure(exc, layers) from exc
        try:
            frames_from_batch(raw, self.output_shape(raw))
        except ValueError as exc:
            per_sample = int(np.prod(raw.shape[1:]))
            hint = "" if "pass image_shape" in str(exc) else f"; pass {shape_hint(per_sample)}"
            raise ValueError(
                f"the decoder's outputs (shape {tuple(raw.shape[1:])}, {per_sample} values "
                f"each) cannot be drawn: {exc}{hint}"
            ) from exc

    def _failure(self, exc: BaseException, layers: Mapping[str, int]) -> ValueError:
        if isinstance(exc, TypeError) and "the decoder returned" in str(exc):
            return ValueError(str(exc))
        if isinstance(exc, ValueError) and "latents to decode" in str(exc):
            return exc  # our own check of z (NaN in the sample latents): said as it is
        others = {name: w for name, w in layers.items() if name != self.layer}
        if others:
            listed = ", ".join(f"{name!r} ({w} values)" for name, w in layers.items())
            fix = (f"pass decode_layer= naming the layer whose latents the decoder takes "
                   f"(captured: {listed})")
        else:
            fix = f"decode= must take latents of shape (m, {self.width})"
        return DecoderMismatch(
            f"the decoder failed on latents of layer {self.layer!r} ({self.width} values "
            f"each): {type(exc).__name__}: {exc}. {fix}"
        )
