"""The direction of imports inside the package (../shared/DESIGN.md, "Rules").

The computation subpackages (space, projection, topology, paths) never import the widgets
or the figures; the figures import only matplotlib, numpy and the shared colours. Imports
inside functions count too: every ``import`` statement of every module is read.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "latent_widgets"
COMPUTATION = ("space", "projection", "topology", "paths")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module name an import statement of ``path`` names (absolute or relative)."""
    names: set[str] = set()
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def modules(*subpackages: str) -> list[Path]:
    found = []
    for name in subpackages:
        target = PACKAGE / name
        found += sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
    return found


def internal(names: set[str]) -> set[str]:
    return {n for n in names if n == "latent_widgets" or n.startswith("latent_widgets.")}


def test_the_layout_is_the_design():
    for name in (*COMPUTATION, "widgets", "figures", "demo"):
        path = PACKAGE / name
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), name
    for init in PACKAGE.glob("*/__init__.py"):
        assert ast.get_docstring(ast.parse(init.read_text())), f"{init} says what it is for"


@pytest.mark.parametrize("path", modules(*COMPUTATION), ids=lambda p: module_name(p))
def test_computation_never_imports_widgets_or_figures(path):
    allowed = ("latent_widgets._validation", "latent_widgets._constants",
               *(f"latent_widgets.{name}" for name in COMPUTATION))
    wrong = {n for n in internal(imports_of(path))
             if not any(n == a or n.startswith(a + ".") for a in allowed)}
    assert wrong == set(), f"{module_name(path)} imports {sorted(wrong)}"


@pytest.mark.parametrize("path", modules("figures"), ids=lambda p: module_name(p))
def test_figures_import_only_matplotlib_numpy_and_the_colours(path):
    allowed = ("matplotlib", "numpy", "__future__", "collections", "typing", "textwrap",
               "functools", "io",
               "latent_widgets.figures", "latent_widgets._constants")
    wrong = {n for n in imports_of(path)
             if not any(n == a or n.startswith(a + ".") for a in allowed)}
    assert wrong == set(), f"{module_name(path)} imports {sorted(wrong)}"


def test_the_checker_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from latent_widgets.widgets.explorer import Explorer\n")
    assert "latent_widgets.widgets.explorer" in imports_of_any(bad)


def imports_of_any(path: Path) -> set[str]:
    """`imports_of` for a file outside the package (absolute imports only)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names
