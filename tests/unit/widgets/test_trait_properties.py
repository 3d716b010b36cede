"""Every public trait of every widget, set to random values from Python: each value is either
refused in words (a TraitError, the trait and what the view would be sent unchanged) or kept
and valid by the documented rule; and what the view holds (its state at creation and every
update the kernel sent since) always equals the kernel's state."""

import math

import numpy as np
import pytest
import traitlets
from anywidget import AnyWidget
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ipywidgets.widgets.widget import _put_buffers

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


def indices_ok(value, ordered=False, n=N):
    array = np.asarray(value)
    sorted_unique = ordered or np.array_equal(array, np.unique(array))
    return array.dtype == np.int32 and array.ndim == 1 and sorted_unique and (
        array.size == 0 or (array.min() >= 0 and array.max() < n))


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


# Persistence: a noisy circle of M points in two classes (one layer, "output")
M = 200
_T = np.random.default_rng(1).uniform(0, 2 * np.pi, M)
CIRCLE = (np.c_[np.cos(_T), np.sin(_T)]
          + 0.05 * np.random.default_rng(2).normal(size=(M, 2))).astype(np.float32)
PERSISTENCE_VALUES = st.one_of(
    ANYTHING, st.lists(st.booleans(), min_size=M, max_size=M),
    st.lists(st.integers(-5, M + 5), max_size=8),
    st.sampled_from(["all", "selection", "class:0", "class:1", "class: 1", "class:01",
                     "class:9", "class:x", "indices", "diagram", "barcode", "both", "output",
                     0, 1, 2, 3, -1, 0.5, 1.0, 150, 10**30, 2**63, 1e9, -0.0, np.int64(1),
                     np.float32(0.3), np.nan, np.inf]),
)
SCOPES = ["all", "selection", "class:0", "class:1", "class: 1", "class:01", "class:9", "x",
          "indices"]
NEAR_VALID = {  # values near each trait's rule, drawn as often as the others
    "maxdim": st.one_of(st.integers(-1, 3), st.sampled_from([0.0, 1.0, 2.0, 1.5])),
    "view": st.sampled_from(["diagram", "barcode", "both", "Both", ""]),
    "eps": st.floats(-0.5, 4.0),
    "selected_feature": st.integers(-2, 260),
    "layer": st.sampled_from(["output", "input", ""]),
    "scope": st.sampled_from(SCOPES),
    "time_budget_s": st.floats(-1, 30),
    "memory_budget_bytes": st.one_of(st.floats(1e8, 1e10), st.floats(-1, 1e4)),
    "layer_landmarks": st.one_of(st.none(), st.integers(0, M + 2)),
    "seed": st.integers(-2, 2**64),
}
POSITIVE = lambda ph, v: finite_in(0, math.inf)(v) and v > 0  # noqa: E731
PERSISTENCE_RULES = {  # rule(widget, value kept)
    "maxdim": lambda ph, v: type(v) is int and v in (0, 1, 2),
    "view": lambda ph, v: v in ("diagram", "barcode", "both"),
    "eps": lambda ph, v: finite_in(0, ph.eps_max)(v),  # above eps_max: clamped to it
    "selected_feature": lambda ph, v: type(v) is int and -1 <= v < len(ph.features),
    "layer": lambda ph, v: v == "output",
    "scope": lambda ph, v: v in [s["key"] for s in ph.scopes] and v != "indices",
    "selection": lambda ph, v: indices_ok(v, n=M),
    "highlight": lambda ph, v: indices_ok(v, n=M),
    "cycle": lambda ph, v: indices_ok(v, ordered=True, n=M),
    "time_budget_s": POSITIVE,
    "memory_budget_bytes": POSITIVE,
    "layer_landmarks": lambda ph, v: v is None or finite_in(2, M, integer=True)(v),
    "seed": lambda ph, v: type(v) is int and 0 <= v < 2**63,
    "map_edges": lambda ph, v: type(v) is bool,
}


def _plain(state):
    """A widget state comparable with ==: buffers as bytes, tuples as lists, NaN marked."""
    if isinstance(state, dict):
        return {key: _plain(value) for key, value in state.items()}
    if isinstance(state, (list, tuple)):
        return [_plain(value) for value in state]
    if isinstance(state, (memoryview, bytes, bytearray)):
        return bytes(state)
    if isinstance(state, float) and math.isnan(state):
        return "NaN"
    return state


class ViewMirror:
    """What the view holds: the state at creation, then every update the kernel sends (the
    widget's ``_send`` is replaced by this mirror's)."""

    def __init__(self, widget):
        self.widget = widget
        self.state = _plain(widget.get_state())
        widget._send = self._receive

    def _receive(self, msg, buffers=None):
        if msg.get("method") != "update":
            return
        state = _plain(msg["state"])
        _put_buffers(state, msg["buffer_paths"], [bytes(b) for b in buffers or []])
        self.state.update(state)

    def assert_matches(self):
        kernel = _plain(self.widget.get_state())
        differ = sorted(k for k in kernel if self.state.get(k) != kernel[k])
        assert not differ, f"the view holds other values of {differ} than the kernel"


@pytest.fixture(scope="module")
def explorer():
    widget = lw.Explorer(Z, labels=LABELS, decode=decode, projection="pca")
    return widget, ViewMirror(widget)


@pytest.fixture(scope="module")
def interpolation():
    widget = lw.Interpolation(Z, anchors=[0, 1], decode=decode)
    return widget, ViewMirror(widget)


@pytest.fixture(scope="module")
def persistence():
    widget = lw.Persistence(CIRCLE, labels=(_T > np.pi).astype(int)).wait()
    return widget, ViewMirror(widget)


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
    widget, view = explorer
    assert_refused_or_valid(widget, name, value, EXPLORER_RULES[name])
    widget.wait_for_projection()
    view.assert_matches()


@settings(max_examples=200, **LOOSE)
@given(name=st.sampled_from(sorted(INTERPOLATION_RULES)), value=ANYTHING)
def test_interpolation_traits_refuse_or_keep_only_valid_values(interpolation, name, value):
    widget, view = interpolation
    assert_refused_or_valid(widget, name, value, INTERPOLATION_RULES[name])
    view.assert_matches()


@settings(max_examples=400, **LOOSE)
@given(name=st.sampled_from(sorted(PERSISTENCE_RULES)), data=st.data())
def test_persistence_traits_refuse_or_keep_only_valid_values(persistence, name, data):
    widget, view = persistence
    near = NEAR_VALID.get(name, st.lists(st.integers(-1, M), max_size=8))
    value = data.draw(near if data.draw(st.booleans()) else PERSISTENCE_VALUES, label="value")
    rule = PERSISTENCE_RULES[name]
    assert_refused_or_valid(widget, name, value, lambda kept: rule(widget, kept))
    widget.wait()  # maxdim, scope and layer recompute in the background
    assert widget.status["state"] != "error", widget.status["message"]
    view.assert_matches()


def test_every_public_persistence_trait_is_checked_or_computed():
    """A public trait added later must get a rule above, or be one the kernel computes."""
    computed = {"features", "has_cycle", "eps_max", "error_bound", "info", "status",
                "scopes", "layer_chart", "map_check", "rips_edges", "rips_lengths"}
    ph = lw.Persistence(CIRCLE[:20])
    ph.wait()
    widget_traits = set(AnyWidget.class_trait_names())  # layout, tooltip, comm, ...
    public = {n for n in ph.trait_names() if not n.startswith("_")} - widget_traits
    assert public == set(PERSISTENCE_RULES) | computed
