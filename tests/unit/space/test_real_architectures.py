"""Layer capture on real architecture idioms: in-place ops, residuals, frozen modules.

The reference for a layer is its output cloned at hook time, in a forward pass of a copy
of the model in ``eval()`` under ``no_grad``: what the layer computed, whatever the rest
of the forward pass does to that tensor afterwards (``ReLU(inplace=True)``,
``out += identity``, ``F.relu(..., inplace=True)``).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from latent_widgets.space.latent_space import LatentSpace
from tests.unit import real_models
from tests.unit.real_models import Explode, images, replace


@dataclass(frozen=True)
class Case:
    """A model and the layers its tests use."""

    build: Callable[[], nn.Module]
    layers: tuple[str, ...]  # captured together in every combination
    overwritten: tuple[str, ...]  # those of `layers` whose output the forward changes in place
    frozen: tuple[str, ...]  # put in eval() in a model otherwise in train()
    no_grad: tuple[str, ...]  # their parameters get requires_grad=False
    explode: str  # in the middle of forward: replaced by a layer that raises
    around: tuple[str, str]  # a layer run before `explode`, and one after it
    early: tuple[str, ...]  # requested when `last` is replaced by a layer that raises
    last: str


CASES = {
    "resnet": Case(
        build=real_models.resnet,
        layers=("bn1", "layer1.0.bn1", "layer1.0.bn2", "layer1.0", "layer2.0.downsample.1", "fc"),
        overwritten=("bn1", "layer1.0.bn1", "layer1.0.bn2"),
        frozen=("layer1.1.bn1",),
        no_grad=("conv1", "bn1"),
        explode="layer2.0.conv2",
        around=("layer1.0.bn2", "fc"),
        early=("bn1", "layer1.0.bn2"),
        last="fc",
    ),
    "vgg": Case(
        build=real_models.vgg,
        layers=(
            "features.0",
            "features.2",
            "features.3",
            "features.5",
            "classifier.0",
            "classifier.1",
        ),
        overwritten=("features.0", "features.2", "features.5", "classifier.0"),
        frozen=("classifier.2",),
        no_grad=("features.0",),
        explode="features.5",
        around=("features.2", "classifier.0"),
        early=("features.0", "features.3"),
        last="classifier.3",
    ),
    "mobilenet": Case(
        build=real_models.mobilenet,
        layers=(
            "features.0.1",
            "features.1.conv.1.1",
            "features.1.conv.3",
            "features.1",
            "features.2.conv.0.0",
            "features.3.1",
        ),
        overwritten=("features.0.1", "features.1.conv.1.1", "features.3.1"),
        frozen=("features.1.conv.1.1", "classifier.0"),
        no_grad=("features.0.0",),
        explode="features.2.conv.1",
        around=("features.1", "features.3.1"),
        early=("features.0.1", "features.1.conv.1.1"),
        last="classifier.1",
    ),
    "vae": Case(
        build=real_models.vae,
        layers=("encoder.1", "encoder.3", "fc_mu", "decoder_input", "decoder.1", "decoder.4"),
        overwritten=("encoder.1", "encoder.3", "decoder_input", "decoder.1"),
        frozen=("encoder.1", "encoder.6"),
        no_grad=("encoder.0",),
        explode="decoder.1",
        around=("fc_mu", "decoder.4"),
        early=("encoder.1", "fc_mu"),
        last="decoder.5",
    ),
}
PARAMS = [pytest.param(case, id=name) for name, case in CASES.items()]

RTOL, ATOL = 1e-6, 1e-6


def subsets(names: Sequence[str]) -> list[tuple[str, ...]]:
    """Every non-empty subset, in the order of ``names``."""
    return [s for k in range(1, len(names) + 1) for s in itertools.combinations(names, k)]


def flat(tensor: torch.Tensor, pool: str | None = None) -> np.ndarray:
    if pool == "avg" and tensor.ndim > 2:
        tensor = tensor.mean(dim=tuple(range(2, tensor.ndim)))
    return tensor.reshape(tensor.shape[0], -1).float().numpy()


def own_outputs(
    model: nn.Module, x: torch.Tensor, names: Sequence[str]
) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """Each layer's output cloned at hook time, and the tensor itself after the forward pass.

    Runs a copy of the model in eval() under no_grad; a layer called twice keeps its first.
    """
    model = copy.deepcopy(model).eval()
    cloned: dict[str, torch.Tensor] = {}
    kept: dict[str, torch.Tensor] = {}

    def hook_for(name: str) -> Callable[..., None]:
        def hook(_module: nn.Module, _inputs: Any, output: torch.Tensor) -> None:
            if name not in cloned:
                cloned[name] = output.detach().clone()
                kept[name] = output

        return hook

    handles = [model.get_submodule(n).register_forward_hook(hook_for(n)) for n in names]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    assert sorted(cloned) == sorted(names), "a layer of the test did not run"
    return cloned, kept


def reference(
    model: nn.Module, x: torch.Tensor, names: Sequence[str], pool: str | None = None
) -> dict[str, np.ndarray]:
    """``(n, d)`` float32 values of each layer's own output (see the module docstring)."""
    cloned, _ = own_outputs(model, x, names)
    return {name: flat(t, pool) for name, t in cloned.items()}


def mismatch(got: np.ndarray, want: np.ndarray) -> str | None:
    """None when equal to tight tolerances, else a one-line summary of the difference."""
    try:
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)
    except AssertionError:
        if got.shape != want.shape:
            return f"shape {got.shape} vs {want.shape}"
        return (
            f"max |diff| {np.abs(got - want).max():.3g}; min {got.min():.3g} vs "
            f"{want.min():.3g}, max {got.max():.3g} vs {want.max():.3g}"
        )
    return None


def report(wrong: dict[str, list[tuple[tuple[str, ...], str]]], total: dict[str, int]) -> str:
    lines = []
    for name, items in wrong.items():
        subset, detail = items[0]
        lines.append(
            f"{name}: wrong in {len(items)} of {total[name]} subsets holding it; e.g. "
            f"layer={list(subset)}: {detail}"
        )
    return "\n".join(lines)


# -- the reference itself -------------------------------------------------------------


@pytest.mark.parametrize("case", PARAMS)
def test_the_forward_pass_really_overwrites_the_outputs_the_tests_rely_on(case):
    """Checks the test's premise: without a clone, exactly `overwritten` layers change."""
    cloned, kept = own_outputs(case.build(), images(), case.layers)
    changed = {name for name in case.layers if not torch.equal(cloned[name], kept[name])}
    assert changed == set(case.overwritten)
    for name in case.overwritten:
        # the in-place ReLUs (directly or after the residual sum) zero negative values
        assert (cloned[name] < 0).any() and not (kept[name] < 0).any(), name


# -- 1. captures are the layers' own values -------------------------------------------


@pytest.mark.parametrize("case", PARAMS)
def test_every_subset_of_layers_captures_each_layer_own_values(case):
    model, x = case.build(), images()
    want = reference(model, x, case.layers)
    wrong: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    total = dict.fromkeys(case.layers, 0)
    for subset in subsets(case.layers):
        space = LatentSpace(model, x, layer=list(subset), progress=False)
        assert list(space.by_layer) == list(subset) and space.layer == subset[-1]
        for name in subset:
            total[name] += 1
            detail = mismatch(space.by_layer[name], want[name])
            if detail:
                wrong.setdefault(name, []).append((subset, detail))
    assert not wrong, "captures differ from the layers' own outputs:\n" + report(wrong, total)


@pytest.mark.parametrize("case", PARAMS)
def test_a_layer_alone_gives_the_same_values_as_in_any_subset(case):
    model, x = case.build(), images()
    alone = {
        name: LatentSpace(model, x, layer=[name], progress=False).by_layer[name]
        for name in case.layers
    }
    wrong: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    total = dict.fromkeys(case.layers, 0)
    for subset in subsets(case.layers):
        if len(subset) == 1:
            continue
        space = LatentSpace(model, x, layer=list(subset), progress=False)
        for name in subset:
            total[name] += 1
            detail = mismatch(space.by_layer[name], alone[name])
            if detail:
                wrong.setdefault(name, []).append((subset, detail))
    assert not wrong, "a layer captured with others differs from it alone:\n" + report(wrong, total)


@pytest.mark.parametrize("case", PARAMS)
def test_pooled_captures_of_all_layers_together_are_their_own_values(case):
    model, x = case.build(), images()
    want = reference(model, x, case.layers, pool="avg")
    space = LatentSpace(model, x, layer=list(case.layers), pool="avg", progress=False)
    wrong = {
        name: detail
        for name in case.layers
        if (detail := mismatch(space.by_layer[name], want[name]))
    }
    assert not wrong, "pooled captures differ: " + "; ".join(f"{k}: {v}" for k, v in wrong.items())


# -- 2. the model is left exactly as it was -------------------------------------------


def configure(model: nn.Module, case: Case) -> nn.Module:
    """train(), with `case.frozen` in eval() and `case.no_grad`'s parameters frozen."""
    model.train()
    for name in case.frozen:
        model.get_submodule(name).eval()
    for name in case.no_grad:
        for parameter in model.get_submodule(name).parameters():
            parameter.requires_grad_(False)
    return model


def snapshot(model: nn.Module) -> dict[str, Any]:
    """Training flags, hooks, parameters and buffers (values), requires_grad, grads."""
    state: dict[str, Any] = {"torch.is_grad_enabled()": torch.is_grad_enabled()}
    for name, module in model.named_modules():
        label = name or "<model>"
        state[f"{label}.training"] = module.training
        state[f"{label} forward hooks, pre-hooks"] = (
            len(module._forward_hooks),
            len(module._forward_pre_hooks),
        )
    for name, parameter in model.named_parameters():
        state[f"{name}.requires_grad"] = parameter.requires_grad
        state[f"{name}.grad"] = None if parameter.grad is None else parameter.grad.clone()
    for name, tensor in model.state_dict().items():
        state[name] = tensor.detach().clone()
    return state


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    def same(a: Any, b: Any) -> bool:
        if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
            return isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and torch.equal(a, b)
        return a == b

    def show(value: Any) -> str:
        if isinstance(value, torch.Tensor):
            return f"tensor(mean {value.float().mean().item():.4g})"
        return repr(value)

    return [
        f"{key}: {show(before.get(key))} -> {show(after.get(key))}"
        for key in sorted(before.keys() | after.keys())
        if not same(before.get(key), after.get(key))
    ]


def assert_unchanged(before: dict[str, Any], model: nn.Module, what: str) -> None:
    changed = changes(before, snapshot(model))
    assert not changed, f"{what} changed the model:\n" + "\n".join(changed)


@pytest.mark.parametrize("hooked", [True, False], ids=["layers", "output"])
@pytest.mark.parametrize("case", PARAMS)
def test_extraction_leaves_the_model_as_it_was(case, hooked):
    model = configure(case.build(), case)
    before = snapshot(model)
    assert any(v is False for k, v in before.items() if k.endswith(".training"))  # premise
    layer = list(case.layers) if hooked else None
    LatentSpace(model, images(), layer=layer, progress=False)
    assert_unchanged(before, model, f"LatentSpace(layer={layer})")


@pytest.mark.parametrize("case", PARAMS)
def test_encoding_new_inputs_leaves_the_model_as_it_was(case):
    model = configure(case.build(), case)
    space = LatentSpace(model, images(), layer=list(case.around), progress=False)
    configure(model, case)  # whatever the extraction did: only encode() is measured
    before = snapshot(model)
    new = images(4, seed=7)
    latents = space.encode(new)
    assert_unchanged(before, model, "space.encode(inputs)")
    want = reference(model, new, case.around)[case.around[-1]]
    assert mismatch(latents, want) is None


def test_vae_decode_leaves_the_model_as_it_was_and_decodes_in_eval_mode():
    case = CASES["vae"]
    model = configure(case.build(), case)
    x = images()
    space = LatentSpace(model, x, decode=model.decode, progress=False)
    mu = reference(model, x, ["fc_mu"])["fc_mu"]  # the default latent: encode()'s mu
    assert mismatch(space.latents, mu) is None
    configure(model, case)  # whatever the extraction did: only decoding is measured
    before = snapshot(model)
    z = space.latents[:5]
    raw = space.decode_raw(z)
    frames = space.decode(z)
    assert_unchanged(before, model, "space.decode_raw(z) and space.decode(z)")
    assert frames.shape == (5, real_models.SIZE, real_models.SIZE, 4)
    decoder = copy.deepcopy(model).eval()
    with torch.no_grad():
        want = decoder.decode(torch.from_numpy(z)).numpy()
    np.testing.assert_allclose(raw, want, rtol=RTOL, atol=ATOL)  # eval(): no dropout


@pytest.mark.parametrize("case", PARAMS)
def test_an_extraction_that_raises_in_forward_leaves_the_model_as_it_was(case):
    model = configure(replace(case.build(), case.explode, Explode()), case)
    before = snapshot(model)
    with pytest.raises(RuntimeError, match="boom"):
        LatentSpace(model, images(), layer=list(case.around), progress=False)
    assert_unchanged(before, model, f"a LatentSpace whose forward raised at {case.explode}")


# -- 3. the forward pass stops after the last requested layer -------------------------


def call_events(model: nn.Module, x: torch.Tensor) -> list[tuple[str, str]]:
    """("start" | "end", module name) of a full forward pass of a copy, in eval()."""
    model = copy.deepcopy(model).eval()
    events: list[tuple[str, str]] = []
    handles = []
    for name, module in model.named_modules():
        handles += [
            module.register_forward_pre_hook(lambda *_, n=name: events.append(("start", n))),
            module.register_forward_hook(lambda *_, n=name: events.append(("end", n))),
        ]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return events


@pytest.mark.parametrize("case", PARAMS)
def test_extraction_runs_nothing_after_the_last_requested_layer(case):
    """The forward pass stops at the last requested layer: later layers neither run nor raise."""
    model, x = case.build(), images()
    events = call_events(model, x)
    stop = max(events.index(("end", name)) for name in case.early)
    expected = [name for kind, name in events[:stop] if kind == "start"]
    assert case.last not in expected  # premise: the exploding layer comes later
    replace(model, case.last, Explode())
    # modules started inside model(...) calls: not in other calls (a decoder's, say)
    started: list[str] = []
    in_forward = [False]

    def enter(*_: Any) -> None:
        in_forward[0] = True

    def leave(*_: Any) -> None:
        in_forward[0] = False

    def start(name: str) -> Callable[..., None]:
        return lambda *_: started.append(name) if in_forward[0] else None

    handles = [
        model.register_forward_pre_hook(enter),
        model.register_forward_hook(leave, always_call=True),  # also when forward raises
    ]
    handles += [
        module.register_forward_pre_hook(start(name)) for name, module in model.named_modules()
    ]
    try:
        space = LatentSpace(model, x, layer=list(case.early), progress=False)
    except RuntimeError as exc:
        pytest.fail(f"the forward pass went on to {case.last} ({exc}); it ran {started}")
    finally:
        for handle in handles:
            handle.remove()
    assert list(space.by_layer) == list(case.early)
    assert started == expected, (
        f"the forward pass ran {sorted(set(started) - set(expected))} as well"
    )
