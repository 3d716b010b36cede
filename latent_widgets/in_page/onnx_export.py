"""A space's decoder as an ONNX model, for the page to run with onnxruntime-web.

`export_decoder` traces ``decode(z)`` once (``torch.onnx.export``, TorchScript exporter) on
a batch of one latent, with the batch axis left free, inside `inference` (eval mode, every
module's training flag put back one by one afterwards: the user's model is left exactly as
it was). A decoder that tracing cannot follow fails here, in words; one that tracing records
wrongly (numpy inside, a branch on values) is caught in the page, which checks its frames
against Python's before it decodes a click (`latent_widgets.in_page.payload`).
"""

from __future__ import annotations

import functools
import inspect
import io
import warnings
from typing import Any

import torch

from latent_widgets.space.capture import inference, output_to_tensor
from latent_widgets.space.decoding import Decoder

#: The ONNX operator set the model is written in (onnxruntime-web 1.30 runs 7 to 23).
OPSET = 17


class ExportFailed(RuntimeError):
    """The decoder could not be exported to ONNX; the message says why, in words."""


def modules_used(fn: Any) -> list[torch.nn.Module]:
    """The torch modules ``fn`` reaches: itself, the object of a bound method, a partial's
    function and arguments, and the modules among the names its code reads (closure cells
    and globals), such as ``model`` in ``decode=lambda z: model.decoder(z)``.

    Tracing records the weights of a module it was not given as constants, which it refuses
    for weights that require gradients; given as children of the traced module, they are
    exported as its parameters.
    """
    found: list[torch.nn.Module] = []
    todo, seen = [fn], set()
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, torch.nn.Module):
            found.append(item)
            continue
        if isinstance(item, functools.partial):
            todo += [item.func, *item.args, *item.keywords.values()]
            continue
        if inspect.ismethod(item):
            todo += [item.__self__, item.__func__]
            continue
        if inspect.isfunction(item):
            names = inspect.getclosurevars(item)
            todo += [*names.nonlocals.values(), *names.globals.values()]
    return found


class _DecoderModule(torch.nn.Module):
    """``decode(z)`` as a module: the modules it uses as children, so that their weights
    are exported as the model's initialisers."""

    def __init__(self, decoder: Decoder, modules: list[torch.nn.Module]) -> None:
        super().__init__()
        self.decode = decoder.fn
        self.parts = torch.nn.ModuleList(modules)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return output_to_tensor(self.decode(z), "decode")


def export_decoder(decoder: Decoder) -> tuple[bytes, list[str]]:
    """Export ``decoder`` to an ONNX model with input ``z`` ``(n, width)`` and output ``x``.

    Parameters
    ----------
    decoder : latent_widgets.space.decoding.Decoder
        The space's checked decoder.

    Returns
    -------
    bytes
        The serialised ONNX model, weights included.
    list of str
        What the tracer warned about (values it read as constants, branches it took), for
        the reason shown when the page finds the model's frames wrong.

    Raises
    ------
    ExportFailed
        When tracing or exporting fails (an operation ONNX has no counterpart for, a
        decoder that is not torch code), with the exporter's words.
    """
    modules = [*decoder.modules, *modules_used(decoder.fn)]
    module = _DecoderModule(decoder, modules)
    sample = torch.zeros(1, decoder.width, device=decoder.device)
    buffer = io.BytesIO()
    try:
        with inference(modules), warnings.catch_warnings(record=True) as caught:
            # the exporter puts the wrapper's own flag back on every module under it: eval,
            # which `inference` then undoes module by module
            module.training = False
            warnings.simplefilter("always")
            torch.onnx.export(
                module, (sample,), buffer, dynamo=False, opset_version=OPSET,
                input_names=["z"], output_names=["x"],
                dynamic_axes={"z": {0: "n"}, "x": {0: "n"}},
            )
    except Exception as exc:  # the exporter's own words, in one line
        raise ExportFailed(_first_line(exc)) from exc
    model, warned = buffer.getvalue(), _tracer_warnings(caught)
    if not reads_its_input(model):
        said = f"; tracing warned: {warned[0]}" if warned else ""
        raise ExportFailed(
            "the exported model does not read the latent: tracing recorded decode's outputs "
            f"as constants (numpy or Python values inside it{said})")
    return model, warned


def weights_fingerprint(decoder: Decoder) -> tuple:
    """What changes when the decoder's weights do: each parameter's and buffer's identity
    and in-place version (an optimiser's step, ``load_state_dict`` and ``copy_`` all bump
    it), over the modules the decoder uses."""
    modules = [*decoder.modules, *modules_used(decoder.fn)]
    return tuple((id(t), t._version) for m in modules
                 for t in (*m.parameters(), *m.buffers()))


def reads_its_input(model: bytes) -> bool:
    """Whether the ONNX model still has the latent ``z`` as an input (the exporter drops an
    input no output depends on)."""
    import onnx

    return any(value.name == "z" for value in onnx.load_model_from_string(model).graph.input)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _tracer_warnings(caught: list[Any]) -> list[str]:
    """The tracer's warnings about the decoder (not the exporter's deprecation notes)."""
    tracer = getattr(torch.jit, "TracerWarning", ())
    seen: list[str] = []
    for item in caught:
        if tracer and issubclass(item.category, tracer):
            text = str(item.message).splitlines()[0]
            if text not in seen:
                seen.append(text)
    return seen
