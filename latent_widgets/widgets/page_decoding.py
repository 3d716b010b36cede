"""What a view is sent to decode in the page (`latent_widgets.in_page`).

Shared by the Explorer (which also decodes between points and lists the nearest data, so it
is sent the data's latents and thumbnails) and the Interpolation (whose scrubber decodes
points of the path it already holds): `page_decoder_reply` answers a view's request for its
decoder, `PageRuntimeCommand` the first view's request for the runtime's wasm (one per page,
whatever the number of views).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets.in_page.payload import PAGE_DATA_BUDGET, is_current, page_decoder
from latent_widgets.in_page.runtime import wasm_binary
from latent_widgets.widgets._base import widget_command

#: How every reason for decoding in the kernel ends.
IN_THE_KERNEL = "decoding stays in the kernel"


def page_decoder_reply(space: Any, allowed: bool, with_data: bool,
                       budget: int | None = None) -> dict[str, Any]:
    """What the page needs to decode, or ``{"available": False, "reason"}`` in words.

    Parameters
    ----------
    space : latent_widgets.LatentSpace
    allowed : bool
        The widget's ``decode_in_page``.
    with_data : bool
        Send the data's latents and thumbnails (within ``budget`` bytes, else the kernel).
    budget : int, optional
        The most bytes of latents and thumbnails sent (default `PAGE_DATA_BUDGET`).
    """
    budget = PAGE_DATA_BUDGET if budget is None else budget
    if not allowed:
        return {"available": False, "reason": f"decode_in_page=False: {IN_THE_KERNEL}"}
    built = page_decoder(space)
    if isinstance(built, str):
        return {"available": False, "reason": built}
    reply = {"available": True, **built.message()}
    if not with_data:
        return reply
    latents = np.ascontiguousarray(space.decode_latents, np.float32)
    thumbs = space.thumbnails
    size = latents.nbytes + (0 if thumbs is None else thumbs.nbytes)
    if size > budget:
        what = "latents" if thumbs is None else "latents and thumbnails"
        return {"available": False, "reason": (
            f"the space's {what} take {size / 2**20:.0f} MB, more than the "
            f"{budget / 2**20:.0f} MB sent to a page: {IN_THE_KERNEL}")}
    return {**reply, "latents": latents, "thumbnails": thumbs}


class PageRuntimeCommand:
    """The commands that give a page its decoder and onnxruntime-web's wasm, and the check
    that the decoder a page was sent is still the space's (a mixin of the widgets that
    decode in the page; ``_page_data``: whether the page also needs the data's latents and
    thumbnails, as the Explorer's does)."""

    _page_data = False

    @widget_command
    def _page_decoder_command(self, request: dict) -> dict:
        """The decoder for the page (with the data when `_page_data`), or why it cannot."""
        reply = page_decoder_reply(self.space, self._decode_in_page, with_data=self._page_data)
        self._page_decoder_sent()
        return reply

    def _page_decoder_sent(self) -> None:
        """Remember the decoder the page now runs (after answering its request)."""
        self._sent_decoder = page_decoder(self.space)

    def _check_page_decoder(self) -> None:
        """A decoder trained (or changed) since the page was sent it: tell the page, which
        asks for the new one (and decodes in the kernel meanwhile)."""
        sent = getattr(self, "_sent_decoder", None)
        if sent is not None and not isinstance(sent, str) and not is_current(self.space, sent):
            self._sent_decoder = None
            self.send({"kind": "page_decoder_changed"})

    @widget_command
    def _page_runtime_command(self, request: dict) -> dict:
        """The runtime's WebAssembly binary, for the first view of a page that decodes."""
        return {"wasm": wasm_binary()}
