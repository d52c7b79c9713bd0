"""What a benchmark ran on: recorded beside every result, so numbers are never context-free."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def describe() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    nproc = subprocess.run(
        ["/usr/bin/nproc"], capture_output=True, text=True, check=False
    ).stdout.strip()
    mem_kib = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kib = int(line.split()[1])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "nproc": int(nproc or os.cpu_count() or 0),
        "cpu_model": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "load_average_at_start": load_average(),
    }


def load_average() -> str:
    """The 1/5/15-minute load average: this machine is shared, so say how busy it was."""
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.is_file() else "unknown"


def summary(info: dict[str, Any]) -> str:
    return f"{info['nproc']} vCPU {info['cpu_model']}, {info['memory_gib']} GiB"
