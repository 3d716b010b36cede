"""latent_widgets: Jupyter widgets for looking inside neural networks.

The public names are loaded when first used (PEP 562, a module ``__getattr__``): ``import
latent_widgets`` loads none of torch, ripser, scikit-learn, persim or UMAP, and
``lw.Explorer`` loads what the Explorer needs the first time it is named.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_WHERE = {
    "PCA": "latent_widgets.projection.pca",
    "UMAP": "latent_widgets.projection.umap",
    "trustworthiness": "latent_widgets.projection.metrics",
    "LatentMap": "latent_widgets.projection.latent_map",
    "LatentSpace": "latent_widgets.space.latent_space",
    "Explorer": "latent_widgets.widgets.explorer",
    "Interpolation": "latent_widgets.widgets.interpolation",
    "Persistence": "latent_widgets.widgets.persistence",
    "link": "latent_widgets.widgets.link",
    "explore": "latent_widgets.widgets.app",
    "App": "latent_widgets.widgets.app",
    "anytime_persistence": "latent_widgets.topology.anytime",
    "betti": "latent_widgets.topology.persistence",
    "h0_mst": "latent_widgets.topology.persistence",
    "persistence": "latent_widgets.topology.persistence",
    "persistence_by_layer": "latent_widgets.topology.persistence",
    "betti_by_layer": "latent_widgets.topology.layers",
    "map_check": "latent_widgets.topology.map_topology",
}

__all__ = [
    "App",
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
    "explore",
    "h0_mst",
    "link",
    "map_check",
    "persistence",
    "persistence_by_layer",
    "trustworthiness",
]

if TYPE_CHECKING:  # what type checkers and editors see
    from latent_widgets.projection.latent_map import LatentMap
    from latent_widgets.projection.metrics import trustworthiness
    from latent_widgets.projection.pca import PCA
    from latent_widgets.projection.umap import UMAP
    from latent_widgets.space.latent_space import LatentSpace
    from latent_widgets.topology.anytime import anytime_persistence
    from latent_widgets.topology.layers import betti_by_layer
    from latent_widgets.topology.map_topology import map_check
    from latent_widgets.topology.persistence import betti, h0_mst, persistence, persistence_by_layer
    from latent_widgets.widgets.app import App, explore
    from latent_widgets.widgets.explorer import Explorer
    from latent_widgets.widgets.interpolation import Interpolation
    from latent_widgets.widgets.link import link
    from latent_widgets.widgets.persistence import Persistence


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'latent_widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value  # the next lookup is a plain one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
