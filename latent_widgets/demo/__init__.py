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
    digits_data,
    digits_space,
    train_digits_autoencoder,
)

__all__ = [
    "ANNULI_BETTI",
    "AnnuliClassifier",
    "AnnuliData",
    "DigitsAutoencoder",
    "annuli_data",
    "annuli_space",
    "digits_data",
    "digits_space",
    "train_annuli_classifier",
    "train_digits_autoencoder",
]
