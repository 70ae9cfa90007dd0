"""Peak resident memory, read from /proc (Linux): of this process, and of the processes it starts."""

from __future__ import annotations

import threading
from pathlib import Path


def peak_mib(pid: int | str = "self") -> float:
    """The peak resident memory (VmHWM) of a process, in MiB (0 when it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int | str = "self") -> list[int]:
    """The process ids of the children of a process."""
    found: list[int] = []
    for tasks in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in tasks.read_text().split()]
        except OSError:
            continue
    return found


class ChildPeaks:
    """Samples the peak memory of every child process while it runs (as a context manager)."""

    def __init__(self, every: float = 0.25) -> None:
        self.every = every
        self.peaks: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(self.every):
            for child in children():
                self.peaks[child] = max(self.peaks.get(child, 0.0), peak_mib(child))

    def __enter__(self) -> ChildPeaks:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    @property
    def largest(self) -> float:
        """The peak memory of the largest child seen, in MiB."""
        return max(self.peaks.values(), default=0.0)
