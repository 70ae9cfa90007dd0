"""The servers the endpoint benchmarks compare, started on free loopback ports and stopped after."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from probation_graph.server import free_port, oxigraph_binary

LOGS = Path(__file__).resolve().parent / ".cache" / "logs"


@contextmanager
def started(command: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, its output going to bench/.cache/logs/, and wait until it answers."""
    LOGS.mkdir(parents=True, exist_ok=True)
    name = "oxigraph" if "oxigraph" in Path(command[0]).name else "probation-graph-serve"
    log = (LOGS / f"{name}.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[:2]} stopped; its output is in {log.name}")
            try:
                if httpx.get(ready, timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(ready)
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def plain_oxigraph(store: Path, *, timeout_s: int | None = None) -> Iterator[str]:
    """`oxigraph serve-read-only` on the store, as anyone would run it; yields its base URL."""
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph", "--cors"]  # fmt: skip
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    with started(command, f"http://127.0.0.1:{port}/query"):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def probation_serve(store: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`probation-graph serve` on the store; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "probation_graph", "serve", "--store", str(store), "--port", str(port)]
    with started(command, f"http://127.0.0.1:{port}/health", env):
        yield f"http://127.0.0.1:{port}"
