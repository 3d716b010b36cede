"""A small convolutional VAE of the shapes (`latent_widgets.demo.shapes`), shipped trained.

The weights in ``shapes_vae.pt`` (about 0.9 MB) are made by
``python -m latent_widgets.demo.shapes_vae`` (two to three minutes on a laptop CPU, seeded, one
thread: the same weights on every machine); the
package loads them, so a demo starts at once. `shapes_space` is the LatentSpace of the
demo: the shapes' images through the encoder's mean, decoded by the decoder.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import TensorDataset

from latent_widgets.demo.shapes import ShapesData, shapes_data
from latent_widgets.demo.training import seeded_one_thread

WEIGHTS = Path(__file__).with_name("shapes_vae.pt")
LATENT_DIM = 4  # a turn (2), the shape, shift and scale: few enough that the loop stays clean
SIDE = 28
#: The data and schedule the shipped weights were trained with (``main`` uses them).
TRAINING = {"n": 9000, "seed": 1, "epochs": 60, "batch": 128, "lr": 2e-3, "beta": 1.0}


class ShapesVAE(nn.Module):
    """28 × 28 images → a Gaussian over ``latent_dim`` numbers → 28 × 28 images.

    ``encode`` returns the mean (the latent the library reads), ``decode`` images in [0, 1]
    of shape ``(n, 1, 28, 28)``; ``forward`` returns ``(reconstruction, mean, log variance)``.
    """

    def __init__(self, latent_dim: int = LATENT_DIM, hidden: int = 64) -> None:
        super().__init__()
        self.latent_dim = latent_dim
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 4, 2, 1), nn.ReLU(),  # 14 x 14
            nn.Conv2d(16, 32, 4, 2, 1), nn.ReLU(),  # 7 x 7
            nn.Flatten(), nn.Linear(32 * 7 * 7, hidden), nn.ReLU(),
        )
        self.mean = nn.Linear(hidden, latent_dim)
        self.log_var = nn.Linear(hidden, latent_dim)
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, 32 * 7 * 7), nn.ReLU(),
            nn.Unflatten(1, (32, 7, 7)),
            nn.ConvTranspose2d(32, 16, 4, 2, 1), nn.ReLU(),  # 14 x 14
            nn.ConvTranspose2d(16, 1, 4, 2, 1), nn.Sigmoid(),  # 28 x 28
        )

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The mean of the posterior of images ``(n, 1, 28, 28)``."""
        return self.mean(self.encoder(x))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Images ``(n, 1, 28, 28)`` in [0, 1] from latents ``(n, latent_dim)``."""
        return self.decoder(z)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        hidden = self.encoder(x)
        mean, log_var = self.mean(hidden), self.log_var(hidden)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var)
        return self.decode(z), mean, log_var


def images_tensor(data: ShapesData) -> torch.Tensor:
    """The images as a float tensor ``(n, 1, 28, 28)``."""
    return torch.from_numpy(data.images)[:, None]


def train_shapes_vae(data: ShapesData | None = None, *, epochs: int = TRAINING["epochs"],
                     batch: int = TRAINING["batch"], lr: float = TRAINING["lr"],
                     beta: float = TRAINING["beta"], seed: int = 0, steps: int | None = None,
                     log=None) -> ShapesVAE:
    """Train a `ShapesVAE` (Adam; loss: binary cross-entropy of the pixels + ``beta`` KL).

    Parameters
    ----------
    data : ShapesData, optional
        Training images (default: ``shapes_data(**TRAINING)``'s).
    epochs, batch, lr, beta
        The schedule.
    seed : int
        Seeds the initial weights, the batches and the sampling.
    steps : int, optional
        Stop after this many batches (a test's few steps).
    log : callable, optional
        Called with a line of text after each epoch.

    Returns
    -------
    ShapesVAE
        In eval mode.
    """
    data = data or shapes_data(TRAINING["n"], seed=TRAINING["seed"])
    x = images_tensor(data)
    with seeded_one_thread(seed):
        model = ShapesVAE()
        optimiser = torch.optim.Adam(model.parameters(), lr=lr)
        done = 0
        for epoch in range(epochs):
            began, total = time.perf_counter(), 0.0
            for rows in torch.randperm(len(x)).split(batch):
                recon, mean, log_var = model(x[rows])
                pixels = nn.functional.binary_cross_entropy(recon, x[rows], reduction="sum")
                kl = -0.5 * torch.sum(1 + log_var - mean.pow(2) - log_var.exp())
                loss = (pixels + beta * kl) / len(rows)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                total += float(loss.detach()) * len(rows)
                done += 1
                if steps is not None and done >= steps:
                    return model.eval()
            if log:
                log(f"epoch {epoch + 1}/{epochs}: loss {total / len(x):.2f} per image, "
                    f"{time.perf_counter() - began:.1f} s")
    return model.eval()


def load_shapes_vae(path: str | Path = WEIGHTS) -> ShapesVAE:
    """The shipped, trained VAE (eval mode)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"the trained shapes VAE {path.name} is missing from {path.parent}: make it with "
            "`python -m latent_widgets.demo.shapes_vae` (a few minutes) or reinstall the package"
        )
    model = ShapesVAE()
    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    return model.eval()


def shapes_space(n: int = 3000, seed: int = 0, **kwargs):
    """A LatentSpace of ``n`` shapes (`shapes_data`) under the shipped VAE.

    The factors of each image (angle, scale, shift) are in ``space.shapes``; keyword
    arguments go to `latent_widgets.LatentSpace`.
    """
    from latent_widgets.space.latent_space import LatentSpace

    data = shapes_data(n, seed=seed)
    kwargs.setdefault("progress", False)
    space = LatentSpace(load_shapes_vae(),
                        TensorDataset(images_tensor(data), torch.from_numpy(data.labels)),
                        class_names=data.class_names, **kwargs)
    space.shapes = data
    return space


def main(argv: list[str] | None = None) -> None:
    """Train the shipped weights again: ``python -m latent_widgets.demo.shapes_vae``."""
    parser = argparse.ArgumentParser(description="Train the shapes VAE the package ships.")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="where to write the weights")
    parser.add_argument("--epochs", type=int, default=TRAINING["epochs"])
    parser.add_argument("--steps", type=int, default=None, help="stop after this many batches")
    args = parser.parse_args(argv)
    data = shapes_data(TRAINING["n"], seed=TRAINING["seed"])
    model = train_shapes_vae(data, epochs=args.epochs, steps=args.steps, log=print)
    torch.save(model.state_dict(), args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, latent size {model.latent_dim})")


if __name__ == "__main__":
    main()
