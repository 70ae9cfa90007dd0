"""Child processes that end with their parent: extraction workers and the Oxigraph server behind `serve`."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (no-op elsewhere).

    Used as a ``preexec_fn`` and as a process-pool initializer, so that a killed build or server
    leaves no worker or Oxigraph process running on its own. A worker that starts only after its
    parent ``parent`` has already died (it was killed while the pool was starting) exits at once.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)
