"""Small offline demos: data and models that need no download."""

from latent_widgets.demo.digits import (
    DigitsAutoencoder,
    digits_data,
    digits_space,
    train_digits_autoencoder,
)

__all__ = ["DigitsAutoencoder", "digits_data", "digits_space", "train_digits_autoencoder"]
