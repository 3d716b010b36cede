"""The public API: every name there, loaded on first use, and a light `import`."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import latent_widgets as lw

HEAVY = ("torch", "sklearn", "umap", "ripser", "persim", "matplotlib", "scipy")


def test_importing_the_package_loads_nothing_heavy():
    code = ("import sys\nimport latent_widgets\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


@pytest.mark.parametrize("name", [n for n in lw.__all__ if n != "__version__"])
def test_every_public_name_is_its_modules_object(name):
    value = getattr(lw, name)
    module = importlib.import_module(lw._WHERE[name])
    assert value is getattr(module, name)
    assert name in dir(lw)


def test_the_listed_names_are_the_lazy_ones():
    assert sorted(lw.__all__) == sorted([*lw._WHERE, "__version__"])


def test_a_public_function_is_not_shadowed_by_a_submodule_of_the_same_name():
    importlib.import_module("latent_widgets.widgets.persistence")  # imports its modules
    for name in lw.__all__:
        assert not isinstance(getattr(lw, name), type(sys)), name


def test_an_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Explorr'"):
        lw.Explorr  # noqa: B018
