"""`explore`: the map, its homology and its paths of one latent space, linked, in one layout.

The three views as `link` joins them (the lasso becomes a persistence scope, ε draws the Rips
edges, a bar its cycle, clicks add anchors to the path) in one flexible box of two columns:
the map with the path view under it (clicks on the map add its anchors) and the homology on
their right when the output is wide; one column, map, path, homology, when it is narrow (the
box wraps; no window width is read). A space without a decoder gets the map and the
homology, and a note in words where the path view would be.
"""

from __future__ import annotations

from typing import Any

import ipywidgets

from latent_widgets.space.latent_space import LatentSpace
from latent_widgets.widgets._base import with_picture
from latent_widgets.widgets.explorer import Explorer
from latent_widgets.widgets.inputs import as_space
from latent_widgets.widgets.interpolation import Interpolation
from latent_widgets.widgets.link import Link, link
from latent_widgets.widgets.persistence import Persistence

__all__ = ["App", "explore"]

#: The columns' widths before they grow: narrower than both, the box stacks them.
MAP_BASIS_PX = 560
SIDE_BASIS_PX = 420
NO_DECODER_NOTE = (
    "No decoder, so no paths to decode: pass decode= (or a model with a decode method) to "
    "the LatentSpace to decode clicks, samples and interpolations. The map and its homology "
    "work without one."
)


class App(ipywidgets.Box):
    """The views of :func:`explore`, linked, as one widget (display it, or make it the last
    expression of a cell).

    Attributes
    ----------
    space : LatentSpace
        The space the views share (one map cache: a second view reuses the maps).
    explorer : Explorer
        The map, with its decoder panel.
    persistence : Persistence
        The homology of the latents (all points at first; the lasso offers its scope).
    interpolation : Interpolation or None
        Paths decoded through the decoder; None for a space without one.
    link : Link
        What joins them; `unlink` undoes it.
    """

    def __init__(self, space: LatentSpace, explorer: Explorer, persistence: Persistence,
                 interpolation: Interpolation | None) -> None:
        self.space = space
        self.explorer, self.persistence, self.interpolation = explorer, persistence, interpolation
        views = [persistence, interpolation] if interpolation is not None else [persistence]
        self.link: Link = link(explorer, *views)
        under_map: Any = interpolation if interpolation is not None else ipywidgets.HTML(
            f"<p class='lw-app-note'>{NO_DECODER_NOTE}</p>")
        # grid_gap is CSS's grid-gap, an alias of gap, which flex boxes honour too
        map_side = ipywidgets.VBox([explorer, under_map], layout=ipywidgets.Layout(
            flex=f"1 1 {MAP_BASIS_PX}px", min_width="0", grid_gap="12px"))
        persistence.layout = ipywidgets.Layout(flex=f"1 1 {SIDE_BASIS_PX}px", min_width="0")
        super().__init__(
            [map_side, persistence],
            layout=ipywidgets.Layout(display="flex", flex_flow="row wrap", grid_gap="16px",
                                     align_items="flex-start", width="100%"),
        )
        self.add_class("lw-app")

    @property
    def views(self) -> list[Any]:
        """The views shown, map first."""
        return [v for v in (self.explorer, self.persistence, self.interpolation) if v is not None]

    def unlink(self) -> None:
        """Undo the links between the views (they stay on screen, each on its own)."""
        self.link.unlink()

    def to_html(self, path: Any, *, max_points: int | None = None,
                title: str = "latent_widgets: a latent space") -> Any:
        """Write the app as one self-contained HTML file that works with no kernel.

        Each view as its own ``to_html`` writes it, in one page and one layout, linked
        where no kernel is needed: the scale ε draws the Rips edges on the map, a bar or a
        dot draws its cycle there, the map and the scrubber decode in the page. The file's
        top line says what it holds and what needs a kernel.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write the file.
        max_points : int, optional
            At most this many points on the map (a seeded random subset; cycles and Rips
            edges drawn through the points kept; the file says so).
        title : str
            The page's title.

        Returns
        -------
        pathlib.Path
        """
        from latent_widgets.widgets.export import app_html

        return app_html(self, path, title, max_points=max_points)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live views, and a picture of them one under another (``image/png``)."""
        return with_picture(super()._repr_mimebundle_(**kwargs), self)

    def _picture(self) -> Any:
        from latent_widgets.figures.snapshot import stacked

        return stacked([view._picture() for view in self.views])


def explore(
    space: LatentSpace | Any,
    *,
    projection: str = "umap",
    color: Any = "label",
    maxdim: int = 1,
    time_budget_s: float = 5.0,
    method: str = "linear",
    steps: int = 8,
    height: int = 480,
    seed: int = 0,
    **space_options: Any,
) -> App:
    """The map, the homology and the paths of a latent space, linked, in one call.

    Parameters
    ----------
    space : LatentSpace or (n, d) array-like
        The space, or latents (then ``space_options`` build the LatentSpace).
    projection : {"umap", "pca"}
        The map first shown (the PCA map stays on screen while UMAP computes).
    color : "label", None or one number per point
        The map's colours (`Explorer`).
    maxdim : {0, 1, 2}
        Highest homology dimension (`Persistence`).
    time_budget_s : float
        Seconds the homology may take (`Persistence`).
    method : {"linear", "slerp", "data"}
        How the path view joins its anchors (`Interpolation`).
    steps : int
        Steps between two anchors (`Interpolation`).
    height : int
        Height of the map in pixels.
    seed : int
        Seeds the map and the landmarks.
    **space_options
        With latents for ``space``: ``labels``, ``class_names``, ``decode``, ``image_shape``,
        ``thumbnails`` (`latent_widgets.LatentSpace.from_latents`).

    Returns
    -------
    App
        A widget with ``.explorer``, ``.persistence``, ``.interpolation`` (None without a
        decoder) and ``.link``.

    Raises
    ------
    ValueError, TypeError
        For an argument a view refuses, in its words, before any view is shown.
    """
    shared = as_space(space, **space_options)
    explorer = Explorer(shared, projection=projection, color=color, height=height, seed=seed)
    persistence = Persistence(shared, maxdim, time_budget_s=time_budget_s, seed=seed)
    interpolation = (Interpolation(shared, method=method, steps=steps)
                     if shared.has_decoder else None)
    return App(shared, explorer, persistence, interpolation)
