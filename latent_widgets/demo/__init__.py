"""Small offline demos: data and models that need no download."""

from latent_widgets.demo.digits import DigitsDemo, digits_demo

__all__ = ["DigitsDemo", "digits_demo"]
