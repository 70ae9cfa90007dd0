"""Who may use the embedded store at once: one writer, or any number of servers, never both.

A server's query processes open the store read-only, and a read-only store does not see later
writes (pyoxigraph calls another process writing meanwhile undefined behaviour). So `serve` holds
a shared lock on the store for its lifetime and every writer (`build`, `ingest`, the app's uploads)
takes it exclusively: a writer refuses a served store, and a server refuses a store being written.
The lock is an advisory ``flock`` on a file in the store's folder; the system drops it when the
process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import StoreError

LOCK_FILE = "probation-graph.lock"


def _open(store: Path) -> IO[bytes]:
    store.mkdir(parents=True, exist_ok=True)
    return open(store / LOCK_FILE, "ab")


def _held(handle: IO[bytes], mode: int) -> bool:
    try:
        fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class WriteLock:
    """The exclusive lock of a writer on a store, held until :meth:`release` (or the process ends)."""

    def __init__(self, store: Path) -> None:
        self._handle: IO[bytes] | None = _open(store)
        if _held(self._handle, fcntl.LOCK_EX):
            return
        served = _held(self._handle, fcntl.LOCK_SH)
        self.release()
        if served:
            raise StoreError(
                f"the store at {store} is being served by `probation-graph serve`: stop the server first, "
                "then build or ingest (it would go on answering from what it opened)"
            )
        raise StoreError(f"the store at {store} is being written by another process (a build, an ingest or the app)")

    def release(self) -> None:
        """Let others use the store."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


@contextlib.contextmanager
def serving(store: Path) -> Iterator[None]:
    """Mark ``store`` as served for the block: writers refuse it; :class:`StoreError` if one is writing."""
    handle = _open(store)
    try:
        if not _held(handle, fcntl.LOCK_SH):
            raise StoreError(
                f"the store at {store} is being written (a build, an ingest or the app holds it): "
                "wait for it to finish or stop it, then start the server"
            )
        yield
    finally:
        handle.close()


__all__ = ["LOCK_FILE", "WriteLock", "serving"]
