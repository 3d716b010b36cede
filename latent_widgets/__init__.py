"""latent_widgets: Jupyter widgets for looking inside neural networks."""

from latent_widgets.widgets.explorer import Explorer

__all__ = ["Explorer", "__version__"]
__version__ = "0.1.0"
