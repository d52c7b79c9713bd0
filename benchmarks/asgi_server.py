"""Which ASGI server runs the services: granian vs uvicorn, 1 and 2 workers, measured here.

Each configuration serves the real assets service (RS256 JWT, Redis cache-aside, moto behind a
cache miss) against the same local backing servers; k6 offers a constant rate (open model)
for DURATION seconds on Zipf-drawn keys. Results go to benchmarks/results/asgi_server-<date>.*

    uv run python benchmarks/asgi_server.py [--duration 20] [--rps 500 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe, load_average, summary

from chariot.runtime.dev import processes
from chariot.runtime.dev.platform import Platform, service_env, stop_all
from chariot.runtime.kit.settings import LOCAL_PASSWORD
from chariot.runtime.loadtest.run import run
from chariot.runtime.serve import DEFAULT_BACKPRESSURE
from chariot.runtime.services.registry import factory_path
from chariot.spec.load import load_spec


def say(message: object) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SERVICE = "assets"


def server_argv(server: str, workers: int, port: int) -> list[str]:
    target = factory_path(SERVICE)
    if server == "granian":
        return [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--factory",
            target,
            "--no-ws",
            "--log-level",
            "warning",
            "--backpressure",
            str(DEFAULT_BACKPRESSURE),  # as the image runs it
        ]
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def flush_cache(port: int) -> None:
    client = redis.Redis(port=port, password=LOCAL_PASSWORD)
    client.flushall()
    client.close()


def measure(
    *,
    server: str,
    workers: int,
    rate: int,
    duration: int,
    state: Any,
    backing: dict[str, int],
    folder: Path,
) -> dict[str, Any]:
    """One configuration: a fresh server process, a cold cache, one k6 run."""
    spec = load_spec(ROOT, "dev")
    flush_cache(backing["redis"])
    port = processes.free_port()
    env = {
        **dict(os.environ),
        **service_env(spec, SERVICE, backing, state.jwks_url),
        "CHARIOT_ACCESS_LOG": "true",
    }
    argv = server_argv(server, workers, port)
    started = processes.start(f"{server}-{workers}", argv, port, folder / "logs", env)
    try:
        processes.wait_http(started, "/ready")
        say(f"{server} x{workers}: {rate} req/s for {duration}s")
        result = run(
            service=SERVICE,
            base_url=f"http://127.0.0.1:{port}",
            token=state.token,
            rps=rate,
            duration_s=duration,
            targets=spec.performance.latency,
            keys=200,
        )
    finally:
        processes.stop(started.pid)
    return result.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--rps", type=int, nargs="+", default=[500, 1000])
    args = parser.parse_args()
    spec = load_spec(ROOT, "dev")
    info = describe()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="chariot-bench-") as tmp:
        folder = Path(tmp)
        ports = dict.fromkeys(
            ("redis", "graph", "dynamodb", "users", "assets", "vulnerabilities"), 0
        )
        state = Platform(spec, folder, ports=ports, progress=say).up(seed=False)
        try:
            backing = {
                name: int(url.rsplit(":", 1)[1])
                for name, url in state.urls.items()
                if name in ("redis", "graph", "dynamodb")
            }
            for rate in args.rps:
                for server in ("granian", "uvicorn"):
                    for workers in (1, 2):
                        result = measure(
                            server=server,
                            workers=workers,
                            rate=rate,
                            duration=args.duration,
                            state=state,
                            backing=backing,
                            folder=folder,
                        )
                        rows.append({"server": server, "workers": workers, **result})
                        say(json.dumps(rows[-1]))
        finally:
            stop_all(folder)
    info["load_average_at_end"] = load_average()
    write(info, rows, args)


def write(info: dict[str, Any], rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    rates = " ".join(str(r) for r in args.rps)
    command = f"uv run python benchmarks/asgi_server.py --duration {args.duration} --rps {rates}"
    stem = RESULTS / f"asgi_server-{info['date']}"
    stem.with_suffix(".json").write_text(
        json.dumps(
            {"machine": info, "command": command, "service": SERVICE, "results": rows}, indent=2
        )
        + "\n"
    )
    lines = [
        f"# ASGI server comparison ({info['date']})",
        "",
        f"- machine: {summary(info)} (nproc={info['nproc']}), Python {info['python']}",
        f"- load average (1/5/15 min) at start: {info['load_average_at_start']}, at end: "
        f"{info['load_average_at_end']} — the machine is shared with other jobs",
        f"- command: `{command}`",
        f"- workload: the `{SERVICE}` service, GET one asset by id (RS256 JWT, Redis cache-aside,",
        "  moto on a miss), k6 constant-arrival-rate, 200 Zipf-drawn keys; k6, Redis, FalkorDB,",
        "  moto and the server share the same cores. The cache is flushed before each",
        "  configuration, so each starts cold. granian runs with `--backpressure 64` as in the",
        "  image; uvicorn has no queueing equivalent (`--limit-concurrency` answers 503).",
        "",
        "| server | workers | offered RPS | achieved RPS | p50 ms | p90 ms | p99 ms | max ms "
        "| errors | cache hits | dropped |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        hits = "-" if r["cache_hit_ratio"] is None else f"{r['cache_hit_ratio']:.1%}"
        lines.append(
            f"| {r['server']} | {r['workers']} | {r['target_rps']} | {r['achieved_rps']} "
            f"| {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} "
            f"| {r['error_rate']:.3%} | {hits} | {r['dropped_iterations']} |"
        )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    say(f"wrote {stem}.md and .json")


if __name__ == "__main__":
    main()
