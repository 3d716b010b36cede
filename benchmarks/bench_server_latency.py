"""Where the ~50 ms floor of a widget round trip goes: the kernel alone vs through the server.

Times an ``execute_request`` of ``pass`` (request → ``status: idle``), with the arrival time
of each IOPub message, four ways in one run: straight to a kernel of its own with
jupyter_client (ZMQ); with jupyter_client to the kernel a real JupyterLab server started
(its connection file, IOPub subscribed); through that server's kernel websocket (what the
browser uses); and through the websocket of a server started with
``--ServerApp.kernel_websocket_connection_class=`` :class:`NoDelayKernelWebsocketConnection
<latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection>` (TCP_NODELAY on the websocket).
Run: ``.venv/bin/python -m benchmarks.bench_server_latency``; ``--smoke``: 3 rounds after one
warm-up, the table to a temporary file. A smoke run inside ``benchmarks.lab_page.use`` (the
smoke test) measures through that running server (the option set) and starts no other, so the
row of a server with the defaults is left to full runs.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import statistics
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import machine_line, smoke_parser, write_section
from benchmarks.lab_page import shared_server
from tests.browser.lab import LabServer

ROUNDS = 40
NODELAY = (
    "--ServerApp.kernel_websocket_connection_class="
    "latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection"
)

Trace = list[tuple[str, float]]


@dataclass
class Plan:
    rounds: int = ROUNDS  # timed round trips a path
    warmup: int = 5  # untimed ones before them
    settle_s: float = 3.0  # after the websocket opens, for the new kernel


SMOKE = Plan(rounds=3, warmup=1, settle_s=2.0)


def _kind(message: dict) -> str:
    kind = message["msg_type"]
    if kind == "status":
        kind += "/" + message["content"]["execution_state"]
    return kind


def direct_round_trips(plan: Plan) -> list[float]:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        times = []
        for _ in range(plan.rounds + plan.warmup):
            start = time.perf_counter()
            client.execute_interactive("pass", timeout=10)
            times.append((time.perf_counter() - start) * 1000)
        return times[plan.warmup:]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def client_traces(connection_file: Path, plan: Plan) -> list[Trace]:
    """IOPub arrivals for a jupyter_client connected to an already running kernel."""
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient(connection_file=str(connection_file))
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        traces = []
        for _ in range(plan.rounds + plan.warmup):
            start = time.perf_counter()
            msg_id = client.execute("pass", store_history=False)
            trace: Trace = []
            while not trace or trace[-1][0] != "status/idle":
                message = client.get_iopub_msg(timeout=10)
                if message["parent_header"].get("msg_id") == msg_id:
                    trace.append((_kind(message), (time.perf_counter() - start) * 1000))
            client.get_shell_msg(timeout=10)
            traces.append(trace)
        return traces[plan.warmup:]
    finally:
        client.stop_channels()


def _request(session: str) -> str:
    header = {"msg_id": uuid.uuid4().hex, "username": "", "session": session,
              "msg_type": "execute_request", "version": "5.3", "date": ""}
    content = {"code": "pass", "silent": False, "store_history": False,
               "user_expressions": {}, "allow_stdin": False}
    return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                       "content": content, "channel": "shell", "buffers": []})


class Kernels:
    """Start and end kernels through a server's REST API (with its XSRF cookie)."""

    def __init__(self, server: LabServer) -> None:
        self.url = server.url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(f"{self.url}/lab").read()
        self.xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")

    def _call(self, method: str, path: str, data: bytes | None = None) -> bytes:
        request = urllib.request.Request(
            f"{self.url}{path}", data=data, method=method,
            headers={"Content-Type": "application/json", "X-XSRFToken": self.xsrf})
        return self.opener.open(request).read()

    def start(self) -> str:
        return json.loads(self._call("POST", "/api/kernels", b'{"name": "python3"}'))["id"]

    def stop(self, kernel: str) -> None:
        self._call("DELETE", f"/api/kernels/{kernel}")


def start_server(extra: list[str]) -> LabServer:
    """A JupyterLab server with the defaults, and ``extra`` options."""
    server = LabServer(Path(tempfile.mkdtemp(prefix="lw-latency-")))
    # the tests' server has the fix built in: take it out, and put it back only when asked
    command = [arg for arg in server.default_command()
               if not arg.startswith("--ServerApp.kernel_websocket_connection_class")
               and "NoDelayKernelWebsocketConnection" not in arg]
    server.command = command + ["--ServerApp.disable_check_xsrf=True", *extra]
    return server.start()


async def websocket_traces(server: LabServer, kernel: str, plan: Plan,
                           direct: bool) -> tuple[list[Trace], list[Trace]]:
    """IOPub arrivals of ``execute_request``s sent through the server's kernel websocket, and
    (``direct``, the websocket still open) of a jupyter_client's to the same kernel."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels")
    await asyncio.sleep(plan.settle_s)
    session, traces = uuid.uuid4().hex, []
    for _ in range(plan.rounds + plan.warmup):
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
    connection = server.base / "runtime" / f"kernel-{kernel}.json"
    direct_traces = client_traces(connection, plan) if direct else []
    ws.close()
    return traces[plan.warmup:], direct_traces


def server_traces(extra: list[str], direct: bool, plan: Plan,
                  server: LabServer | None = None) -> tuple[list[Trace], list[Trace]]:
    """Websocket traces through a JupyterLab server started with ``extra`` options (or through
    the running ``server``), and (``direct``) jupyter_client traces to the same kernel."""
    own = server is None
    server = start_server(extra) if own else server
    kernels = Kernels(server)
    kernel = kernels.start()
    try:
        with ThreadPoolExecutor(1) as pool:  # an event loop of its own, whoever runs one here
            return pool.submit(asyncio.run,
                               websocket_traces(server, kernel, plan, direct)).result()
    finally:
        if own:
            server.stop()
        else:
            kernels.stop(kernel)


def _p50(traces: list[Trace]) -> float:
    return statistics.median(trace[-1][1] for trace in traces)


def _arrivals(traces: list[Trace]) -> str:
    """The arrivals of the round whose total is the median one."""
    typical = sorted(traces, key=lambda trace: trace[-1][1])[len(traces) // 2]
    return ", ".join(f"{kind} {ms:.1f}" for kind, ms in typical)


def measure(plan: Plan) -> dict[str, list]:
    """Every path; inside `benchmarks.lab_page.use`, through that server alone."""
    running = shared_server()
    measured = {"direct": direct_round_trips(plan)}
    if running is None:
        measured["through"], measured["server_kernel"] = server_traces([], True, plan)
        measured["nodelay"], _ = server_traces([NODELAY], False, plan)
    else:  # its kernel websocket has the option set
        measured["nodelay"], measured["server_kernel"] = server_traces([], True, plan, running)
    return measured


def table(measured: dict[str, list], plan: Plan) -> str:
    direct, server_kernel, nodelay = (measured[k] for k in ("direct", "server_kernel", "nodelay"))
    through = measured.get("through")
    rows = [
        "| straight to a kernel of its own (jupyter_client, ZMQ) "
        f"| {statistics.median(direct):.1f} | |",
        f"| jupyter_client to the server's kernel (its connection file) | "
        f"{_p50(server_kernel):.1f} | {_arrivals(server_kernel)} |",
        f"| through JupyterLab's kernel websocket (defaults) | {_p50(through):.1f} "
        f"| {_arrivals(through)} |" if through else
        "| through JupyterLab's kernel websocket (defaults) | measured in full runs only "
        "(a server of its own) | |",
        f"| the same, with `{NODELAY}` | {_p50(nodelay):.1f} | {_arrivals(nodelay)} |",
    ]
    print("\n".join(rows))
    return "\n".join([
        "## Where the round-trip floor goes",
        "",
        "`.venv/bin/python -m benchmarks.bench_server_latency` — `execute_request` of `pass`, "
        f"request → `status: idle`, p50 of {plan.rounds}; arrivals of each IOPub message in the "
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
    ])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("3 rounds after one warm-up")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else Plan()
    markdown = table(measure(plan), plan)
    return write_section("server-latency", markdown, smoke=args.smoke)


if __name__ == "__main__":
    main()
