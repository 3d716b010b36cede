"""Running a model for its latents: inference mode, layer hooks, and outputs → arrays.

Everything here undoes itself: hooks are removed and the model's training mode restored in
a ``finally``, also when the model raises.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
from torch import nn


class _AllCaptured(Exception):
    """Raised from a hook once every requested layer has its output: skips the rest."""


def resolve_layer(model: nn.Module, name: str) -> nn.Module:
    """The submodule at a dotted path (``"encoder.2"``, ``"layer1.0.conv2"``).

    Raises
    ------
    ValueError
        For an unknown name, listing the nearest valid names.
    """
    try:
        return model.get_submodule(name)
    except AttributeError:
        names = [n for n, _ in model.named_modules() if n]
        close = difflib.get_close_matches(name, names, n=5, cutoff=0.4) or names[:8]
        raise ValueError(
            f"the model has no layer {name!r}; nearest valid names: {', '.join(close)}"
        ) from None


def model_device(model: Any) -> torch.device:
    """Where a model's parameters (or buffers) are; the CPU for a model without any."""
    if isinstance(model, nn.Module):
        for tensor in [*model.parameters(), *model.buffers()]:
            return tensor.device
    return torch.device("cpu")


@contextmanager
def inference(model: Any) -> Iterator[None]:
    """``eval()`` and ``torch.no_grad()``; the model's training mode is restored after."""
    was_training = isinstance(model, nn.Module) and model.training
    if isinstance(model, nn.Module):
        model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        if isinstance(model, nn.Module):
            model.train(was_training)


def output_to_tensor(output: Any) -> torch.Tensor:
    """The latent tensor in a model or layer output.

    A ``(mu, logvar)`` tuple gives ``mu``; a ``torch.distributions`` object its mean; a
    dict its only tensor (or the one under "latent"/"z"/"mean"/"mu"); a numpy array (from
    a numpy-based ``encode`` or ``decode``) becomes a tensor.
    """
    if isinstance(output, torch.distributions.Distribution):
        return output.mean
    if isinstance(output, (tuple, list)):
        if not output:
            raise ValueError("the model returned an empty tuple: expected a latent tensor")
        return output_to_tensor(output[0])
    if isinstance(output, dict):
        for key in ("latent", "z", "mean", "mu"):
            if key in output:
                return output_to_tensor(output[key])
        tensors = [v for v in output.values() if isinstance(v, torch.Tensor)]
        if len(tensors) == 1:
            return tensors[0]
        raise ValueError(
            f"the model returned a dict with keys {sorted(output)}: pass encode= to choose "
            "the latent"
        )
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(output))
    raise TypeError(
        f"the model returned a {type(output).__name__}, not a tensor: pass encode= to "
        "compute the latent"
    )


def flatten_latent(tensor: torch.Tensor, pool: str | None = None) -> torch.Tensor:
    """``(N, ...)`` → ``(N, d)``: conv maps ``(N, C, H, W)`` flattened, or pooled per channel.

    Parameters
    ----------
    pool : {"avg", "max"} or None
        Pool over the axes after the channel axis instead of flattening them.
    """
    if tensor.ndim == 0:
        raise ValueError("the latent is a scalar: expected one row per sample")
    if tensor.ndim == 1:
        return tensor[:, None]
    if tensor.ndim > 2 and pool is not None:
        dims = tuple(range(2, tensor.ndim))
        if pool == "avg":
            tensor = tensor.mean(dim=dims)
        elif pool == "max":
            tensor = tensor.amax(dim=dims)
        else:
            raise ValueError(f'pool must be "avg", "max" or None, got {pool!r}')
    return tensor.reshape(tensor.shape[0], -1)


@contextmanager
def layer_hooks(model: nn.Module, names: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Forward hooks that store each named layer's output in the yielded dict.

    Once every layer has its output, the hooks stop the forward pass: layers after them
    are not computed. The hooks are removed on exit, whatever happened.
    """
    modules = {name: resolve_layer(model, name) for name in names}
    captured: dict[str, Any] = {}
    handles = []

    def make_hook(name: str) -> Callable[..., None]:
        def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
            if name not in captured:  # a module called twice keeps its first output
                captured[name] = output
            if len(captured) == len(modules):
                raise _AllCaptured

        return hook

    try:
        for name, module in modules.items():
            handles.append(module.register_forward_hook(make_hook(name)))
        yield captured
    finally:
        for handle in handles:
            handle.remove()


def run_layers(model: nn.Module, inputs: Any, captured: dict[str, Any]) -> None:
    """Run the model on a batch; hooks installed by `layer_hooks` fill ``captured``."""
    captured.clear()
    try:
        model(inputs)
    except _AllCaptured:
        pass
