"""Per-service benchmark: 1000 req/s for 60 s, and the highest rate held with p99 < 100 ms.

Starts the one-machine platform (each service: one granian worker, i.e. one pod's process),
then for each service runs the k6 scenario of `chariot loadtest` (constant arrival rate,
authenticated GETs of Zipf-drawn keys) at 1000 req/s, and steps the offered rate up until p99
reaches 100 ms, errors exceed 0.1 % or k6 cannot offer the rate. Writes
benchmarks/results/services-<date>.{md,json}. The planner's per-pod capacity
(benchmarks/capacity.json) comes from benchmarks/service_path.py, which measures one worker
on its own core instead of beside k6 on the same cores.

    uv run python benchmarks/run_services.py [--steady 60] [--step 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe, load_average, summary

from chariot.runtime.dev.platform import Platform, stop_all
from chariot.runtime.loadtest.run import SERVICES, LoadResult, run
from chariot.spec.load import load_spec


def say(message: object) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
P99_LIMIT_MS = 100.0
STEPS = (100, 200, 300, 500, 750, 1000, 1500, 2000, 3000)


def holds(result: LoadResult) -> bool:
    """The rate is sustained: p99 under the limit, errors within budget, the rate offered."""
    return (
        result.p99_ms < P99_LIMIT_MS
        and result.error_rate <= 0.001
        and result.achieved_rps >= 0.97 * result.target_rps
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=int, default=60, help="seconds at 1000 req/s")
    parser.add_argument("--step", type=int, default=20, help="seconds per step of the search")
    parser.add_argument("--services", nargs="*", default=list(SERVICES))
    args = parser.parse_args()
    spec = load_spec(ROOT, "dev")
    info = describe()
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="chariot-bench-") as tmp:
        folder = Path(tmp)
        ports = dict.fromkeys(("redis", "graph", "dynamodb", *SERVICES), 0)
        state = Platform(spec, folder, ports=ports, progress=say).up(seed=False)
        try:
            for service in args.services:
                common = {
                    "service": service,
                    "base_url": state.urls[service],
                    "assets_url": state.urls["assets"],
                    "token": state.token,
                    "targets": spec.performance.latency,
                    "keys": 200,
                }
                say(f"{service}: 1000 req/s for {args.steady}s")
                steady = run(rps=1000, duration_s=args.steady, **common)
                say(json.dumps(steady.as_dict()))
                steps = []
                best = 0
                for rate in STEPS:
                    say(f"{service}: step {rate} req/s for {args.step}s")
                    result = run(rps=rate, duration_s=args.step, **common)
                    steps.append(result.as_dict())
                    say(json.dumps(steps[-1]))
                    if not holds(result):
                        break
                    best = rate
                report[service] = {
                    "steady_1000": steady.as_dict(),
                    "search": steps,
                    "max_rps_p99_under_100ms": best,
                }
        finally:
            stop_all(folder)
    info["load_average_at_end"] = load_average()
    write(info, report, args)


def write(info: dict[str, Any], report: dict[str, Any], args: argparse.Namespace) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = f"uv run python benchmarks/run_services.py --steady {args.steady} --step {args.step}"
    stem = RESULTS / f"services-{info['date']}"
    stem.with_suffix(".json").write_text(
        json.dumps(
            {"machine": info, "command": command, "p99_limit_ms": P99_LIMIT_MS, "services": report},
            indent=2,
        )
        + "\n"
    )
    lines = [
        f"# Service benchmark ({info['date']})",
        "",
        f"- machine: {summary(info)} (nproc={info['nproc']}), Python {info['python']}",
        f"- load average (1/5/15 min) at start: {info['load_average_at_start']}, at end: "
        f"{info['load_average_at_end']} — the machine is shared with other jobs",
        f"- command: `{command}`",
        "- each service: one granian worker (one pod's process) on the local platform; k6,",
        "  Redis, FalkorDB and moto share the same cores, so these are lower bounds for a pod.",
        "- workload: authenticated GET of one item by id, 200 Zipf-drawn keys (s=1.1), Redis",
        "  cache-aside with the spec's 300 s TTL; misses go to moto (~130-290 GetItem/s), so",
        "  the rates below are cache-hit dominated: see the hit ratio column.",
        "",
        "## 1000 req/s for the steady period",
        "",
        "| service | achieved RPS | p50 ms | p90 ms | p99 ms | max ms | errors | cache hits "
        "| dropped | thresholds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for service, data in report.items():
        r = data["steady_1000"]
        lines.append(_row(service, r) + f" | {'pass' if r['thresholds_passed'] else 'FAIL'} |")
    lines += [
        "",
        f"## Highest offered rate held with p99 < {P99_LIMIT_MS:.0f} ms",
        "",
        "| service | offered RPS | achieved RPS | p50 ms | p90 ms | p99 ms | max ms | errors "
        "| cache hits | dropped | held |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for service, data in report.items():
        for r in data["search"]:
            lines.append(
                _row(service, r, offered=True) + f" | {'yes' if holds_dict(r) else 'no'} |"
            )
    lines += ["", "| service | max RPS with p99 < 100 ms |", "|---|---|"]
    lines += [f"| {s} | {d['max_rps_p99_under_100ms']} |" for s, d in report.items()]
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    say(f"wrote {stem}.md and .json")


def holds_dict(r: dict[str, Any]) -> bool:
    return holds(LoadResult(**r))


def _row(service: str, r: dict[str, Any], offered: bool = False) -> str:
    hits = "-" if r["cache_hit_ratio"] is None else f"{r['cache_hit_ratio']:.1%}"
    first = f"| {service} | {r['target_rps']} " if offered else f"| {service} "
    return (
        f"{first}| {r['achieved_rps']} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} "
        f"| {r['max_ms']} | {r['error_rate']:.3%} | {hits} | {r['dropped_iterations']}"
    )


if __name__ == "__main__":
    main()
