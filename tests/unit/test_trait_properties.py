"""Every public trait of every widget, set to random values from Python: each value is either
refused in words (a TraitError, the trait and what the view would be sent unchanged) or kept
and valid by the documented rule."""

import math

import numpy as np
import pytest
import traitlets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import latent_widgets as lw

N = 30
Z = np.random.default_rng(0).normal(size=(N, 3)).astype(np.float32)
LABELS = np.repeat(["a", "b", "c"], 10)


def decode(z):
    return np.repeat(1 / (1 + np.exp(-np.asarray(z)[:, :1])), 16, axis=1).reshape(-1, 4, 4)


ANYTHING = st.one_of(
    st.none(), st.booleans(), st.text(max_size=6),
    st.integers(-(2**40), 2**40), st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(-5, 40), max_size=5), st.lists(st.floats(-2, 50), max_size=5),
    st.lists(st.booleans(), min_size=N, max_size=N),
)


def finite_in(low, high, integer=False):
    def ok(value):
        number = isinstance(value, (int, float, np.number)) and not isinstance(value, bool)
        return number and math.isfinite(value) and low <= value <= high and (
            not integer or float(value) == int(value))
    return ok


def indices_ok(value, ordered=False):
    array = np.asarray(value)
    sorted_unique = ordered or np.array_equal(array, np.unique(array))
    return array.dtype == np.int32 and array.ndim == 1 and sorted_unique and (
        array.size == 0 or (array.min() >= 0 and array.max() < N))


EXPLORER_RULES = {
    "point_size": finite_in(0.5, 64),
    "opacity": finite_in(0.02, 1),
    "height": finite_in(120, 4000, integer=True),
    "n_neighbours": finite_in(0, 50, integer=True),
    "rips_eps": finite_in(0, 1e30),
    "path_current": lambda v: v == -1.0,  # no path: only "none"
    "color_mode": lambda v: v in ("label", "value"),
    "color_values": lambda v: v is None or (len(v) == N and np.all((v >= 0) & (v <= 1))),
    "selection": indices_ok,
    "highlight": indices_ok,
    "cycle": lambda v: indices_ok(v, ordered=True),
    "hidden_classes": lambda v: all(0 <= c < 3 for c in v) and v == sorted(set(v)),
    "projection": lambda v: v in ("pca", "umap"),
    "decode_on_hover": lambda v: isinstance(v, bool),
    "layer": lambda v: v == "output",
}
INTERPOLATION_RULES = {
    "steps": finite_in(2, 64, integer=True),
    "current": lambda v: finite_in(0, 7)(v),  # two anchors, 8 steps: positions 0..7
    "method": lambda v: v in ("linear", "slerp", "data"),
    "playing": lambda v: isinstance(v, bool),
    "picking": lambda v: isinstance(v, bool),
}


@pytest.fixture(scope="module")
def explorer():
    return lw.Explorer(Z, labels=LABELS, decode=decode, projection="pca")


@pytest.fixture(scope="module")
def interpolation():
    return lw.Interpolation(Z, anchors=[0, 1], decode=decode)


def assert_refused_or_valid(widget, name, value, rule):
    before = getattr(widget, name)
    sent_before = widget.get_state(name)[name] if name in widget.keys else None
    try:
        setattr(widget, name, value)
    except traitlets.TraitError as exc:
        assert str(exc), "a refusal must say why"
        after = getattr(widget, name)
        same = (after is None and before is None) or np.array_equal(
            np.asarray(after, dtype=object), np.asarray(before, dtype=object))
        assert same, f"{name} changed to {after!r} though {value!r} was refused"
        if sent_before is not None:
            assert _same_state(widget.get_state(name)[name], sent_before)
        return
    assert rule(getattr(widget, name)), f"{name}={value!r} was kept as {getattr(widget, name)!r}"


def _same_state(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_state(a[k], b[k]) for k in a)
    if isinstance(a, memoryview) or isinstance(b, memoryview):
        return bytes(a) == bytes(b)
    return a == b


LOOSE = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings(max_examples=400, **LOOSE)
@given(name=st.sampled_from(sorted(EXPLORER_RULES)), value=ANYTHING)
def test_explorer_traits_refuse_or_keep_only_valid_values(explorer, name, value):
    assert_refused_or_valid(explorer, name, value, EXPLORER_RULES[name])


@settings(max_examples=200, **LOOSE)
@given(name=st.sampled_from(sorted(INTERPOLATION_RULES)), value=ANYTHING)
def test_interpolation_traits_refuse_or_keep_only_valid_values(interpolation, name, value):
    assert_refused_or_valid(interpolation, name, value, INTERPOLATION_RULES[name])
