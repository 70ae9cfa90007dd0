"""Servers the tests start and stop themselves, on free ports of 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx

from probation_graph.server import free_port, oxigraph_binary


def wait_for(url: str, process: subprocess.Popen[bytes], output: IO[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output.seek(0)
            raise RuntimeError(f"{process.args} exited with {process.returncode}: {output.read().decode()[-2000:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextmanager
def running(command: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server (its output going to a file, so a chatty server never blocks) and wait until it answers."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        try:
            wait_for(ready, process, output)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def oxigraph(location: Path) -> Iterator[str]:
    """A read-write Oxigraph server over ``location``; yields its base URL."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]  # fmt: skip
    with running(command, f"http://127.0.0.1:{port}/query"):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def probation_server(
    store: Path, *args: str, env: dict[str, str] | None = None, process: bool = False
) -> Iterator[Any]:
    """`probation-graph serve` over ``store``; yields its base URL (and its process id, with ``process``)."""
    port = free_port()
    command = [sys.executable, "-m", "probation_graph", "serve", "--store", str(store), "--port", str(port), *args]
    with running(command, f"http://127.0.0.1:{port}/health", env) as server:
        yield (f"http://127.0.0.1:{port}", server.pid) if process else f"http://127.0.0.1:{port}"


VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso(folder: Path) -> Iterator[str]:
    """Debian's Virtuoso (virtuoso-opensource-7-bin) with SPARQL updates allowed; yields its /sparql URL."""
    sql_port, http_port = free_port(), free_port()
    config = folder / "virtuoso.ini"
    config.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    command = ["virtuoso-t", "+foreground", "+configfile", str(config)]
    url = f"http://127.0.0.1:{http_port}/sparql"
    with running(command, f"{url}?query=ASK%7B%7D") as process:
        grant = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"], check=True,
                       capture_output=True, timeout=60)  # fmt: skip
        yield url
        assert process.poll() is None
