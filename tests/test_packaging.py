"""The built wheel carries the JavaScript bundle, built by the hook from a clean source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("npm") is None, reason="building the wheel needs npm")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_wheel_built_from_a_clean_tree_carries_the_bundle(tmp_path):
    source = tmp_path / "src"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode().split("\0")
    for name in filter(None, tracked):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    assert not (source / "latent_widgets" / "static").exists()  # nothing built is tracked

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(source)],
        check=True,
    )
    (wheel,) = (tmp_path / "dist").glob("latent_widgets-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "latent_widgets/static/explorer.js" in names
    assert "latent_widgets/static/explorer.css" in names
    assert "latent_widgets/widgets/explorer.py" in names
    assert "latent_widgets/constants.json" in names  # read by latent_widgets/_constants.py
    assert "latent_widgets/demo/shapes_vae.pt" in names  # the shipped VAE
    for package in ("space", "projection", "topology", "figures", "demo"):
        assert f"latent_widgets/{package}/__init__.py" in names, package
    bundle = zipfile.ZipFile(wheel).read("latent_widgets/static/explorer.js").decode()
    assert "_decode_command" in bundle
