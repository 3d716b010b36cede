from latent_widgets.jupyter_server import NoDelayKernelWebsocketConnection


class Handler:
    def __init__(self, calls):
        self.calls = calls

    def set_nodelay(self, value):
        self.calls.append(("nodelay", value))


def test_the_websocket_turns_nagle_off_before_the_channels_connect(monkeypatch):
    calls = []
    from jupyter_server.services.kernels.connection import channels

    monkeypatch.setattr(channels.ZMQChannelsWebsocketConnection, "connect",
                        lambda self: calls.append(("connect", None)) or "connected")
    connection = NoDelayKernelWebsocketConnection.__new__(NoDelayKernelWebsocketConnection)
    monkeypatch.setattr(NoDelayKernelWebsocketConnection, "websocket_handler", Handler(calls),
                        raising=False)
    assert connection.connect() == "connected"
    assert calls == [("nodelay", True), ("connect", None)]
