"""The query processes behind `probation-graph serve`: the only way the server reaches the store.

Each process (:mod:`.query_worker`) holds the store open and runs one request at a time, talking
to the server over its standard input and output; none listens on a port, so no other process can
send it a query or an update past the server's checks. pyoxigraph cannot cancel a query, so a query
over the time limit is stopped by ending the process that runs it, and that process alone: the
others go on answering, and a new one takes its place. The same query text is then refused at once
for a cool-down period, so clients repeating a runaway query cannot keep the processes busy.

A read-only server runs several processes over a read-only store; a server with updates runs one
read-write process, which applies updates and answers queries in turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoreError
from .processes import die_with_parent

WORKER = Path(__file__).with_name("query_worker.py")
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Reply:
    """A worker's answer: an HTTP status, a media type and the body."""

    status: int
    media: str
    body: bytes


class Overrun(Exception):
    """A request ran over the time limit (its worker was ended), or was refused as a recent runaway."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(eq=False)
class Worker:
    """One query process and its pipes."""

    process: asyncio.subprocess.Process
    served: int = 0

    async def request(self, payload: dict[str, object]) -> Reply:
        """Send one request and read its reply."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(payload).encode() + b"\n")
        await self.process.stdin.drain()
        header = json.loads(await self.process.stdout.readline() or b"{}")
        if "length" not in header:
            raise StoreError("a query process stopped while answering")
        body = await self.process.stdout.readexactly(int(header["length"]))
        self.served += 1
        return Reply(int(header["status"]), str(header["media"]), body)

    def kill(self) -> None:
        """End the process at once (it may be stuck in a query)."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


@dataclass
class QueryPool:
    """Processes over the store at ``location``, and the requests they run within the time limit."""

    location: Path
    size: int = 2
    updates: bool = False
    timeout: float = 30.0
    cooldown: float = 60.0
    restarts: int = 0
    _idle: asyncio.Queue[Worker] = field(default_factory=asyncio.Queue)
    _workers: set[Worker] = field(default_factory=set)
    _runaways: dict[str, float] = field(default_factory=dict)
    _replacing: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> None:
        """Start the processes (one when updates are on); :class:`StoreError` if the store does not open."""
        if not self.location.is_dir():
            raise StoreError(f"no store at {self.location}: run `probation-graph build` first")
        count = 1 if self.updates else max(1, self.size)
        for worker in await asyncio.gather(*(self._spawn() for _ in range(count))):
            self._idle.put_nowait(worker)

    async def _spawn(self) -> Worker:
        mode = "read-write" if self.updates else "read-only"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-P", str(WORKER), str(self.location), mode,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            preexec_fn=die_with_parent, limit=2**20,
        )  # fmt: skip
        assert process.stdout is not None
        try:
            async with asyncio.timeout(START_TIMEOUT):
                header = json.loads(await process.stdout.readline() or b"{}")
        except TimeoutError:
            header = {"error": f"it did not start within {START_TIMEOUT:g} s"}
        if not header.get("ready"):
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            raise StoreError(f"cannot open the store at {self.location}: {header.get('error', 'the process stopped')}")
        worker = Worker(process)
        self._workers.add(worker)
        return worker

    def _replace(self, worker: Worker) -> None:
        """End ``worker`` and start another in its place, in the background."""
        worker.kill()
        self._workers.discard(worker)
        self.restarts += 1

        async def replace() -> None:
            with contextlib.suppress(ProcessLookupError):
                await worker.process.wait()
            self._idle.put_nowait(await self._spawn())

        task = asyncio.create_task(replace())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    @staticmethod
    def _key(payload: dict[str, object]) -> str:
        text = " ".join(str(payload.get("text", "")).split())
        return hashlib.sha256(json.dumps({**payload, "text": text}, sort_keys=True).encode()).hexdigest()

    async def run(self, payload: dict[str, object]) -> Reply:
        """Run a request on the next free process within the time limit; :class:`Overrun` past it."""
        key = self._key(payload)
        now = time.monotonic()
        ended = self._runaways.get(key)
        if ended is not None and now - ended < self.cooldown:
            raise Overrun(
                f"this query ran over the time limit of {self.timeout:g} s {now - ended:.0f} s ago; "
                f"it is refused for {self.cooldown:g} s after that"
            )
        try:
            async with asyncio.timeout(self.timeout):
                worker = await self._idle.get()
        except TimeoutError:
            raise Overrun(f"every query process was busy for {self.timeout:g} s; try again") from None
        try:
            async with asyncio.timeout(self.timeout):
                reply = await worker.request(payload)
        except TimeoutError:
            self._runaways[key] = time.monotonic()
            self._forget_old()
            self._replace(worker)
            raise Overrun(f"the query took longer than the time limit of {self.timeout:g} s") from None
        except (OSError, ValueError, StoreError, asyncio.IncompleteReadError) as exc:
            self._replace(worker)
            raise StoreError(f"the query process failed: {exc}") from exc
        except BaseException:
            self._replace(worker)  # cancelled mid-request: its reply would confuse the next request
            raise
        self._idle.put_nowait(worker)
        return reply

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, ended in self._runaways.items() if now - ended >= self.cooldown]:
            del self._runaways[key]

    async def close(self) -> None:
        """End every process (a read-write one first finishes its request and flushes the store)."""
        for task in list(self._replacing):
            task.cancel()
        for worker in list(self._workers):
            if self.updates and worker.process.stdin is not None:
                worker.process.stdin.close()
                try:
                    async with asyncio.timeout(10):
                        await worker.process.wait()
                    continue
                except TimeoutError:
                    pass
            worker.kill()
            with contextlib.suppress(ProcessLookupError):
                await worker.process.wait()
        self._workers.clear()


__all__ = ["Overrun", "QueryPool", "Reply"]
