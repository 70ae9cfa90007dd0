"""Child processes end with their parent (a killed build or server leaves nothing running)."""

from __future__ import annotations

import os
import select
import subprocess
import sys

import pytest

PARENT = """
import subprocess, sys
from probation_graph.processes import die_with_parent
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"], preexec_fn=die_with_parent)
print(child.pid, flush=True)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return "zombie" not in status.read()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are a Linux feature")
def test_a_child_ends_when_its_parent_does():
    parent = subprocess.run([sys.executable, "-c", PARENT], capture_output=True, text=True, timeout=30, check=True)
    child = int(parent.stdout.split()[0])
    try:
        handle = os.pidfd_open(child)
    except ProcessLookupError:
        return  # already gone and reaped
    try:
        ended = select.select([handle], [], [], 60)[0]  # readable when the child ends: an event, not a poll
    finally:
        os.close(handle)
    if not ended or alive(child):
        os.kill(child, 9)
        pytest.fail("the child outlived its parent")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are a Linux feature")
def test_a_worker_whose_parent_is_already_gone_exits_at_once():
    check = "import os\nfrom probation_graph.processes import die_with_parent as d\nd(parent={})\nprint('here')"

    def run(parent: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", check.format(parent)], capture_output=True, text=True, timeout=30)

    late, fine = run("-1"), run("os.getppid()")
    assert late.returncode == 1 and "here" not in late.stdout
    assert fine.returncode == 0 and "here" in fine.stdout
