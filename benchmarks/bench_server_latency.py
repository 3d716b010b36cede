"""Where the ~50 ms floor of a widget round trip goes: the kernel alone vs through the server.

Times an ``execute_request`` of ``pass`` (request → ``status: idle``), with the arrival time
of each IOPub message, four ways in one run: straight to a kernel of its own with
jupyter_client (ZMQ); with jupyter_client to the kernel a real JupyterLab server started
(its connection file, IOPub subscribed); through that server's kernel websocket (what the
browser uses); and through the websocket of a server started with
``--ServerApp.kernel_websocket_connection_class=`` :class:`NoDelayKernelWebsocketConnection
<latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection>` (TCP_NODELAY on the websocket).
Run: ``.venv/bin/python -m benchmarks.bench_server_latency``
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from benchmarks.report import machine_line, write_section
from tests.browser.lab import LabServer

ROUNDS = 40
NODELAY = (
    "--ServerApp.kernel_websocket_connection_class="
    "latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection"
)

Trace = list[tuple[str, float]]


def _kind(message: dict) -> str:
    kind = message["msg_type"]
    if kind == "status":
        kind += "/" + message["content"]["execution_state"]
    return kind


def direct_round_trips() -> list[float]:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        times = []
        for _ in range(ROUNDS + 5):
            start = time.perf_counter()
            client.execute_interactive("pass", timeout=10)
            times.append((time.perf_counter() - start) * 1000)
        return times[5:]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def client_traces(connection_file: Path) -> list[Trace]:
    """IOPub arrivals for a jupyter_client connected to an already running kernel."""
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient(connection_file=str(connection_file))
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        traces = []
        for _ in range(ROUNDS + 5):
            start = time.perf_counter()
            msg_id = client.execute("pass", store_history=False)
            trace: Trace = []
            while not trace or trace[-1][0] != "status/idle":
                message = client.get_iopub_msg(timeout=10)
                if message["parent_header"].get("msg_id") == msg_id:
                    trace.append((_kind(message), (time.perf_counter() - start) * 1000))
            client.get_shell_msg(timeout=10)
            traces.append(trace)
        return traces[5:]
    finally:
        client.stop_channels()


def _request(session: str) -> str:
    header = {"msg_id": uuid.uuid4().hex, "username": "", "session": session,
              "msg_type": "execute_request", "version": "5.3", "date": ""}
    content = {"code": "pass", "silent": False, "store_history": False,
               "user_expressions": {}, "allow_stdin": False}
    return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                       "content": content, "channel": "shell", "buffers": []})


async def server_traces(extra: list[str], direct: bool) -> tuple[list[Trace], list[Trace]]:
    """Websocket traces through a JupyterLab server started with ``extra`` options, and
    (``direct``) jupyter_client traces to the same server's kernel."""
    from tornado.websocket import websocket_connect

    server = LabServer(Path(tempfile.mkdtemp(prefix="lw-latency-")))
    # the tests' server has the fix built in: take it out, and put it back only when asked
    command = [arg for arg in server.default_command()
               if not arg.startswith("--ServerApp.kernel_websocket_connection_class")
               and "NoDelayKernelWebsocketConnection" not in arg]
    server.command = command + ["--ServerApp.disable_check_xsrf=True", *extra]
    server.start()
    try:
        request = urllib.request.Request(
            f"{server.url}/api/kernels", data=b'{"name": "python3"}', method="POST",
            headers={"Content-Type": "application/json"})
        kernel = json.loads(urllib.request.urlopen(request).read())["id"]
        ws = await websocket_connect(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels")
        await asyncio.sleep(3)
        session, traces = uuid.uuid4().hex, []
        for _ in range(ROUNDS + 5):
            start = time.perf_counter()
            await ws.write_message(_request(session))
            trace: Trace = []
            while True:
                message = json.loads(await ws.read_message())
                trace.append((_kind(message), (time.perf_counter() - start) * 1000))
                if trace[-1][0] == "status/idle" and message["parent_header"].get(
                    "msg_type"
                ) == "execute_request":
                    break
            traces.append(trace)
        direct_traces = (
            client_traces(server.base / "runtime" / f"kernel-{kernel}.json") if direct else []
        )
        ws.close()
        return traces[5:], direct_traces
    finally:
        server.stop()


def _p50(traces: list[Trace]) -> float:
    return statistics.median(trace[-1][1] for trace in traces)


def _arrivals(traces: list[Trace]) -> str:
    """The arrivals of the round whose total is the median one."""
    typical = sorted(traces, key=lambda trace: trace[-1][1])[len(traces) // 2]
    return ", ".join(f"{kind} {ms:.1f}" for kind, ms in typical)


def main() -> None:
    direct = direct_round_trips()
    through, to_server_kernel = asyncio.run(server_traces([], direct=True))
    nodelay, _ = asyncio.run(server_traces([NODELAY], direct=False))
    rows = [
        "| straight to a kernel of its own (jupyter_client, ZMQ) "
        f"| {statistics.median(direct):.1f} | |",
        f"| jupyter_client to the server's kernel (its connection file) | "
        f"{_p50(to_server_kernel):.1f} | {_arrivals(to_server_kernel)} |",
        f"| through JupyterLab's kernel websocket (defaults) | {_p50(through):.1f} "
        f"| {_arrivals(through)} |",
        f"| the same, with `{NODELAY}` | {_p50(nodelay):.1f} | {_arrivals(nodelay)} |",
    ]
    print("\n".join(rows))
    write_section("server-latency", "\n".join([
        "## Where the round-trip floor goes",
        "",
        "`.venv/bin/python -m benchmarks.bench_server_latency` — `execute_request` of `pass`, "
        f"request → `status: idle`, p50 of {ROUNDS}; arrivals of each IOPub message in the "
        "median round.",
        "",
        "| path | p50 (ms) | arrivals (ms) |",
        "|---|---|---|",
        *rows,
        "",
        "The kernel is not the floor: the very kernel the server started answers a "
        "jupyter_client in a few milliseconds, every IOPub message included. Through the "
        "websocket the first message (`status: busy`) arrives at once and the rest together "
        "about 40 ms later: Nagle's algorithm on the server's websocket socket (tornado leaves "
        "it on unless the handler calls `set_nodelay(True)`, and jupyter_server does not) "
        "holds the second small write until the first is acknowledged, and the client's TCP "
        "stack delays that acknowledgement by its 40 ms delayed-ACK timer. Setting "
        "TCP_NODELAY on the websocket (the connection class in `latent_widgets/jupyter_server.py`, "
        "chosen with the option above) removes the wait. TCP_NODELAY on the server's ZMQ "
        "sockets, or pyzmq 26.4 instead of 27.3, does not change it (tried by hand). In "
        "headless Chromium (`bench_explorer_click`, 30 events per row, two runs each on a "
        "loaded 2-core machine) the option took the widget echo floor from 53.5 / 48.7 ms p50 "
        "to 17.3 / 10.8 ms, and the decode started in the page from 57.0 / 49.8 to "
        "23.8 / 15.8 ms. The full click benchmark with the option is in *Explorer: click → "
        "frame drawn* above.",
        "",
        machine_line(),
    ]))


if __name__ == "__main__":
    main()
