"""The digits demo's data: scikit-learn's digits, read without importing scikit-learn."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

import latent_widgets.demo.digits as digits


def reference():
    found = load_digits()
    images = torch.from_numpy((found.images / 16.0).astype(np.float32))[:, None]
    return images, torch.from_numpy(found.target.astype(np.int64))


def test_the_digits_are_scikit_learns_pixel_for_pixel():
    images, labels = digits.digits_data()
    expected_images, expected_labels = reference()
    assert images.shape == (1797, 1, 8, 8) and images.dtype == torch.float32
    assert torch.equal(images, expected_images) and torch.equal(labels, expected_labels)


def test_without_the_table_file_they_come_through_load_digits(monkeypatch):
    class NoTable:
        submodule_search_locations = ["/nonexistent"]

    monkeypatch.setattr(digits.importlib.util, "find_spec", lambda name: NoTable())
    images, labels = digits.digits_data()
    expected_images, expected_labels = reference()
    assert torch.equal(images, expected_images) and torch.equal(labels, expected_labels)


def test_without_scikit_learn_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(digits.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install scikit-learn"):
        digits.digits_data()


def test_reading_them_does_not_import_scikit_learn():
    code = ("import sys, latent_widgets.demo.digits as d; d.digits_data(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
