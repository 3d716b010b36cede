"""Small offline demos: data and models that need no download."""

from latent_widgets.demo.annuli import (
    ANNULI_BETTI,
    AnnuliClassifier,
    AnnuliData,
    annuli_data,
    annuli_space,
    train_annuli_classifier,
)
from latent_widgets.demo.digits import (
    DigitsAutoencoder,
    digits_autoencoder,
    digits_data,
    digits_space,
    train_digits_autoencoder,
)
from latent_widgets.demo.shapes import SHAPE_NAMES, ShapesData, shapes_data
from latent_widgets.demo.shapes_vae import (
    ShapesVAE,
    load_shapes_vae,
    shapes_space,
    train_shapes_vae,
)

__all__ = [
    "ANNULI_BETTI",
    "SHAPE_NAMES",
    "ShapesData",
    "ShapesVAE",
    "load_shapes_vae",
    "shapes_data",
    "shapes_space",
    "train_shapes_vae",
    "AnnuliClassifier",
    "AnnuliData",
    "DigitsAutoencoder",
    "digits_autoencoder",
    "annuli_data",
    "annuli_space",
    "digits_data",
    "digits_space",
    "train_annuli_classifier",
    "train_digits_autoencoder",
]
