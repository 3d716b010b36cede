"""trustworthiness: seeded samples, scikit-learn's number, without importing scikit-learn."""

import subprocess
import sys

import numpy as np
import pytest

from latent_widgets.projection.metrics import trustworthiness


def test_trustworthiness_sample_is_seeded():
    from sklearn.manifold import trustworthiness as sklearn_trustworthiness

    rng = np.random.default_rng(10)
    z = rng.normal(size=(400, 20))
    y = z[:, :2] + rng.normal(size=(400, 2))
    first = trustworthiness(z, y, sample=100, seed=0)
    assert first == trustworthiness(z, y, sample=100, seed=0)
    assert first != trustworthiness(z, y, sample=100, seed=1)
    assert trustworthiness(z, y, sample=None) == pytest.approx(sklearn_trustworthiness(z, y))
    assert trustworthiness(z, y, sample=1000) == trustworthiness(z, y, sample=None)


@pytest.mark.parametrize(("n", "d", "k"), [(60, 3, 2), (300, 8, 5), (500, 64, 15), (400, 2, 7)])
def test_trustworthiness_is_scikit_learns_without_importing_it(n, d, k):
    from sklearn.manifold import trustworthiness as sklearn_trustworthiness

    rng = np.random.default_rng(n + d)
    z = rng.normal(size=(n, d)).astype(np.float32)
    y = z[:, :2] + 0.5 * rng.normal(size=(n, 2)).astype(np.float32)
    if d == 2:
        y = z.copy()  # the identity map: exactly 1
    ours = trustworthiness(z, y, n_neighbors=k, sample=None)
    assert ours == pytest.approx(sklearn_trustworthiness(z, y, n_neighbors=k), abs=1e-6)
    assert (ours == 1.0) == (d == 2)


def test_scoring_a_map_does_not_import_scikit_learn():
    code = ("import sys, numpy as np; from latent_widgets.projection.metrics import "
            "trustworthiness; z = np.random.default_rng(0).normal(size=(300, 5)); "
            "trustworthiness(z, z[:, :2]); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
