"""A Jupyter Server option that removes the ~40 ms wait from every kernel round trip.

Tornado leaves Nagle's algorithm on for websockets (``WebSocketHandler.set_nodelay``
defaults to off) and jupyter_server never turns it off. A kernel answers a request with
several small IOPub/shell messages in a row (``status: busy``, then ``execute_input``,
the reply or ``comm_msg``, ``status: idle``); the server writes the first one at once,
but Nagle holds the next ones until the browser's TCP stack acknowledges the first,
and that acknowledgement is delayed (40 ms on Linux). So every click → answer waited
~40 ms in the server, not in the kernel.

Use it with::

    jupyter lab --ServerApp.kernel_websocket_connection_class=\
latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection

(in ``make demo``: ``JUPYTER_ARGS=--ServerApp.kernel_websocket_connection_class=...``).
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class NoDelayKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The default kernel websocket connection, with TCP_NODELAY set on the websocket."""

    def connect(self):  # type: ignore[override]
        # Called from the handler's open(), once the websocket is accepted.
        self.websocket_handler.set_nodelay(True)
        return super().connect()
