"""latent_widgets: Jupyter widgets for looking inside neural networks."""

from latent_widgets.latent_map import LatentMap
from latent_widgets.projection import PCA, UMAP, trustworthiness
from latent_widgets.space import LatentSpace
from latent_widgets.topology import betti, h0_mst, persistence, persistence_by_layer
from latent_widgets.widgets.explorer import Explorer

__all__ = [
    "PCA",
    "UMAP",
    "Explorer",
    "LatentMap",
    "LatentSpace",
    "__version__",
    "betti",
    "h0_mst",
    "persistence",
    "persistence_by_layer",
    "trustworthiness",
]
__version__ = "0.1.0"
