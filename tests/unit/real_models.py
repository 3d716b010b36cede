"""Small, seeded versions of real architectures, for the tests of layer capture.

They keep the idioms that matter to forward hooks: ``nn.ReLU(inplace=True)`` and
``ReLU6(inplace=True)`` after a layer, residual ``out += identity``, a functional in-place
ReLU, ``torch.flatten`` in forward, BatchNorm, Dropout, depthwise convs, a VAE's
``(mu, logvar)``. Module names follow torchvision (``conv1``, ``layer1.0.bn2``,
``layer2.0.downsample.0``, ``features.3``, ``classifier.0``, ``fc``). Inputs are
``(n, 3, 16, 16)``; everything runs on the CPU in milliseconds.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

SIZE = 16  # input images are 3 × SIZE × SIZE


def images(n: int = 16, seed: int = 0) -> torch.Tensor:
    """``(n, 3, 16, 16)`` float32 standard-normal images, seeded."""
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(n, 3, SIZE, SIZE, generator=generator)


class Explode(nn.Module):
    """A layer that raises: put in place of a module to stop a forward pass there."""

    def forward(self, *_args: object) -> torch.Tensor:
        raise RuntimeError("boom: this layer must not run")


# -- ResNet ---------------------------------------------------------------------------


class BasicBlock(nn.Module):
    """torchvision's BasicBlock: conv-bn-relu-conv-bn, ``out += identity``, relu (in place)."""

    def __init__(self, inplanes: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)  # called twice, as in torchvision
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        out = self.relu(out)
        return out


class ResNet(nn.Module):
    """conv1-bn1-relu-maxpool, layer1 (two blocks, 8 ch), layer2 (one block with a
    downsample, 16 ch), avgpool, fc."""

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = nn.Sequential(BasicBlock(8, 8), BasicBlock(8, 8))
        self.layer2 = nn.Sequential(BasicBlock(8, 16, stride=2))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


# -- VGG ------------------------------------------------------------------------------


class VGG(nn.Module):
    """features (conv/ReLU(inplace)/maxpool), avgpool, torch.flatten, classifier."""

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1),  # 0
            nn.ReLU(inplace=True),  # 1
            nn.Conv2d(8, 8, 3, padding=1),  # 2
            nn.ReLU(inplace=True),  # 3
            nn.MaxPool2d(2, 2),  # 4
            nn.Conv2d(8, 16, 3, padding=1),  # 5
            nn.ReLU(inplace=True),  # 6
            nn.MaxPool2d(2, 2),  # 7
        )
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))
        self.classifier = nn.Sequential(
            nn.Linear(16 * 2 * 2, 32),  # 0
            nn.ReLU(inplace=True),  # 1
            nn.Dropout(0.5),  # 2
            nn.Linear(32, num_classes),  # 3
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


# -- MobileNet ------------------------------------------------------------------------


class ConvBNReLU(nn.Sequential):
    """conv (``groups=channels`` for a depthwise one), BatchNorm, ReLU6(inplace)."""

    def __init__(
        self, inp: int, out: int, kernel_size: int = 3, stride: int = 1, groups: int = 1
    ) -> None:
        padding = (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(inp, out, kernel_size, stride, padding, groups=groups, bias=False),
            nn.BatchNorm2d(out),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    """MobileNetV2's block: expand 1×1, depthwise 3×3, linear 1×1; ``x + self.conv(x)``."""

    def __init__(self, inp: int, oup: int, stride: int, expand_ratio: int) -> None:
        super().__init__()
        hidden = inp * expand_ratio
        self.use_res_connect = stride == 1 and inp == oup
        layers: list[nn.Module] = []
        if expand_ratio != 1:
            layers.append(ConvBNReLU(inp, hidden, kernel_size=1))
        layers += [
            ConvBNReLU(hidden, hidden, stride=stride, groups=hidden),
            nn.Conv2d(hidden, oup, 1, bias=False),
            nn.BatchNorm2d(oup),
        ]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


class MobileNet(nn.Module):
    """features: stem, a residual inverted block, a strided one, a 1×1 head; classifier."""

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            ConvBNReLU(3, 8, stride=1),  # 0
            InvertedResidual(8, 8, stride=1, expand_ratio=2),  # 1: residual
            InvertedResidual(8, 16, stride=2, expand_ratio=1),  # 2: depthwise first
            ConvBNReLU(16, 32, kernel_size=1),  # 3
        )
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(32, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, (1, 1))
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


# -- VAE ------------------------------------------------------------------------------


class VAE(nn.Module):
    """Conv encoder → ``(mu, logvar)``; ``decode(z)`` → ``(m, 3, 16, 16)`` images.

    forward: ``decode(mu)`` in eval, ``decode`` of a reparameterised sample in training.
    ``decode`` applies an in-place functional ReLU to ``decoder_input``'s output.
    """

    def __init__(self, latent: int = 4) -> None:
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1),  # 0: 8 × 8 × 8
            nn.BatchNorm2d(8),  # 1
            nn.ReLU(inplace=True),  # 2
            nn.Conv2d(8, 16, 3, stride=2, padding=1),  # 3: 16 × 4 × 4
            nn.ReLU(inplace=True),  # 4
            nn.Flatten(),  # 5
            nn.Dropout(0.25),  # 6
        )
        self.fc_mu = nn.Linear(16 * 4 * 4, latent)
        self.fc_logvar = nn.Linear(16 * 4 * 4, latent)
        self.decoder_input = nn.Linear(latent, 16 * 4 * 4)
        self.decoder = nn.Sequential(
            nn.Unflatten(1, (16, 4, 4)),  # 0
            nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1),  # 1: 8 × 8 × 8
            nn.ReLU(inplace=True),  # 2
            nn.Dropout(0.1),  # 3
            nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1),  # 4: 3 × 16 × 16
            nn.Sigmoid(),  # 5
        )

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.encoder(x)
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        std = torch.exp(0.5 * logvar)
        return mu + torch.randn_like(std) * std

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.decoder_input(z), inplace=True)
        return self.decoder(h)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar) if self.training else mu
        return self.decode(z)


# -- construction ---------------------------------------------------------------------


def _seeded(cls: type[nn.Module], seed: int) -> nn.Module:
    """``cls()`` with seeded weights and BatchNorm running statistics away from 0 and 1.

    The global RNG is left as it was. The model is returned in training mode.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = cls()
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                nn.init.uniform_(module.weight, 0.5, 1.5)
                nn.init.uniform_(module.bias, -0.5, 0.5)
        model.train()
        with torch.no_grad():  # a few training batches: non-trivial running statistics
            for step in range(3):
                model(images(8, seed=1000 + step))
    return model.train()


def resnet(seed: int = 0) -> ResNet:
    return _seeded(ResNet, seed)


def vgg(seed: int = 1) -> VGG:
    return _seeded(VGG, seed)


def mobilenet(seed: int = 2) -> MobileNet:
    return _seeded(MobileNet, seed)


def vae(seed: int = 3) -> VAE:
    return _seeded(VAE, seed)


def replace(model: nn.Module, name: str, module: nn.Module) -> nn.Module:
    """Put ``module`` in place of the submodule at the dotted path ``name``; returns model."""
    parent, _, child = name.rpartition(".")
    setattr(model.get_submodule(parent) if parent else model, child, module)
    return model
