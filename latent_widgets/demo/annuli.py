"""Three annuli: a two-class data set of known topology, and small classifiers trained on it.

In the spirit of the data set D-I of Naitzat, Zhitnikov and Lim, "Topology of deep neural
networks" (JMLR 2020), where a network trained to separate two classes of known topology
is seen to simplify each class's topology layer by layer. Generated with numpy (seeded, no
download); the classifiers train on the CPU in seconds.

The plane holds three discs of radius `OUTER` around the centres `CENTRES`:

- class ``"annuli"`` (code 0): the three annuli ``INNER <= r <= OUTER - GAP`` around the
  centres: three pieces, each with one hole, so β = (3, 3);
- class ``"rest"`` (code 1): the three small discs ``r <= HOLE`` inside the annuli's holes,
  and the frame around the annuli (the box `BOX` minus the three discs of radius `OUTER`):
  four pieces (three discs, one frame) and three holes (those of the frame), so β = (4, 3).

The classes are a gap `GAP` apart, so that every point's class is sure. The centres lie in a
row: three pieces in a triangle would make one more loop, a real one of the Rips
filtration, at the scale where they join (born as the last two pieces meet, dying when a
triangle of points, one in each piece, fills it in).

`AnnuliClassifier` is a plain MLP as in the paper (width 15, 8 hidden layers by default),
with ReLU or tanh; `train_annuli_classifier` trains it (5 to 20 s on one CPU thread) to
100 % training accuracy (ReLU, seeds 0-5; tanh: 99.9 % for seed 0, else 100 %), and
`annuli_space` captures the input and every hidden layer in a `LatentSpace`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from latent_widgets.demo.training import seeded_one_thread

__all__ = ["ANNULI_BETTI", "ANNULI_CLASSES", "AnnuliClassifier", "AnnuliData", "annuli_data",
           "annuli_space", "train_annuli_classifier"]

CENTRES = np.array([[0.0, 0.0], [3.0, 0.0], [6.0, 0.0]])  # in a row: no loop through all three
HOLE = 0.3  # radius of the "rest" discs inside the holes
INNER, OUTER, GAP = 0.5, 1.2, 0.2  # the annuli fill INNER <= r <= OUTER - GAP
BOX = ((-1.8, 7.8), (-1.8, 1.8))  # the frame's outer edge
ANNULI_CLASSES = ["annuli", "rest"]
ANNULI_BETTI = {"annuli": (3, 3), "rest": (4, 3)}  # (β0, β1) of each class


@dataclass(frozen=True)
class AnnuliData:
    """Points of the two classes and their known Betti numbers.

    Attributes
    ----------
    points : (n, dim) float32 array
        The points (in the plane, or turned into ``dim`` dimensions).
    labels : (n,) int64 array
        0 for ``"annuli"``, 1 for ``"rest"``.
    class_names : list of str
        ``["annuli", "rest"]``.
    betti : dict of str to (int, int)
        (β0, β1) of each class: ``{"annuli": (3, 3), "rest": (4, 3)}``.
    rotation : (2, dim) float64 array or None
        The map from the plane to ``dim`` dimensions (rows orthonormal), None in the plane.
    """

    points: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    betti: dict[str, tuple[int, int]]
    rotation: np.ndarray | None


def _in_rings(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    """``n`` points uniform in the rings ``low <= r <= high`` around the three centres."""
    which = np.arange(n) % len(CENTRES)
    t = rng.uniform(0.0, 2.0 * np.pi, n)
    r = np.sqrt(rng.uniform(low**2, high**2, n))  # uniform in area
    return CENTRES[which] + np.c_[r * np.cos(t), r * np.sin(t)]


def _in_frame(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` points uniform in the box less the three discs of radius `OUTER`."""
    found, total = [], 0
    while total < n:
        (x0, x1), (y0, y1) = BOX
        trial = np.c_[rng.uniform(x0, x1, 4 * n), rng.uniform(y0, y1, 4 * n)]
        far = np.linalg.norm(trial[:, None, :] - CENTRES[None], axis=2).min(axis=1) >= OUTER
        found.append(trial[far])
        total += int(far.sum())
    return np.concatenate(found)[:n]


def annuli_data(n_annuli: int = 900, n_holes: int = 300, n_frame: int = 900, *,
                dim: int = 2, seed: int = 0) -> AnnuliData:
    """Sample the three-annuli data set (module docstring).

    Parameters
    ----------
    n_annuli : int
        Points of class ``"annuli"`` (shared evenly by the three annuli).
    n_holes, n_frame : int
        Points of class ``"rest"`` in the three discs inside the holes, and in the frame.
    dim : int
        Dimension of the points: 2 (the plane), or more, the plane turned by a random
        rotation into ``dim`` dimensions (the topology is the same).
    seed : int
        Seed of the sample (and of the rotation).

    Returns
    -------
    AnnuliData
        Points in a seeded random order.
    """
    if min(n_annuli, n_holes, n_frame) < 3 * 10:
        raise ValueError("each part needs at least 30 points (10 per annulus or disc)")
    if int(dim) < 2:
        raise ValueError(f"dim must be 2 or more, got {dim!r}")
    rng = np.random.default_rng(seed)
    plane = np.concatenate([
        _in_rings(rng, n_annuli, INNER, OUTER - GAP),
        _in_rings(rng, n_holes, 0.0, HOLE),
        _in_frame(rng, n_frame),
    ])
    labels = np.r_[np.zeros(n_annuli, np.int64), np.ones(n_holes + n_frame, np.int64)]
    order = rng.permutation(len(plane))
    plane, labels = plane[order], labels[order]
    rotation = None
    if int(dim) > 2:
        q, _ = np.linalg.qr(rng.normal(size=(int(dim), int(dim))))
        rotation = q[:2]
        plane = plane @ rotation
    return AnnuliData(plane.astype(np.float32), labels, list(ANNULI_CLASSES),
                      dict(ANNULI_BETTI), rotation)


ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}


class AnnuliClassifier(nn.Module):
    """A plain MLP: ``depth`` hidden layers of ``width`` units, then 2 logits.

    ``net`` is ``Linear, act, Linear, act, ..., Linear``: the hidden layers' outputs are
    those of the activations, ``net.1``, ``net.3``, ... (`hidden_layers`). The inputs are
    first standardised with the fixed ``mean`` and ``scale`` (buffers, not trained).

    Parameters
    ----------
    dim : int
        Input dimension.
    width, depth : int
        Units per hidden layer, and hidden layers.
    activation : {"relu", "tanh"}
    mean, scale : (dim,) array-like, optional
        Standardisation of the inputs (default: none).
    """

    def __init__(self, dim: int = 2, width: int = 15, depth: int = 8, activation: str = "relu",
                 mean=None, scale=None) -> None:
        super().__init__()
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got "
                             f"{activation!r}")
        if int(depth) < 1 or int(width) < 1:
            raise ValueError(f"width and depth must be positive, got {width!r}, {depth!r}")
        self.activation = activation
        layers: list[nn.Module] = []
        for i in range(int(depth)):
            layers += [nn.Linear(dim if i == 0 else width, width), ACTIVATIONS[activation]()]
        self.net = nn.Sequential(*layers, nn.Linear(width, 2))
        mean = torch.zeros(dim) if mean is None else torch.as_tensor(mean, dtype=torch.float32)
        scale = torch.ones(dim) if scale is None else torch.as_tensor(scale, dtype=torch.float32)
        self.register_buffer("mean", mean.reshape(dim).clone())
        self.register_buffer("scale", scale.reshape(dim).clone())

    @property
    def hidden_layers(self) -> list[str]:
        """Names of the hidden layers' outputs, in network order (``["net.1", "net.3", ...]``)."""
        return [f"net.{i}" for i, m in enumerate(self.net) if not isinstance(m, nn.Linear)]

    def reset_parameters(self) -> None:
        """He (ReLU) or Glorot (tanh, gain 5/3) normal weights and zero biases: with
        PyTorch's default initialisation, 8 narrow tanh layers mostly stall in training."""
        for m in self.net:
            if isinstance(m, nn.Linear):
                if self.activation == "relu":
                    nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                else:
                    nn.init.xavier_normal_(m.weight, gain=nn.init.calculate_gain("tanh"))
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net((x - self.mean) / self.scale)

    @torch.no_grad()
    def accuracy(self, points, labels) -> float:
        """Share of ``points`` whose predicted class is their label."""
        points = torch.as_tensor(np.asarray(points, np.float32))
        labels = torch.as_tensor(np.asarray(labels, np.int64))
        return float((self(points).argmax(1) == labels).float().mean())


def _fit(model: AnnuliClassifier, x: torch.Tensor, y: torch.Tensor, epochs: int,
         batch_size: int, lr: float) -> None:
    """Adam on shuffled mini-batches, the learning rate annealed to 0 on a cosine."""
    steps = epochs * -(-len(x) // batch_size)
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, steps)
    model.train()
    for _ in range(epochs):
        for rows in torch.randperm(len(x)).split(batch_size):
            optimiser.zero_grad()
            nn.functional.cross_entropy(model(x[rows]), y[rows]).backward()
            optimiser.step()
            schedule.step()
    model.eval()


def train_annuli_classifier(activation: str = "relu", *, data: AnnuliData | None = None,
                            width: int = 15, depth: int = 8, epochs: int = 200,
                            batch_size: int = 128, lr: float = 5e-3, seed: int = 0
                            ) -> AnnuliClassifier:
    """Train an `AnnuliClassifier` on the annuli data (seeded; seconds on one CPU thread).

    Parameters
    ----------
    activation : {"relu", "tanh"}
    data : AnnuliData, optional
        What to train on (default ``annuli_data(seed=seed)``).
    width, depth : int
        Of the MLP.
    epochs, batch_size, lr : int, int, float
        Adam, cosine annealing from ``lr`` to 0.
    seed : int
        Seed of the data (when not given), the weights and the batches.

    Returns
    -------
    AnnuliClassifier
        In ``eval()`` mode; its training accuracy is ``model.accuracy(data.points,
        data.labels)``.
    """
    data = annuli_data(seed=seed) if data is None else data
    x, y = torch.from_numpy(data.points), torch.from_numpy(data.labels)
    with seeded_one_thread(seed):
        model = AnnuliClassifier(x.shape[1], width, depth, activation, x.mean(0), x.std(0))
        model.reset_parameters()
        _fit(model, x, y, epochs, batch_size, lr)
    return model


def annuli_space(activation: str = "relu", *, data: AnnuliData | None = None,
                 model: AnnuliClassifier | None = None, seed: int = 0, **kwargs):
    """A LatentSpace of the annuli data: the input and every hidden layer of a classifier.

    Parameters
    ----------
    activation : {"relu", "tanh"}
        Of the classifier trained when ``model`` is not given.
    data : AnnuliData, optional
        Default ``annuli_data(seed=seed)``.
    model : AnnuliClassifier, optional
        A trained classifier (default: ``train_annuli_classifier(activation, data=data,
        seed=seed)``).
    seed : int
    **kwargs
        Go to `latent_widgets.LatentSpace` (``layer=`` included, to capture other layers).

    Returns
    -------
    LatentSpace
        Layers ``["input", "net.1", "net.3", ...]`` in network order (the last hidden layer
        active), labels and class names ``["annuli", "rest"]``; ``space.model`` is the
        classifier.
    """
    from torch.utils.data import TensorDataset

    from latent_widgets.space.capture import INPUT
    from latent_widgets.space.latent_space import LatentSpace

    data = annuli_data(seed=seed) if data is None else data
    if model is None:
        model = train_annuli_classifier(activation, data=data, seed=seed)
    kwargs.setdefault("layer", [INPUT, *model.hidden_layers])
    kwargs.setdefault("progress", False)
    dataset = TensorDataset(torch.from_numpy(data.points), torch.from_numpy(data.labels))
    return LatentSpace(model, dataset, class_names=data.class_names, **kwargs)
