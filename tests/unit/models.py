"""Small torch models with known structure, for the tests."""

from __future__ import annotations

import torch
from torch import nn


class AutoEncoder(nn.Module):
    """8×8 images → 2-D latent → 8×8 images, with encode/decode methods and dropout."""

    def __init__(self, latent: int = 2) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.encoder = nn.Sequential(
            nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, latent)
        )
        self.decoder = nn.Sequential(nn.Linear(latent, 64), nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))


class TupleVAE(nn.Module):
    """encode returns (mu, logvar)."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(1)
        self.mu = nn.Linear(6, 3)
        self.logvar = nn.Linear(6, 3)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.mu(x), self.logvar(x)


class DistributionEncoder(nn.Module):
    """forward returns a torch.distributions.Normal."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(2)
        self.mu = nn.Linear(6, 3)

    def forward(self, x: torch.Tensor) -> torch.distributions.Normal:
        return torch.distributions.Normal(self.mu(x), torch.ones(x.shape[0], 3))


class Inner(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(4, 5, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.conv(x))


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.inner = Inner()


class ConvNet(nn.Module):
    """Nested modules: features.0 (conv), block.inner.conv, head."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(3)
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU())
        self.block = Block()
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(5 * 8 * 8, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.block.inner(self.features(x)))


class Exploding(nn.Module):
    """Raises in the middle of forward, before the layer "after"."""

    def __init__(self) -> None:
        super().__init__()
        self.before = nn.Linear(4, 4)
        self.after = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.before(x)
        raise RuntimeError("boom in forward")
