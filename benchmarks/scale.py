"""Scale benchmark: `chariot synth --env prod` on catalogs of 3 / 50 / 200 / 1000 services.

For each size it builds a project in a temporary folder (a copy of environments/, cdk.json and
benchmarks/capacity.json, plus services/*.yaml: the three real services and numbered variants of
them), then measures, each in its own process:

- the whole synth (CDK + cdk-nag, cfn-lint with a cold cache, manifests and their validation,
  placement, capacity, cost, report) under `/usr/bin/time -v`: CPU seconds (user + sys, node
  included), wall time, peak RSS, exit code, the stacks written (resources per stack, largest
  template), the Kubernetes objects; a refused synth records its error lines;
- the same synth again with nothing changed (the build cache answers);
- the planning and manifest steps alone, without synthesis (`--steps-only`): load the spec,
  place, plan capacity, render and validate the manifests, price the templates;
- for the 3-service project, the CLI startup figures (median of 3 runs per command).

Writes benchmarks/results/scale-<date>.json and .md with the machine, date and load average.

    .venv/bin/python benchmarks/scale.py [--sizes 3 50 200 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe, load_average, summary

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
CHARIOT = [
    PYTHON,
    "-c",
    "import sys; from chariot.cli.main import main; sys.argv[0] = 'chariot'; main()",
]
ENVIRONMENT = "prod"
DAY = "2026-11-26"  # the spec's support windows are checked as of a fixed day


def say(message: object) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


def make_project(folder: Path, services: int, unrouted: bool = False) -> Path:
    """A project with `services` catalog entries: the real three, then numbered variants
    (`unrouted`: the variants are background workers, which get no routes at the edge)."""
    shutil.copytree(ROOT / "environments", folder / "environments")
    shutil.copy(ROOT / "cdk.json", folder / "cdk.json")
    (folder / "benchmarks").mkdir()
    shutil.copy(ROOT / "benchmarks" / "capacity.json", folder / "benchmarks" / "capacity.json")
    catalog = folder / "services"
    catalog.mkdir()
    originals = sorted((ROOT / "services").glob("*.yaml"))
    for file in originals:
        shutil.copy(file, catalog / file.name)
    bases = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in originals]
    for index in range(services - len(originals)):
        entry = dict(bases[index % len(bases)])
        number = index // len(bases) + 1
        entry["name"] = f"{entry['name']}-{number}"
        if unrouted:
            entry["kind"] = "background"
        data = dict(entry.get("data") or {})
        if "table" in data:
            data["table"] = {**data["table"], "name": f"{data['table']['name']}{number}"}
        entry["data"] = data
        path = catalog / f"{entry['name']}.yaml"
        path.write_text(yaml.safe_dump(entry, sort_keys=False), encoding="utf-8")
    share_routes_beyond_the_quota(folder / "environments" / f"{ENVIRONMENT}.yaml", services)
    return folder


def share_routes_beyond_the_quota(environment: Path, services: int) -> None:
    """What a platform engineer does past API Gateway's route quota (the spec rule
    edge-routing-fits says so): `edge.routing: shared`."""
    from chariot.spec.edge_routes import PATHS_PER_SERVICE, QUOTAS

    if PATHS_PER_SERVICE * services <= QUOTAS["http"].per_api:
        return
    data = yaml.safe_load(environment.read_text(encoding="utf-8"))
    data["edge"]["routing"] = "shared"
    environment.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


TIME_FIELDS = {
    "User time (seconds)": "user_s",
    "System time (seconds)": "sys_s",
    "Maximum resident set size (kbytes)": "max_rss_kb",
}


def timed(argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run argv under /usr/bin/time -v: CPU (children included), wall, peak RSS, output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *argv],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
        )
        wall = time.perf_counter() - start
        figures: dict[str, Any] = {}
        for line in Path(report.name).read_text().splitlines():
            key, _, value = line.strip().partition(": ")
            if key in TIME_FIELDS:
                figures[TIME_FIELDS[key]] = float(value)
    return {
        "cpu_s": round(figures["user_s"] + figures["sys_s"], 2),
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(figures["max_rss_kb"] / 1024),
        "exit_code": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
    }


def outputs(outdir: Path) -> dict[str, Any]:
    """Stacks, resources per stack, the largest template and the Kubernetes objects written."""
    stacks = {}
    for template in sorted(outdir.glob("*.template.json")):
        data = json.loads(template.read_text(encoding="utf-8"))
        stacks[template.name.removesuffix(".template.json")] = {
            "resources": len(data.get("Resources", {})),
            "bytes": template.stat().st_size,
        }
    k8s = outdir / "k8s"
    objects = len([p for p in k8s.rglob("*.yaml") if p.name != "kustomization.yaml"])
    return {
        "stacks": len(stacks),
        "resources": sum(s["resources"] for s in stacks.values()),
        "resources_per_stack": {name: s["resources"] for name, s in stacks.items()},
        "largest_template_bytes": max((s["bytes"] for s in stacks.values()), default=0),
        "kubernetes_objects": objects if k8s.is_dir() else 0,
    }


def synth(project: Path, dist: Path, cache: Path, force: bool) -> dict[str, Any]:
    argv = [*CHARIOT, "synth", "--env", ENVIRONMENT, "--root", str(project), "--out", str(dist),
            "--on", DAY, "--format", "json"]  # fmt: skip
    run = timed([*argv, "--force"] if force else argv, {"CHARIOT_CACHE_DIR": str(cache)})
    errors = [line for line in run["stderr"].splitlines() if line.startswith("error")]
    result = {k: run[k] for k in ("cpu_s", "wall_s", "peak_rss_mb", "exit_code")}
    result["traceback"] = "Traceback (most recent call last)" in run["stderr"]
    result["errors"] = errors[:5]
    result["unchanged"] = "unchanged since the last passed build" in run["stderr"]
    return result


def steps(project: Path, templates: Path) -> dict[str, Any]:
    """The planning and manifest steps of one catalog, without synthesis, in a fresh process."""
    argv = [PYTHON, str(Path(__file__).resolve()), "--steps-only", str(project), str(templates)]
    run = timed(argv)
    if run["exit_code"] != 0:
        return {"exit_code": run["exit_code"], "stderr": run["stderr"][-2000:]}
    data: dict[str, Any] = json.loads(run["stdout"].splitlines()[-1])
    data["process"] = {k: run[k] for k in ("cpu_s", "wall_s", "peak_rss_mb")}
    return data


def run_steps(project: Path, templates: Path) -> dict[str, Any]:
    """In this process: time each step (CPU and wall), imports counted apart."""
    started = time.process_time(), time.perf_counter()
    from datetime import date

    from chariot.k8s.deployed import resolve as resolve_deployed
    from chariot.k8s.issuer import resolve as resolve_issuer
    from chariot.k8s.render import render, write_objects
    from chariot.k8s.validate.rules.base import RuleContext
    from chariot.k8s.validate.settings import resolve_crds_dir
    from chariot.k8s.validate.validator import validate_rendered
    from chariot.plan.capacity import plan_capacity, read_per_pod
    from chariot.plan.cost.estimate import estimate
    from chariot.plan.environment import load_environment_usage
    from chariot.plan.placement import place
    from chariot.spec.load import load_spec

    figures: dict[str, dict[str, float]] = {}
    clock = list(started)

    def lap(name: str) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        figures[name] = {"cpu_s": round(cpu - clock[0], 3), "wall_s": round(wall - clock[1], 3)}
        clock[:] = [cpu, wall]

    lap("imports")
    day = date.fromisoformat(DAY)
    spec = load_spec(project, ENVIRONMENT, day)
    lap("load spec")
    placements = place(spec)
    lap("placement")
    capacity = plan_capacity(spec, placements, read_per_pod(project))
    lap("capacity")
    usage = load_environment_usage(project, ENVIRONMENT)
    estimate(spec, templates, usage, capacity=capacity, placements=placements, today=day)
    lap("cost")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "k8s"
        manifests = render(
            spec, placements, resolve_issuer(spec, None), resolve_deployed(spec, None)
        )
        written = write_objects(manifests, folder, spec.environment)
        lap("render manifests")
        report = validate_rendered(  # as `chariot synth` does: the objects it just wrote
            written,
            spec.cluster.kubernetes_version,
            resolve_crds_dir(),  # the schemas shipped in the package
            RuleContext.for_spec(spec),
        )
        lap("validate manifests")
    total = {
        "cpu_s": round(sum(v["cpu_s"] for k, v in figures.items() if k != "imports"), 2),
        "wall_s": round(sum(v["wall_s"] for k, v in figures.items() if k != "imports"), 2),
    }
    return {
        "services": len(spec.services),
        "objects": len(written),
        "errors": len(report.errors),
        "templates_priced": str(templates),
        "steps": figures,
        "total_without_imports": total,
    }


STARTUP = (
    ["--help"],
    ["synth", "--help"],
    ["spec", "validate", "--env", ENVIRONMENT],
    ["spec", "show", "--env", ENVIRONMENT],
    ["plan", "--env", ENVIRONMENT],
    ["cost", "--env", ENVIRONMENT],
)


def startup(project: Path, templates: Path, repeat: int) -> list[dict[str, Any]]:
    rows = []
    for words in STARTUP:
        extra = ["--root", str(project), "--on", DAY] if words[-1] != "--help" else []
        if words[0] == "cost":
            extra += ["--templates", str(templates)]
        runs = [timed([*CHARIOT, *words, *extra]) for _ in range(repeat)]
        rows.append(
            {
                "command": "chariot " + " ".join(words),
                "cpu_s": statistics.median(r["cpu_s"] for r in runs),
                "wall_s": statistics.median(r["wall_s"] for r in runs),
                "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
                "exit_codes": sorted({r["exit_code"] for r in runs}),
            }
        )
        say(f"  {rows[-1]}")
    return rows


def markdown(report: dict[str, Any]) -> str:
    info = report["machine"]
    lines = [
        f"# Scale benchmark, {info['date']}",
        "",
        f"Machine: {summary(info)}; load average {info['load_average_at_start']} at the start, "
        f"{report['load_average_at_end']} at the end (shared with other jobs). "
        f"Command: `{report['command']}`. Environment `{ENVIRONMENT}`, spec checked as of {DAY}."
        + ("" if report.get("finished") else " **Run still going or cut short: sizes so far.**"),
        "",
        "## chariot synth (cold: empty cfn-lint cache, --force)",
        "",
        "| services | exit | CPU s | wall s | peak RSS MB | stacks | resources | largest stack "
        "| largest template KB | k8s objects | no-op re-run CPU s / wall s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in report["sizes"]:
        s, o, again = size["synth"], size.get("outputs"), size.get("rerun")
        if o is None:
            lines.append(f"| {size['services']} | not run (--synth-max) |||||||||")
            continue
        biggest = max(o["resources_per_stack"].items(), key=lambda kv: kv[1], default=("-", 0))
        rerun = f"{again['cpu_s']} / {again['wall_s']}" if again else "-"
        lines.append(
            f"| {size['services']} | {s['exit_code']} | {s['cpu_s']} | {s['wall_s']} "
            f"| {s['peak_rss_mb']} | {o['stacks']} | {o['resources']} "
            f"| {biggest[0]} ({biggest[1]}) | {o['largest_template_bytes'] // 1024} "
            f"| {o['kubernetes_objects']} | {rerun} |"
        )
    refused = [s for s in report["sizes"] if s["synth"]["exit_code"] not in (0, None)]
    if refused:
        lines += ["", "Refused builds (stderr `error` lines; traceback printed: yes/no):", ""]
        for size in refused:
            tb = "yes" if size["synth"]["traceback"] else "no"
            for line in size["synth"]["errors"]:
                lines.append(f"- {size['services']} services (traceback: {tb}): `{line}`")
    lines += [
        "",
        "## Planning and manifests without synthesis (one process per size)",
        "",
        "| services | load spec | placement | capacity | cost | render | validate "
        "| total CPU s (wall s), imports apart | imports CPU s | objects |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in report["sizes"]:
        st = size.get("steps", {})
        if "steps" not in st:
            lines.append(f"| {size['services']} | failed: see JSON |||||||||")
            continue
        cells = " | ".join(
            f"{st['steps'][k]['cpu_s']:.2f}"
            for k in ("load spec", "placement", "capacity", "cost", "render manifests",
                      "validate manifests")
        )  # fmt: skip
        total = st["total_without_imports"]
        lines.append(
            f"| {size['services']} | {cells} | {total['cpu_s']} ({total['wall_s']}) "
            f"| {st['steps']['imports']['cpu_s']:.2f} | {st['objects']} |"
        )
    lines += [
        "",
        "Cost prices the templates the same size's synth wrote when it succeeded, else the "
        "smallest size's templates (the JSON says which).",
    ]
    if report.get("unrouted"):
        lines += [
            "",
            "The numbered variants are `kind: background` (`--unrouted`): only the three real "
            "services are routed at the edge.",
        ]
    if "startup" not in report:  # no size synthesized that startup could run against
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"## CLI startup ({report.get('startup_services', 3)}-service project, median of "
        f"{report['repeat']}, whole process)",
        "",
        "| command | CPU s | wall s | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for row in report["startup"]:
        lines.append(
            f"| `{row['command']}` | {row['cpu_s']} | {row['wall_s']} | {row['peak_rss_mb']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[3, 50, 200, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per startup command")
    parser.add_argument("--name", default="scale", help="result file prefix")
    parser.add_argument(
        "--synth-max", type=int, default=None, help="synthesize only sizes up to this one"
    )
    parser.add_argument(
        "--unrouted",
        action="store_true",
        help="numbered variants are background workers: no per-service routes at the edge",
    )
    parser.add_argument("--steps-only", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps_only:
        say(json.dumps(run_steps(*args.steps_only)))
        return
    info = describe()
    say(f"machine: {summary(info)}, load {info['load_average_at_start']}")
    report: dict[str, Any] = {
        "machine": info,
        "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:]),
        "unrouted": args.unrouted,
        "repeat": args.repeat,
        "sizes": [],
    }
    stem = RESULTS / f"{args.name}-{info['date']}"
    with tempfile.TemporaryDirectory(prefix="chariot-scale-") as tmp:
        base_templates: Path | None = None
        for size in sorted(args.sizes):
            folder = Path(tmp) / f"n{size}"
            project = make_project(folder / "project", size, args.unrouted)
            dist, cache = folder / "dist", folder / "cache"
            entry: dict[str, Any] = {"services": size}
            if args.synth_max is not None and size > args.synth_max:
                say(f"{size} services: synth skipped (--synth-max {args.synth_max})")
                first = {"exit_code": None, "skipped": True}
            else:
                say(f"{size} services: synth ...")
                first = synth(project, dist, cache, force=True)
                say(f"  {first}")
                entry["outputs"] = outputs(dist / ENVIRONMENT)
            entry["synth"] = first
            if first["exit_code"] == 0:
                entry["rerun"] = synth(project, dist, cache, force=False)
                say(f"  re-run: {entry['rerun']}")
                base_templates = base_templates or dist / ENVIRONMENT
            templates = dist / ENVIRONMENT if first["exit_code"] == 0 else base_templates
            if templates is not None:
                entry["steps"] = steps(project, templates)
                say(f"  steps: {entry['steps'].get('total_without_imports')}")
            if size == min(args.sizes) and templates is not None:
                say("CLI startup ...")
                report["startup"] = startup(project, templates, args.repeat)
                report["startup_services"] = size
            report["sizes"].append(entry)
            write(report, stem)  # after every size: a run cut short keeps what it measured
            if templates != dist / ENVIRONMENT:  # keep the templates later sizes price
                shutil.rmtree(dist, ignore_errors=True)
    report["finished"] = True
    write(report, stem)
    say(f"wrote {stem}.json and {stem}.md")


def write(report: dict[str, Any], stem: Path) -> None:
    report["load_average_at_end"] = load_average()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(report), encoding="utf-8")


if __name__ == "__main__":
    main()
