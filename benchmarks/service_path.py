"""What one request costs a service worker, per route, against bare FastAPI and Starlette.

In one run: starts the local platform (each service one granian worker) and four bare apps
(`benchmarks/baselines.py`: FastAPI and Starlette, RS256 verified every request or through a
verified-token cache), pins every server to CPU 0 and the client plus Redis, FalkorDB and moto
to CPU 1, then:

- closed loop: wrk (1 thread, 16 connections; k6 if wrk is missing) sends a fixed number of
  requests per target, targets interleaved round-robin over `--rounds` rounds (medians
  reported): the cached read of each service, `/health`, and the baselines' same routes;
  worker CPU µs/request comes from the worker's own /proc/<pid>/stat (utime + stime, all its
  threads), req/s and p50/p90/p99 from the client;
- a write (users `POST /v1/accounts`, a new account each time) and a cache miss (`GET` of those
  accounts, each read once, so every read goes to the table), with moto's and Redis's own CPU
  per request reported apart;
- open loop: k6 constant-arrival-rate at `--open-rps` (1000) for p50/p90/p99.

Writes benchmarks/results/service-path-<date>.{json,md} and benchmarks/capacity.json (per-pod
rate = the closed-loop cached-read rate of one worker, which the planner reads).

    uv run python benchmarks/service_path.py [--requests 20000] [--rounds 3] [--writes 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import BASELINES
from machine import describe, load_average, summary

from chariot.runtime.dev import processes
from chariot.runtime.dev.platform import HOST, Platform, stop_all
from chariot.runtime.kit.settings import LOCAL_ISSUER, LOCAL_PASSWORD
from chariot.runtime.loadtest.run import k6_binary
from chariot.spec.load import load_spec

ROOT = HERE.parent
RESULTS = HERE / "results"
SERVER_CPU, CLIENT_CPU = "0", "1"
CONNECTIONS = 16
P99_LIMIT_MS = 100.0
TICK = os.sysconf("SC_CLK_TCK")


def say(message: object) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class Target:
    server: str
    route: str
    path: str
    method: str = "GET"
    body: str | None = None
    auth: bool = True


def descendants(pid: int) -> list[int]:
    """pid and every process below it (granian runs its workers as child processes)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def worker_of(pid: int) -> int:
    """The one granian worker under a server: the descendant that burns the CPU when served."""
    below = descendants(pid)[1:]
    return below[-1] if below else pid


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def pin(pid: int, cpu: str) -> None:
    for each in descendants(pid):
        subprocess.run(["taskset", "-a", "-cp", cpu, str(each)], capture_output=True, check=False)


def closed_loop(url: str, target: Target, requests: int, token: str) -> dict[str, Any]:
    """A fixed number of requests at CONNECTIONS concurrency from CPU 1: wrk, else k6."""
    env = {
        **os.environ,
        "REQUESTS": str(requests),
        "BENCH_PATH": target.path,
        "BENCH_METHOD": target.method,
        "TOKEN": token if target.auth else "",
        **({"BENCH_BODY": target.body} if target.body else {}),
    }
    wrk = shutil.which("wrk")
    if wrk is not None:
        argv = [wrk, "-t1", f"-c{CONNECTIONS}", "-d600s", "--timeout", "10s"]
        argv += ["-s", str(HERE / "fixed_count.lua"), url]
        # wrk sleeps out its duration even after every thread stopped; SIGINT ends the sleep
        with subprocess.Popen(
            ["taskset", "-c", CLIENT_CPU, *argv], env=env, stdout=subprocess.PIPE, text=True
        ) as client:
            assert client.stdout is not None
            for line in client.stdout:
                if line.startswith("limit reached"):
                    client.send_signal(signal.SIGINT)
                    break
            last = client.communicate(timeout=60)[0].strip().splitlines()[-1]
        found: dict[str, Any] = json.loads(last)
        found["client"] = "wrk"
        return found
    return _k6(url, env, {"MODE": "closed", "VUS": str(CONNECTIONS)})


def open_loop(url: str, target: Target, rps: int, seconds: int, token: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "TOKEN": token if target.auth else "",
        "BENCH_PATH": target.path,
        "RPS": str(rps),
        "DURATION": f"{seconds}s",
    }
    return _k6(url, env, {"MODE": "open"})


def _k6(url: str, env: dict[str, str], extra: dict[str, str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "summary.json"
        env = {**env, **extra, "URL": url, "SUMMARY_PATH": str(path), "K6_NO_USAGE_REPORT": "true"}
        argv = ["taskset", "-c", CLIENT_CPU, k6_binary(), "run", "--quiet", "--no-color"]
        done = subprocess.run(
            [*argv, str(HERE / "k6_load.js")], env=env, capture_output=True, text=True, check=False
        )
        if not path.is_file():
            raise RuntimeError(f"k6 failed: {(done.stderr or done.stdout).strip()[-500:]}")
        data = json.loads(path.read_text())["metrics"]
    latency = data["http_req_duration"]["values"]
    reqs = data["http_reqs"]["values"]
    return {
        "client": "k6",
        "requests": int(reqs["count"]),
        "duration_us": int(reqs["count"] / reqs["rate"] * 1e6),
        "non_2xx": int(data["http_req_failed"]["values"]["passes"]),
        "cache_hits": None,
        "dropped": int(data.get("dropped_iterations", {}).get("values", {}).get("count", 0)),
        **{f"p{p}_us": int(latency[f"p({p})"] * 1000) for p in (50, 90, 99)},
        "max_us": int(latency["max"] * 1000),
    }


class Bench:
    """The running servers, by name, and how to measure a target on one of them."""

    def __init__(self, urls: dict[str, str], pids: dict[str, int], token: str) -> None:
        self.urls = urls
        self.workers = {name: worker_of(pid) for name, pid in pids.items()}
        self.token = token

    def measure(self, target: Target, requests: int, also: dict[str, int]) -> dict[str, Any]:
        """Closed loop on one target; CPU of its worker (and of `also`) per request."""
        pids = {"worker": self.workers[target.server], **also}
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        result = closed_loop(self.urls[target.server], target, requests, self.token)
        done = max(result["requests"], 1)
        for name, pid in pids.items():
            spent = cpu_seconds(pid) - before[name]
            result[f"{name}_cpu_us_per_request"] = round(spent * 1e6 / done, 1)
        result["rps"] = round(done / (result["duration_us"] / 1e6), 1)
        result["load_average"] = load_average()
        return result

    def open(self, target: Target, rps: int, seconds: int) -> dict[str, Any]:
        worker = self.workers[target.server]
        before = cpu_seconds(worker)
        result = open_loop(self.urls[target.server], target, rps, seconds, self.token)
        spent = cpu_seconds(worker) - before
        result["worker_cpu_us_per_request"] = round(spent * 1e6 / max(result["requests"], 1), 1)
        result["load_average"] = load_average()
        return result


def seed(urls: dict[str, str], token: str) -> dict[str, str]:
    """One item per service, read once so it is cached; the cached-read path of each."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(headers=headers, timeout=30) as client:

        def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
            response = client.post(url, json=body)
            response.raise_for_status()
            answer: dict[str, Any] = response.json()
            return answer

        post(f"{urls['users']}/v1/accounts", {"account_id": "acme", "name": "Acme Corporation"})
        assets = f"{urls['assets']}/v1/accounts/acme/assets"
        asset = post(assets, {"type": "domain", "value": "www.acme.example"})["asset_id"]
        finding = post(
            f"{urls['vulnerabilities']}/v1/accounts/acme/assets/{asset}/vulnerabilities",
            {"title": "Outdated TLS configuration", "severity": "high"},
        )["vulnerability_id"]
        paths = {
            "users": "/v1/accounts/acme",
            "assets": f"/v1/accounts/acme/assets/{asset}",
            "vulnerabilities": f"/v1/accounts/acme/assets/{asset}/vulnerabilities/{finding}",
        }
        for service, path in paths.items():
            client.get(f"{urls[service]}{path}").raise_for_status()
    return paths


def start_baselines(
    folder: Path, redis_port: int, jwks: str
) -> tuple[dict[str, str], dict[str, int]]:
    urls, pids = {}, {}
    env = {
        **os.environ,
        "PYTHONPATH": str(HERE),
        "BASELINE_JWKS": jwks,
        "BASELINE_REDIS_URL": f"redis://:{LOCAL_PASSWORD}@{HOST}:{redis_port}/0",
        "BASELINE_ISSUER": LOCAL_ISSUER,
        "BASELINE_AUDIENCE": "chariot",
    }
    started = []
    for name in BASELINES:
        port = processes.free_port()
        argv = [sys.executable, "-m", "granian", "--interface", "asgi", "--host", HOST]
        argv += ["--port", str(port), "--workers", "1", "--factory", f"baselines:{name}"]
        argv += ["--no-ws", "--log-level", "warning", "--backpressure", "256"]
        started.append(processes.start(name, argv, port, folder / "logs", env))
        urls[name], pids[name] = f"http://{HOST}:{port}", started[-1].pid
    for each in started:
        processes.wait_http(each, "/health")
    return urls, pids


def wait_for_quiet(limit: float, patience: float) -> None:
    """The machine is shared: wait up to `patience` seconds for the 1-min load to drop."""
    deadline = time.monotonic() + patience
    while float(load_average().split()[0]) > limit and time.monotonic() < deadline:
        say(f"load average {load_average()} > {limit}: waiting")
        time.sleep(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000, help="per closed-loop target")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writes", type=int, default=2000, help="writes, then as many misses")
    parser.add_argument("--open-rps", type=int, default=1000)
    parser.add_argument("--open-seconds", type=int, default=20, help="0: no open-loop runs")
    parser.add_argument("--quiet-load", type=float, default=3.0)
    parser.add_argument("--patience", type=float, default=0, help="seconds to wait for quiet")
    parser.add_argument("--label", default="", help="suffix of the result files")
    args = parser.parse_args()
    wait_for_quiet(args.quiet_load, args.patience)
    spec = load_spec(ROOT, "dev")
    info = describe()
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True)
    info["commit"] = head.stdout.strip() + (" (src modified)" if dirty.stdout.strip() else "")
    with tempfile.TemporaryDirectory(prefix="chariot-path-") as tmp:
        folder = Path(tmp)
        ports = dict.fromkeys(
            ("redis", "graph", "dynamodb", "users", "assets", "vulnerabilities"), 0
        )
        platform = Platform(spec, folder, ports=ports, progress=say)
        state = platform.up(seed=False)
        try:
            report = run(platform, state, folder, args)
        finally:
            stop_all(folder)
            processes.stop_many(processes.started_here())
    info["load_average_at_end"] = load_average()
    write(info, report, args)


def run(platform: Platform, state: Any, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    services = ("users", "assets", "vulnerabilities")
    redis_port = int(state.urls["redis"].rsplit(":", 1)[1])
    jwks = state.jwks_url.removeprefix("file://")
    base_urls, base_pids = start_baselines(folder, redis_port, jwks)
    pids = {s: platform.pid(s) for s in services} | base_pids
    for pid in pids.values():
        pin(pid, SERVER_CPU)
    backing = {name: platform.pid(name) for name in ("redis", "graph", "dynamodb")}
    for pid in backing.values():
        pin(pid, CLIENT_CPU)
    paths = seed(state.urls, state.token)
    bench = Bench({s: state.urls[s] for s in services} | base_urls, pids, state.token)
    redis = {"redis": backing["redis"]}
    reads = [Target(s, "cached read", paths[s]) for s in services]
    reads += [Target(b, "cached read", "/v1/accounts/acme") for b in BASELINES]
    health = [Target(s, "/health", "/health", auth=False) for s in ("users", *BASELINES)]
    closed: dict[str, list[dict[str, Any]]] = {}
    for round_ in range(args.rounds):
        for target in reads + health:
            say(f"round {round_ + 1}: {target.server} {target.route}")
            closed.setdefault(f"{target.server} {target.route}", []).append(
                bench.measure(target, args.requests, redis)
            )
    data = {"dynamodb": backing["dynamodb"], **redis}
    write_target = Target(
        "users", "write", "/v1/accounts", "POST", '{"account_id":"bench-%d","name":"Bench %d"}'
    )
    say("users write (POST /v1/accounts, a new account each)")
    closed["users write"] = [bench.measure(write_target, args.writes, data)]
    say("users cache miss (GET of each new account once)")
    miss = Target("users", "cache miss", "/v1/accounts/bench-%d")
    closed["users cache miss"] = [bench.measure(miss, args.writes - 2 * CONNECTIONS, data)]
    opened = {}
    for target in [] if args.open_seconds == 0 else [*reads[:3], reads[4], reads[6]]:
        say(f"open loop {args.open_rps} req/s: {target.server} {target.route}")
        opened[f"{target.server} {target.route}"] = bench.open(
            target, args.open_rps, args.open_seconds
        )
    return {"closed": closed, "open": opened}


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float) and k != "cache_hits"]
    row: dict[str, Any] = {k: statistics.median(r[k] for r in runs) for k in keys}
    row["runs"] = len(runs)
    counted = [r["cache_hits"] for r in runs if r.get("cache_hits") is not None]
    row["cache_hits"] = sum(counted) if counted else "-"  # k6 does not count X-Cache hits
    row["worker_cpu_range"] = [
        min(r["worker_cpu_us_per_request"] for r in runs),
        max(r["worker_cpu_us_per_request"] for r in runs),
    ]
    return row


def write(info: dict[str, Any], report: dict[str, Any], args: argparse.Namespace) -> None:
    medians = {name: median_row(runs) for name, runs in report["closed"].items()}
    command = (
        f"uv run python benchmarks/service_path.py --requests {args.requests} --rounds "
        f"{args.rounds} --writes {args.writes} --open-rps {args.open_rps} "
        f"--open-seconds {args.open_seconds}"
    )
    stem = RESULTS / f"service-path-{info['date']}{args.label}"
    payload = {"machine": info, "command": command, "medians": medians, **report}
    stem.with_suffix(".json").write_text(json.dumps(payload, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(info, command, medians, report["open"]))
    write_capacity(info, medians, stem)
    say(f"wrote {stem}.md, .json and benchmarks/capacity.json")


def _ratio(value: float, base: dict[str, Any] | None) -> str:
    return f"{value / base['worker_cpu_us_per_request']:.2f}" if base else "-"


def markdown(
    info: dict[str, Any], command: str, medians: dict[str, Any], opened: dict[str, Any]
) -> str:
    lines = [
        f"# Service request path ({info['date']})",
        "",
        f"- machine: {summary(info)} (nproc={info['nproc']}), Python {info['python']}, "
        f"kernel {info['kernel']}, at {info['timestamp']}",
        f"- load average (1/5/15 min) at start: {info['load_average_at_start']}, at end: "
        f"{info['load_average_at_end']} — shared machine; each row's load is in the JSON",
        f"- command: `{command}`, code at commit {info.get('commit', '?')}",
        f"- servers (one granian worker each) pinned to CPU {SERVER_CPU}; client, Redis, "
        f"FalkorDB and moto pinned to CPU {CLIENT_CPU}; closed loop with {CONNECTIONS} "
        "connections, targets interleaved round-robin, medians over rounds",
        "- CPU = utime + stime of the worker process (/proc/<pid>/stat) / requests answered; "
        "req/s and latency are the client's and suffer from other jobs on the machine",
        "",
        "## Closed loop",
        "",
        "| target | worker CPU µs/req (range) | req/s | p50 / p90 / p99 ms | non-2xx | cache hits "
        "| × FastAPI verified | × FastAPI cached | × Starlette verified | × Starlette cached "
        "| moto µs/req | Redis µs/req |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in medians.items():
        route = name.split(" ", 1)[1]
        ratios = [
            _ratio(row["worker_cpu_us_per_request"], medians.get(f"{b} {route}"))
            if route in ("cached read", "/health")
            else "-"
            for b in BASELINES
        ]
        lo, hi = row["worker_cpu_range"]
        lines.append(
            f"| {name} | {row['worker_cpu_us_per_request']:.0f} ({lo:.0f}–{hi:.0f}) "
            f"| {row['rps']:.0f} | {row['p50_us'] / 1000:.1f} / {row['p90_us'] / 1000:.1f} / "
            f"{row['p99_us'] / 1000:.1f} | {row['non_2xx']:.0f} | {row['cache_hits']} | "
            + " | ".join(ratios)
            + f" | {row.get('dynamodb_cpu_us_per_request', '-')} "
            f"| {row.get('redis_cpu_us_per_request', '-')} |"
        )
    lines += [
        "",
        "## Open loop (k6 constant-arrival-rate)",
        "",
        "| target | offered req/s | answered | dropped | p50 / p90 / p99 / max ms | non-2xx "
        "| worker CPU µs/req | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in opened.items():
        lines.append(
            f"| {name} | {r['requests'] + r['dropped']} over the run | {r['requests']} "
            f"| {r['dropped']} | {r['p50_us'] / 1000:.1f} / {r['p90_us'] / 1000:.1f} / "
            f"{r['p99_us'] / 1000:.1f} / {r['max_us'] / 1000:.1f} | {r['non_2xx']} "
            f"| {r['worker_cpu_us_per_request']:.0f} | {r['load_average']} |"
        )
    return "\n".join(lines) + "\n"


def write_capacity(info: dict[str, Any], medians: dict[str, Any], stem: Path) -> None:
    """Per-pod rate for the planner: one worker's closed-loop cached-read rate, if its p99
    held the limit (the worker was at 100 % of a core: that rate is its capacity)."""
    capacity = {}
    for service in ("users", "assets", "vulnerabilities"):
        row = medians[f"{service} cached read"]
        held = row["p99_us"] / 1000 < P99_LIMIT_MS and row["non_2xx"] == 0
        capacity[service] = {
            "rps_per_pod": int(row["rps"]) if held else 0,
            "cpu_us_per_request": row["worker_cpu_us_per_request"],
            "measured_on": info["date"],
            "machine": summary(info),
            "p99_limit_ms": P99_LIMIT_MS,
            "workers_per_pod": 1,
            "basis": "closed-loop cached read, one granian worker on one core",
            "source": f"benchmarks/results/{stem.name}.json",
        }
    (HERE / "capacity.json").write_text(json.dumps(capacity, indent=2) + "\n")


if __name__ == "__main__":
    main()
