"""Overload benchmark: one worker offered 2x and 5x its measured capacity, 127.0.0.1 only.

Starts the one-machine platform (each service: one granian worker, its load shedding at the
Settings defaults), then for each factor (1x first, as a reference for how much the shared
machine lets the worker do today) offers factor x the service's measured per-worker
capacity (benchmarks/capacity.json) with k6 (`chariot loadtest`'s scenario, more VUs than the
default so the load generator is not the limit) while a probe sends one GET every 25 ms. It
records the p99 of the requests the service admitted, the share it shed (503 + Retry-After),
the recovery time (from the end of the overload until the probe's reads are all answered 200
under the p99 limit for a full second), and how much CPU the worker got meanwhile. Writes
benchmarks/results/overload-<date>.{md,json}. Bounded: each factor runs --duration seconds plus
k6's setup and a --tail of probing.

    uv run python benchmarks/overload.py [--service assets] [--duration 20] [--factors 1 2 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe, load_average, summary

from chariot.runtime.dev.platform import Platform, stop_all
from chariot.runtime.kit.settings import Settings
from chariot.runtime.loadtest.run import SERVICES, run
from chariot.spec.load import load_spec

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PROBE_EVERY_S = 0.025
RECOVERED_FOR_S = 1.0


def say(message: object) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


def probe_path(service: str, urls: dict[str, str], token: str) -> str:
    """Create one item to read and return its path (the probe reads what k6 reads)."""
    headers = {"Authorization": f"Bearer {token}"}
    account = "overload-probe"
    with httpx.Client(headers=headers, timeout=10) as client:
        if service == "users":
            body = {"account_id": account, "name": "Overload probe"}
            client.post(f"{urls['users']}/v1/accounts", json=body).raise_for_status()
            return f"/v1/accounts/{account}"
        asset = client.post(
            f"{urls['assets']}/v1/accounts/{account}/assets",
            json={"type": "domain", "value": "probe.overload.example"},
        )
        asset.raise_for_status()
        asset_path = f"/v1/accounts/{account}/assets/{asset.json()['asset_id']}"
        if service == "assets":
            return asset_path
        finding = client.post(
            f"{urls['vulnerabilities']}{asset_path}/vulnerabilities",
            json={"title": "Overload probe", "severity": "low"},
        )
        finding.raise_for_status()
        return f"{asset_path}/vulnerabilities/{finding.json()['vulnerability_id']}"


class Probe:
    """One GET every PROBE_EVERY_S in a thread: (wall time sent, status, latency s)."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.samples: list[tuple[float, int, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        with httpx.Client(headers=self.headers, timeout=10) as client:
            while not self._stop.is_set():
                sent, start = time.time(), time.perf_counter()
                try:
                    status = client.get(self.url).status_code
                except httpx.HTTPError:
                    status = 0
                self.samples.append((sent, status, time.perf_counter() - start))
                self._stop.wait(PROBE_EVERY_S)

    def __enter__(self) -> Probe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(15)


def recovery_seconds(
    samples: list[tuple[float, int, float]], load_end: float, limit_s: float
) -> float | None:
    """Seconds from `load_end` until every probe read is 200 under `limit_s` for a full
    RECOVERED_FOR_S; None if that never happened while probing."""
    after = [s for s in samples if s[0] >= load_end]
    for i, (start, _, _) in enumerate(after):
        window = [s for s in after[i:] if s[0] < start + RECOVERED_FOR_S]
        if after[-1][0] < start + RECOVERED_FOR_S:
            return None  # not enough probing left to tell
        if all(status == 200 and latency < limit_s for _, status, latency in window):
            return round(start - load_end, 2)
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds so far of a process and its descendants (granian's worker is a
    child of the recorded pid), from Linux /proc: how much CPU the worker got on this shared
    machine while it was overloaded."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        ticks = int(fields[11]) + int(fields[12])
        stats[int(entry.name)] = (int(fields[1]), ticks / os.sysconf("SC_CLK_TCK"))
    tree, total, grew = {pid}, 0.0, True
    while grew:
        found = {p for p, (parent, _) in stats.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    for p in tree:
        total += stats.get(p, (0, 0.0))[1]
    return total


_BUCKET = re.compile(
    r'^chariot_http_request_duration_seconds_bucket\{le="([^"]+)",method="GET",'
    r'route="([^"]+)",service="[^"]+"\} ([0-9.e+]+)$'
)


def buckets(base: str) -> dict[tuple[str, float], float]:
    """The service's own latency histogram: (route, le) -> count. Shed requests are never
    routed, so the routed GETs are exactly the admitted ones, timed from when the app saw them."""
    text = httpx.get(f"{base}/metrics", timeout=10).text
    found = {}
    for line in text.splitlines():
        match = _BUCKET.match(line)
        if match:
            found[(match.group(2), float(match.group(1)))] = float(match.group(3))
    return found


def in_app_p99(
    before: dict[tuple[str, float], float], after: dict[tuple[str, float], float]
) -> float | None:
    """Upper bound (a bucket edge, seconds) of the in-app p99 of the admitted GETs between two
    scrapes, on the busiest route."""
    delta = {key: after[key] - before.get(key, 0.0) for key in after}
    totals = {route: n for (route, le), n in delta.items() if le == float("inf")}
    if not totals or max(totals.values()) == 0:
        return None
    route = max(totals, key=lambda r: totals[r])
    for le in sorted(le for (r, le) in delta if r == route):
        if delta[(route, le)] >= 0.99 * totals[route]:
            return le
    return None


def p99(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", choices=list(SERVICES), default="assets")
    parser.add_argument("--duration", type=int, default=20, help="seconds of overload per factor")
    parser.add_argument("--factors", type=float, nargs="+", default=[1.0, 2.0, 5.0])
    parser.add_argument("--tail", type=int, default=10, help="seconds probed after the load")
    parser.add_argument(
        "--max-vus", type=int, default=200, help="k6 VUs (connections; under granian's 256)"
    )
    args = parser.parse_args()
    if not 5 <= args.duration <= 120 or not 3 <= args.tail <= 60:
        parser.error("--duration must be 5..120 s and --tail 3..60 s (a bounded benchmark)")
    capacity = json.loads((ROOT / "benchmarks" / "capacity.json").read_text())[args.service]
    per_worker = capacity["rps_per_pod"] / capacity["workers_per_pod"]
    limit_s = capacity["p99_limit_ms"] / 1000
    spec = load_spec(ROOT, "dev")
    info = describe()
    shedding = {
        name: Settings.model_fields[name].default
        for name in ("max_concurrency", "max_queue", "queue_timeout_seconds")
    }
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="chariot-overload-") as tmp:
        folder = Path(tmp)
        ports = dict.fromkeys(("redis", "graph", "dynamodb", *SERVICES), 0)
        state = Platform(spec, folder, ports=ports, progress=say).up(seed=False)
        try:
            for url in state.urls.values():
                if urlsplit(url).hostname != "127.0.0.1":
                    raise SystemExit(f"refusing to load {url}: 127.0.0.1 only")
            base = state.urls[args.service]
            (worker,) = [p["pid"] for p in state.processes if p["name"] == args.service]
            path = probe_path(args.service, state.urls, state.token)
            for factor in args.factors:
                rate = round(factor * per_worker)
                say(f"{args.service}: {factor}x capacity = {rate} req/s for {args.duration}s")
                with Probe(base + path, state.token) as probe:
                    cpu_before, wall_before = cpu_seconds(worker), time.monotonic()
                    histogram = buckets(base)
                    result = run(
                        service=args.service,
                        base_url=base,
                        assets_url=state.urls["assets"],
                        token=state.token,
                        rps=rate,
                        duration_s=args.duration,
                        targets=spec.performance.latency,
                        max_vus=args.max_vus,
                    )
                    histogram_after = buckets(base)
                    cpu_share = (cpu_seconds(worker) - cpu_before) / (
                        time.monotonic() - wall_before
                    )
                    time.sleep(args.tail)
                started = result.load_started_at or 0.0
                end = started + args.duration
                during = [s for s in probe.samples if started <= s[0] < end]
                entry = {
                    "factor": factor,
                    "offered_rps": rate,
                    "k6": result.as_dict(),
                    "admitted_p99_ms": result.admitted_p99_ms,
                    # from the app's histogram: excludes time queued before the app saw it
                    "in_app_admitted_p99_le_s": in_app_p99(histogram, histogram_after),
                    "shed_fraction": result.shed_rate,
                    "other_error_fraction": round(
                        max(0.0, result.error_rate - (result.shed_rate or 0.0)), 5
                    ),
                    "served_rps": round(result.achieved_rps * (1 - result.error_rate), 1),
                    "recovery_s": recovery_seconds(probe.samples, end, limit_s),
                    # CPU the worker got, in cores, over k6's run (setup included)
                    "worker_cpu_cores": round(cpu_share, 2),
                    "probe_during": {
                        "reads": len(during),
                        "shed": sum(1 for s in during if s[1] == 503),
                        "p99_ms_of_admitted": _ms(p99([s[2] for s in during if s[1] == 200])),
                    },
                }
                runs.append(entry)
                say(json.dumps({k: v for k, v in entry.items() if k != "k6"}))
                time.sleep(3)
        finally:
            stop_all(folder)
    info["load_average_at_end"] = load_average()
    write(info, args, capacity, shedding, runs)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def write(
    info: dict[str, Any],
    args: argparse.Namespace,
    capacity: dict[str, Any],
    shedding: dict[str, Any],
    runs: list[dict[str, Any]],
) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    factors = " ".join(str(f) for f in args.factors)
    command = (
        f"uv run python benchmarks/overload.py --service {args.service} "
        f"--duration {args.duration} --factors {factors} --tail {args.tail} "
        f"--max-vus {args.max_vus}"
    )
    stem = RESULTS / f"overload-{info['date']}"
    record = {
        "machine": info,
        "command": command,
        "service": args.service,
        "capacity": capacity,
        "shedding": shedding,
        "runs": runs,
    }
    stem.with_suffix(".json").write_text(json.dumps(record, indent=2) + "\n")
    lines = [
        f"# Overload benchmark: {args.service} ({info['date']})",
        "",
        f"- machine: {summary(info)} (nproc={info['nproc']}), Python {info['python']}",
        f"- load average (1/5/15 min) at start: {info['load_average_at_start']}, at end: "
        f"{info['load_average_at_end']} — the machine is shared with other jobs",
        f"- command: `{command}`",
        f"- one granian worker; measured capacity {capacity['rps_per_pod']} req/s per worker "
        f"at p99 < {capacity['p99_limit_ms']:.0f} ms ({capacity['source']})",
        f"- shedding (Settings defaults): {shedding['max_concurrency']} in flight, "
        f"{shedding['max_queue']} waiting for at most {shedding['queue_timeout_seconds']} s, "
        "then 503 + Retry-After",
        "- k6, Redis, FalkorDB and moto share the same cores as the worker, on 127.0.0.1",
        "- p99 admitted: as k6 saw it (2xx only), including time queued before the app; in-app "
        "p99 admitted: the bucket bound of the service's own histogram (from when the app saw "
        "the request)",
        f"- recovery: from the end of the overload until a probe (one GET every "
        f"{PROBE_EVERY_S * 1000:.0f} ms) reads 200 under the p99 limit for "
        f"{RECOVERED_FOR_S:.0f} s",
        "",
        "| factor | offered req/s | achieved req/s | served 2xx req/s | shed | other errors "
        "| p99 admitted ms | in-app p99 admitted | p99 all ms | dropped | recovery s "
        "| worker CPU (cores) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        k6 = r["k6"]
        shed = "-" if r["shed_fraction"] is None else f"{r['shed_fraction']:.1%}"
        lines.append(
            f"| {r['factor']}x | {r['offered_rps']} | {k6['achieved_rps']} | {r['served_rps']} "
            f"| {shed} | {r['other_error_fraction']:.2%} | {r['admitted_p99_ms']} "
            f"| <= {r['in_app_admitted_p99_le_s']} s "
            f"| {k6['p99_ms']} | {k6['dropped_iterations']} | {r['recovery_s']} "
            f"| {r['worker_cpu_cores']} |"
        )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    say(f"wrote {stem}.md and .json")


if __name__ == "__main__":
    main()
