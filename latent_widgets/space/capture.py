"""Running a model for its latents: inference mode, layer hooks that copy, outputs → arrays.

Everything here undoes itself: hooks are removed and every module's own training flag is
restored in a ``finally``, also when the model raises. Nothing else of the model is touched:
no parameter, buffer or ``requires_grad`` changes (the forward pass runs in ``eval()`` under
``torch.no_grad()``, so BatchNorm statistics stay as they are).

A hook copies what it captures at once: a later in-place op in the same forward pass
(``nn.ReLU(inplace=True)``, a residual ``out += identity``) cannot change a captured latent.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
from torch import nn

#: The pseudo-layer name of the model's own input (unless the model has a module so named).
INPUT = "input"

#: What `output_to_tensor` is reading, for its error messages.
ROLES = {"model": "the model", "encode": "encode", "decode": "the decoder",
         "layer": "the layer", "input": "the data"}


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


def is_input_layer(model: nn.Module | None, name: str) -> bool:
    """Whether ``name`` is the pseudo-layer of the model's input: `INPUT`, when the model
    has no module of that name."""
    if name != INPUT:
        return False
    try:
        model.get_submodule(name)
    except AttributeError:
        return True
    return False


def _tensors_of(model: nn.Module) -> Iterator[torch.Tensor]:
    yield from model.parameters()
    yield from model.buffers()


def model_device(model: Any) -> torch.device:
    """Where a model's parameters (or buffers) are; the CPU for a model without any."""
    if isinstance(model, nn.Module):
        for tensor in _tensors_of(model):
            return tensor.device
    return torch.device("cpu")


def refuse_meta(model: Any) -> None:
    """Raise, in words that name the fix, when a model's weights are on the meta device.

    Meta tensors have a shape but no values: nothing can be computed with them, and
    ``model.to(device)`` refuses to copy them.
    """
    if isinstance(model, nn.Module) and any(t.is_meta for t in _tensors_of(model)):
        raise ValueError(
            "the model's weights are on the 'meta' device: they have shapes but no values "
            "(a model built under torch.device('meta') or with empty weights). Materialise "
            "them with model.to_empty(device='cpu') and then model.load_state_dict(weights), "
            "and build the LatentSpace again"
        )


def modules_of(*callables: Any) -> list[nn.Module]:
    """The distinct modules behind a model, ``encode`` and ``decode`` callables.

    A module itself, or the module a bound method belongs to (``model.decode``); other
    callables add nothing. Modules already inside another one in the list are left out.
    """
    found: list[nn.Module] = []
    for fn in callables:
        owner = fn if isinstance(fn, nn.Module) else getattr(fn, "__self__", None)
        if isinstance(owner, nn.Module) and all(owner is not m for m in found):
            found.append(owner)
    inside = {id(sub) for m in found for sub in m.modules() if sub is not m}
    return [m for m in found if id(m) not in inside]


@contextmanager
def inference(modules: nn.Module | Iterable[Any] | None) -> Iterator[None]:
    """``eval()`` and ``torch.no_grad()``; every module's own training flag restored after.

    ``model.train(flag)`` would set the flag of every submodule: a BatchNorm frozen with
    ``.eval()`` inside a model in training would come back in training mode. So each
    module's flag is saved before and put back one by one, whatever happened.

    Parameters
    ----------
    modules : torch.nn.Module, iterable of them (others are ignored), or None
    """
    if isinstance(modules, nn.Module):
        modules = [modules]
    roots = [m for m in (modules or []) if isinstance(m, nn.Module)]
    flags = [(module, module.training) for root in roots for module in root.modules()]
    try:
        for root in roots:
            root.eval()
        with torch.no_grad():
            yield
    finally:
        for module, training in flags:
            module.training = training


def output_to_tensor(output: Any, role: str = "model") -> torch.Tensor:
    """The latent tensor in a model or layer output.

    A ``(mu, logvar)`` tuple gives ``mu``; a ``torch.distributions`` object its mean; a
    dict its only tensor (or the one under "latent"/"z"/"mean"/"mu"); a numpy array (from
    a numpy-based ``encode`` or ``decode``) becomes a tensor.

    Parameters
    ----------
    output : Any
        What the callable returned.
    role : {"model", "encode", "decode", "layer"}
        Who returned it, named in the error messages.
    """
    who = ROLES.get(role, role)
    if isinstance(output, torch.distributions.Distribution):
        return output.mean
    if isinstance(output, (tuple, list)):
        if not output:
            raise ValueError(f"{who} returned an empty {type(output).__name__}: expected a tensor")
        return output_to_tensor(output[0], role)
    if isinstance(output, dict):
        for key in ("latent", "z", "mean", "mu"):
            if key in output:
                return output_to_tensor(output[key], role)
        tensors = [v for v in output.values() if isinstance(v, torch.Tensor)]
        if len(tensors) == 1:
            return tensors[0]
        fix = ("return a tensor from decode" if role == "decode"
               else "pass encode= to choose the latent")
        raise ValueError(f"{who} returned a dict with keys {sorted(output)}: {fix}")
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(output))
    if role == "decode":
        fix = "decode(z) must return a tensor or array with one output per row of z"
    elif role == "layer":
        fix = "capture a layer that returns a tensor"
    elif role == "input":
        fix = "the input layer captures inputs that are tensors"
    else:
        fix = "pass encode= to compute the latent"
    raise TypeError(f"{who} returned a {type(output).__name__}, not a tensor: {fix}")


POOLS = ("avg", "max")


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


def latent_rows(output: Any, pool: str | None = None, role: str = "layer") -> np.ndarray:
    """An output as ``(N, d)`` float32 rows that own their memory (never a view of it).

    Pooling, a dtype change or a move to the CPU already make new memory; otherwise the rows
    are cloned, so that nothing done to ``output`` afterwards (an in-place op later in the
    forward pass) reaches them.
    """
    tensor = output_to_tensor(output, role).detach()
    rows = flatten_latent(tensor, pool).to("cpu", torch.float32)
    if rows.untyped_storage().data_ptr() == tensor.untyped_storage().data_ptr():
        rows = rows.clone()
    return rows.numpy()


@contextmanager
def layer_hooks(
    model: nn.Module, names: Sequence[str], store: Callable[[str, Any], None]
) -> Iterator[set[str]]:
    """Forward hooks that hand each named layer's output to ``store(name, output)``.

    ``store`` runs inside the hook, before the rest of the forward pass, so it must copy
    what it keeps (`latent_rows` does). A module called twice in one pass gives its first
    output. Once every layer has given its output the hooks stop the forward pass: later
    layers are not computed. Yields the set of names captured in the current pass (cleared
    by `run_layers`); the hooks are removed on exit, whatever happened.
    """
    modules = {name: resolve_layer(model, name) for name in names}
    done: set[str] = set()
    handles = []

    def make_hook(name: str) -> Callable[..., None]:
        def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
            if name not in done:  # a module called twice keeps its first output
                store(name, output)
                done.add(name)
            if len(done) == len(modules):
                raise _AllCaptured

        return hook

    try:
        for name, module in modules.items():
            handles.append(module.register_forward_hook(make_hook(name)))
        yield done
    finally:
        for handle in handles:
            handle.remove()


def run_layers(model: nn.Module, inputs: Any, done: set[str]) -> None:
    """Run the model on a batch; hooks installed by `layer_hooks` store the layers."""
    done.clear()
    try:
        model(inputs)
    except _AllCaptured:
        pass
