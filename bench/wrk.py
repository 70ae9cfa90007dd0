"""Load from a second process on loopback: wrk (Debian's `wrk`) driving a rotating request mix."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SCRIPT = """local requests = {}
local i = 0
init = function(args)
  requests = {%s}
end
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 5 then
    shown = shown + 1
    io.write("FAILED " .. status .. " " .. string.gsub(string.sub(body, 1, 160), "\\n", " ") .. "\\n")
  end
end
request = function()
  i = i + 1
  return requests[(i %% #requests) + 1]
end
"""


@dataclass
class Load:
    """What wrk measured."""

    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    failures: list[str]


def _lua(text: str) -> str:
    return "[==[" + text + "]==]"


def script(queries: list[str], questions: tuple[str, ...] = ()) -> str:
    """A wrk script that sends the queries (POST application/sparql-query) and questions (GET /ask) in turn."""
    headers = '{["Content-Type"]="application/sparql-query", ["Accept"]="application/sparql-results+json"}'
    calls = [f'wrk.format("POST", "/query", {headers}, {_lua(q)})' for q in queries]
    calls += [f'wrk.format("GET", "/ask?q={quote(q)}")' for q in questions]
    return SCRIPT % ", ".join(calls)


def _ms(output: str, percentile: str) -> float:
    found = re.search(rf"{percentile}%\s+([\d.]+)(us|ms|s)\b", output)
    if found is None:
        raise RuntimeError(f"cannot read the {percentile}th percentile from wrk:\n{output}")
    return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]


def run(url: str, lua: str, *, clients: int, seconds: int) -> Load:
    """Run wrk against ``url`` with ``clients`` connections for ``seconds``."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does it when run as root)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua)
    try:
        threads = min(clients, 2)
        output = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", handle.name, url],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        Path(handle.name).unlink()
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50, p99 = _ms(output, "50"), _ms(output, "99")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failures = re.findall(r"^FAILED (.*)$", output, re.MULTILINE)
    return Load(total, rate, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0), failures)
