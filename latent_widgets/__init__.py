"""latent_widgets: Jupyter widgets for looking inside neural networks."""

from latent_widgets.anytime import anytime_persistence
from latent_widgets.latent_map import LatentMap
from latent_widgets.layer_betti import betti_by_layer
from latent_widgets.map_check import map_check
from latent_widgets.projection import PCA, UMAP, trustworthiness
from latent_widgets.space import LatentSpace
from latent_widgets.topology import betti, h0_mst, persistence, persistence_by_layer
from latent_widgets.widgets.explorer import Explorer
from latent_widgets.widgets.interpolation import Interpolation
from latent_widgets.widgets.link import link
from latent_widgets.widgets.persistence import Persistence

__all__ = [
    "PCA",
    "UMAP",
    "Explorer",
    "Interpolation",
    "LatentMap",
    "LatentSpace",
    "Persistence",
    "__version__",
    "anytime_persistence",
    "betti",
    "betti_by_layer",
    "h0_mst",
    "link",
    "map_check",
    "persistence",
    "persistence_by_layer",
    "trustworthiness",
]
__version__ = "0.1.0"
