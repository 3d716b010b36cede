"""The digits demo: scikit-learn's 8×8 handwritten digits and a small autoencoder.

Everything is offline: the digits ship with scikit-learn, and so do the autoencoder's weights
for the default arguments (``digits_autoencoder.pt``, what `train_digits_autoencoder` gives on
one thread); other arguments train on the CPU in a second or two (seeded, one thread).
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import TensorDataset

from latent_widgets.demo.training import seeded_one_thread

DIGIT_NAMES = [str(d) for d in range(10)]
WEIGHTS = Path(__file__).with_name("digits_autoencoder.pt")
#: The arguments the shipped weights were trained with.
SHIPPED = {"latent_dim": 8, "epochs": 400, "seed": 0}


class DigitsAutoencoder(nn.Module):
    """8×8 images → ``latent_dim`` numbers → 8×8 images.

    Parameters
    ----------
    latent_dim : int
        Size of the bottleneck.
    """

    def __init__(self, latent_dim: int = 8) -> None:
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Flatten(), nn.Linear(64, 48), nn.ReLU(), nn.Linear(48, latent_dim)
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, 48), nn.ReLU(), nn.Linear(48, 64), nn.Sigmoid()
        )

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Latents of images ``(n, 1, 8, 8)`` (or ``(n, 64)``)."""
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Images ``(n, 1, 8, 8)`` in [0, 1] from latents ``(n, latent_dim)``."""
        return self.decoder(z).reshape(-1, 1, 8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))


def _digits_table() -> np.ndarray:
    """scikit-learn's table of the digits (64 pixel columns, then the label), read from its
    file without importing scikit-learn (about a second); through `load_digits` where that
    file is not found."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None:
        raise ModuleNotFoundError("the digits demo needs scikit-learn: pip install scikit-learn")
    for folder in spec.submodule_search_locations or ():
        table = Path(folder) / "datasets" / "data" / "digits.csv.gz"
        if table.is_file():
            return np.loadtxt(table, delimiter=",", dtype=np.float64)
    from sklearn.datasets import load_digits

    digits = load_digits()
    return np.c_[digits.data, digits.target]


def digits_data() -> tuple[torch.Tensor, torch.Tensor]:
    """The 1,797 digits as float images ``(n, 1, 8, 8)`` in [0, 1], and their labels."""
    table = _digits_table()
    images = torch.from_numpy((table[:, :64] / 16.0).astype(np.float32)).reshape(-1, 1, 8, 8)
    return images, torch.from_numpy(table[:, 64].astype(np.int64))


def train_digits_autoencoder(
    latent_dim: int = 8, epochs: int = 400, seed: int = 0
) -> DigitsAutoencoder:
    """Train the autoencoder on all digits (full batch, Adam); about a second on a CPU."""
    images, _ = digits_data()
    with seeded_one_thread(seed):
        model = DigitsAutoencoder(latent_dim)
        optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
        for _ in range(epochs):
            optimiser.zero_grad()
            loss = nn.functional.mse_loss(model(images), images)
            loss.backward()
            optimiser.step()
    return model.eval()


def digits_autoencoder(latent_dim: int = 8, epochs: int = 400, seed: int = 0
                       ) -> DigitsAutoencoder:
    """The autoencoder for these arguments: the shipped weights for `SHIPPED`, else trained.

    Loading takes milliseconds whatever the machine's load; training the same arguments gives
    the same weights (`main` wrote them so).
    """
    if {"latent_dim": latent_dim, "epochs": epochs, "seed": seed} == SHIPPED and WEIGHTS.exists():
        model = DigitsAutoencoder(latent_dim)
        model.load_state_dict(torch.load(WEIGHTS, map_location="cpu", weights_only=True))
        return model.eval()
    return train_digits_autoencoder(latent_dim, epochs, seed)


def digits_space(latent_dim: int = 8, epochs: int = 400, seed: int = 0, **kwargs):
    """A LatentSpace of the digits under the autoencoder (`digits_autoencoder`).

    Keyword arguments go to `latent_widgets.LatentSpace` (e.g. ``max_samples=500``).
    """
    from latent_widgets.space.latent_space import LatentSpace

    images, labels = digits_data()
    model = digits_autoencoder(latent_dim, epochs, seed)
    kwargs.setdefault("progress", False)
    return LatentSpace(
        model, TensorDataset(images, labels), class_names=DIGIT_NAMES, **kwargs
    )


def main(argv: list[str] | None = None) -> None:
    """Train the shipped weights again: ``python -m latent_widgets.demo.digits``."""
    parser = argparse.ArgumentParser(description="Train the digits autoencoder the package ships.")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="where to write the weights")
    args = parser.parse_args(argv)
    torch.save(train_digits_autoencoder(**SHIPPED).state_dict(), args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
