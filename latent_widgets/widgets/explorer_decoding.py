"""The Explorer's decoding: a click on the map decoded through the space's decoder.

A mixin of :class:`latent_widgets.widgets.explorer.Explorer`, kept apart so that the widget's
module holds its traits and maps, this one what a click, a hover and ``decode_at`` /
``decode_point`` do. It reads the Explorer's traits (``layer``, ``points``, ``n_neighbours``,
``last_click``) and its ``space`` and ``map``.

A click decodes in the page when it can (`latent_widgets.in_page`): the view asks for the
decoder as an ONNX model (`_page_decoder_command`) and for each map's inverse
(`_page_inverse_command`), and tells the kernel what it decoded (a ``page_decoded``
message, no answer awaited), so that ``decoded_*`` and ``last_click`` follow as they do for
a click decoded here.
"""

from __future__ import annotations

import time

import numpy as np

from latent_widgets.in_page.inverse import inverse_recipe
from latent_widgets.space.decoding import NO_DECODER
from latent_widgets.widgets._base import after_reply, widget_command
from latent_widgets.widgets.page_decoding import PageRuntimeCommand


class ExplorerDecoding(PageRuntimeCommand):
    """Decoding for the Explorer: the commands the view invokes and the public calls."""

    _page_data = True  # the page inverts the map and lists the nearest data itself

    def _decodes(self, layer: str) -> bool:
        return self.space.has_decoder and layer == self._decode_layer

    def _decoder_note(self, layer: str | None = None) -> str:
        layer = self.layer if layer is None else layer
        if not self.space.has_decoder:
            return self.space.decoder_note or (
                f"{NO_DECODER[0].upper()}{NO_DECODER[1:]}; the map works without one.")
        if layer != self._decode_layer:
            return (
                f"The map shows layer {layer!r}; the decoder reads {self._decode_layer!r}: "
                "switch back to that layer to decode."
            )
        return ""

    def _check_decodes(self) -> None:
        if not self.space.has_decoder:
            raise RuntimeError(self._decoder_note())
        if self.layer != self._decode_layer:
            raise RuntimeError(
                f"{self._decoder_note()} (explorer.layer = {self._decode_layer!r})"
            )

    def _decoded(self, latent: np.ndarray, position: list[float], index: int,
                 start: float) -> np.ndarray:
        frame = self.space.decode(latent[None])[0]
        self.decode_ms = (time.perf_counter() - start) * 1000.0
        self.decoded_position = position
        self.decoded_latent = latent
        self.decoded_index = index
        return frame

    def decode_at(self, x: float, y: float) -> np.ndarray:
        """Decode the map position ``(x, y)`` through the map's inverse: an RGBA frame.

        Raises
        ------
        RuntimeError
            When the space has no decoder, or the map shows another layer than the
            decoder's.
        """
        self._check_decodes()
        start = time.perf_counter()
        latent = self.map.to_latent(self.shown_projection, x, y)
        return self._decoded(latent, [float(x), float(y)], -1, start)

    def decode_point(self, index: int) -> np.ndarray:
        """Decode data point ``index``'s own latent (what a click on the point does).

        Raises
        ------
        RuntimeError
            As `decode_at`.
        IndexError
            For an index outside ``0..n-1``.
        """
        self._check_decodes()
        index = int(index)
        if not 0 <= index < self.space.n:
            raise IndexError(f"point {index} does not exist: the map has {self.space.n} points")
        start = time.perf_counter()
        latent = np.array(self.space.decode_latents[index], dtype=np.float32)
        x, y = (float(v) for v in self.points[index])
        return self._decoded(latent, [x, y], index, start)

    def _neighbours_of(self, latent: np.ndarray) -> dict:
        indices, distances = self.map.neighbours(latent, self.n_neighbours)
        labels, names = self.space.labels, self.space.class_names
        thumbs = self.space.thumbnails
        return {
            "indices": indices.astype(np.int32),
            "distances": distances,
            "labels": [] if labels is None else [names[c] for c in labels[indices]],
            "thumbnails": None if thumbs is None else np.ascontiguousarray(thumbs[indices]),
        }

    @widget_command
    def _decode_command(self, request: dict) -> dict:
        x, y = float(request["x"]), float(request["y"])
        index = int(request.get("index", -1))
        if 0 <= index < self.space.n:  # on a drawn point: that point itself
            frame = self.decode_point(index)
        else:  # between points: the map's inverse there
            index, frame = -1, self.decode_at(x, y)
        neighbours = self._neighbours_of(self.decoded_latent)
        if request.get("click"):  # linked views react after the frame is on its way
            click = {"x": x, "y": y, "index": index,
                     "n": self.last_click.get("n", 0) + 1}  # a repeat click counts
            after_reply(lambda: setattr(self, "last_click", click))
        px, py = self.decoded_position
        return {"x": px, "y": py, "index": index, "frame": frame, "neighbours": neighbours}

    @widget_command
    def _page_inverse_command(self, request: dict) -> dict:
        """How the page inverts the map ``request["projection"]`` of ``request["layer"]``."""
        result = self.map.cached(str(request["projection"]))
        layer = request.get("layer", self.layer)
        if result is None or layer != self.layer or not self._decodes(layer):
            return {"kind": "kernel", "reason": "that map is no longer the one shown"}
        return inverse_recipe(result.projection)

    def _page_message(self, _widget: object, content: object, _buffers: object) -> None:
        """What the page decoded: the same traits as a click decoded here."""
        if not isinstance(content, dict) or content.get("kind") != "page_decoded":
            return
        x, y, index = float(content["x"]), float(content["y"]), int(content["index"])
        self.decoded_position = [float(v) for v in content["position"]]
        self.decoded_latent = np.asarray(content["latent"], np.float32)
        self.decoded_index = index
        if content.get("click"):
            self.last_click = {"x": x, "y": y, "index": index,
                               "n": self.last_click.get("n", 0) + 1}
        self._check_page_decoder()

    @widget_command
    def _hover_command(self, request: dict) -> dict:
        index = int(request["index"])
        if not 0 <= index < self.space.n:
            raise IndexError(f"point {index} does not exist: the map has {self.space.n} points")
        labels = self.space.labels
        thumbs = self.space.thumbnails
        return {
            "index": index,
            "label": None if labels is None else self.space.class_names[labels[index]],
            "thumbnail": None if thumbs is None else thumbs[index],
        }
