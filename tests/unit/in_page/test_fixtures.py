"""The JavaScript tests' fixtures are what today's Python gives (tests/unit/in_page/fixtures.py)."""

from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import numpy_helper

from tests.unit.in_page.fixtures import FIXTURES, JSON_NAME, MODEL_NAME, fixtures


def close(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, (list, float, int)) and not isinstance(a, bool):
        return np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-6, atol=1e-7)
    return a == b


def test_the_committed_fixtures_are_what_python_gives_now():
    data, model = fixtures()
    committed = json.loads((FIXTURES / JSON_NAME).read_text())
    assert close(data, committed), "run: python -m tests.unit.in_page.fixtures"
    fresh = onnx.load_model_from_string(model).graph
    kept = onnx.load_model_from_string((FIXTURES / MODEL_NAME).read_bytes()).graph
    assert [n.op_type for n in fresh.node] == [n.op_type for n in kept.node]
    for a, b in zip(fresh.initializer, kept.initializer, strict=True):
        np.testing.assert_array_equal(numpy_helper.to_array(a), numpy_helper.to_array(b))
