"""`chariot manifests` renders Kubernetes/Istio objects; `chariot validate manifests` checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from chariot.cli.console import (
    FormatOption,
    ImagesOption,
    OnOption,
    OutputFormat,
    RootOption,
    err,
    fail,
    load,
    out,
    print_json,
    styled,
    table,
    user_errors,
)
from chariot.cli.plan import placements_or_fail
from chariot.k8s.validate.settings import ENV_VAR

if TYPE_CHECKING:
    from chariot.k8s.validate.rules.base import RuleContext
    from chariot.k8s.validate.validator import Report
    from chariot.spec.model import PlatformSpec

FAILED = 1

validate_app = typer.Typer(
    help="Validate generated outputs as their target would.", no_args_is_help=True
)

CrdsOption = Annotated[
    Path | None,
    typer.Option(
        "--crds",
        help=f"folder of upstream CRD files to use instead of the shipped schemas (${ENV_VAR})",
        envvar=ENV_VAR,
        file_okay=False,
    ),
]


def _crds(crds: Path | None) -> Path:
    from chariot.k8s.validate.settings import resolve_crds_dir

    try:
        return resolve_crds_dir(crds)
    except FileNotFoundError as exc:
        fail([f"--crds: {exc}"])


def _validate(
    paths: Sequence[Path], version: str, crds_dir: Path, context: RuleContext | None
) -> Report:
    from chariot.k8s.validate.builtin import UnsupportedVersionError
    from chariot.k8s.validate.validator import validate_report
    from chariot.spec.yaml_loader import YamlError

    try:
        return validate_report(paths, version, crds_dir, context)
    except UnsupportedVersionError as exc:
        fail([f"--kubernetes-version: {exc}"])
    except YamlError as exc:  # a CRD file of --crds
        fail([f"--crds: {exc}"])


def _print_findings(report: Report) -> None:
    """One line per finding, compiler style: file:line: object: field: [rule] reason."""
    for f in report.findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        line = Text(f.severity, style="red" if f.severity == "error" else "yellow")
        line.append(f" {where}: {f.object}: {f.path}: ").append(f"[{f.rule}]", style="bold")
        out.print(line.append(f" {f.reason}"))
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    colour = "red" if errors else "green"
    out.print(
        styled(
            f"{len(report.objects)} objects in {len(report.files)} files: "
            f"{errors} errors, {warnings} warnings",
            colour,
        )
    )


def _kinds(paths: Sequence[Path]) -> Counter[str]:
    from chariot.spec.yaml_loader import load_data

    counts: Counter[str] = Counter()
    for path in paths:
        counts[str(load_data(path)["kind"])] += 1
    return counts


def render(
    *,
    env: Annotated[str, typer.Option("--env", "-e", help="environment to render")],
    root: RootOption = Path("."),
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="output root; objects go to <out>/<env>/k8s (default: dist)"),
    ] = None,
    stack_outputs: Annotated[
        Path | None,
        typer.Option(
            "--stack-outputs",
            help=(
                "`cdk deploy --outputs-file` JSON: the Cognito issuer (edge.jwt.issuer null), "
                "the Neptune and cache endpoints, the security group ids"
            ),
            dir_okay=False,
        ),
    ] = None,
    images: ImagesOption = None,
    dr: Annotated[
        bool,
        typer.Option(
            "--dr",
            help=(
                "the DR region's objects instead (pilot_light, warm_standby): written to "
                "<out>/<env>/k8s-<dr_region>, with the DR stacks' outputs, for the DR cluster"
            ),
        ),
    ] = False,
    check: Annotated[
        bool, typer.Option("--validate/--no-validate", help="validate what was written")
    ] = True,
    crds: CrdsOption = None,
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Write every Kubernetes and Istio object of an environment plus a kustomization.yaml."""
    from chariot.k8s import deployed as deployed_values
    from chariot.k8s import images as image_digests
    from chariot.k8s import issuer as jwt_issuer
    from chariot.k8s.dr_region import has_dr_manifests, manifests_dir, render_dr
    from chariot.k8s.render import KUSTOMIZATION, render, write_objects
    from chariot.k8s.validate.rules.base import RuleContext
    from chariot.spec.dr_region import dr_view

    spec = load(root, env, on)
    if dr and not has_dr_manifests(spec):
        fail(
            [
                f"--dr: {env}'s dr.strategy is {spec.dr.strategy}, which keeps no cluster in "
                f"{spec.dr.dr_region} (pilot_light and warm_standby do): nothing to render"
            ]
        )
    with user_errors():
        issuer = jwt_issuer.resolve(spec, stack_outputs)  # the primary's pool for both regions
        deployed = deployed_values.resolve(spec, stack_outputs, dr=dr)
        digests = image_digests.resolve(images)
    placements = placements_or_fail(spec)
    target = (out_dir or root / "dist") / env / (manifests_dir(spec) if dr else "k8s")
    cluster = dr_view(spec) if dr else spec  # the cluster the objects are applied to
    try:
        objects = (
            render_dr(spec, placements, issuer, deployed, digests)
            if dr
            else render(spec, placements, issuer, deployed, digests)
        )
        written = [path for path, _ in write_objects(objects, target, env, dr=dr)]
    except (FileExistsError, ValueError) as exc:
        fail([f"{target}: {exc}"])
    except OSError as exc:  # --out is a file, or a folder we may not write to
        fail([f"--out: cannot write {exc.filename or target}: {exc.strerror or exc}"])
    report = None
    if check:
        report = _validate(
            [target],
            cluster.cluster.kubernetes_version,
            _crds(crds),
            RuleContext.for_spec(cluster),
        )
    issuer_text = (
        f"{issuer.issuer} (from {issuer.source})"
        if issuer is not None
        else "unknown: no RequestAuthentication rendered, edge requests are denied until "
        "--stack-outputs or edge.jwt.issuer gives the issuer"
    )
    pending = deployed.all_pending(cluster)
    pending_text = (
        ", ".join(pending)
        + ": left out of the Deployments (the services refuse to start until they are set) "
        "and no SecurityGroupPolicy for them; pass --stack-outputs after cdk deploy"
        if pending
        else "none"
    )
    if output is OutputFormat.JSON:
        data: dict[str, Any] = {
            "environment": env,
            "region": cluster.region,
            "directory": str(target),
            "kustomization": str(target / KUSTOMIZATION),
            "files": [str(p) for p in written],
            "jwt_issuer": None if issuer is None else issuer.issuer,
            "jwks_uri": None if issuer is None else issuer.jwks_uri,
            "pending_stack_outputs": pending,
        }
        if report is not None:
            data["findings"] = [f.as_dict() for f in report.findings]
        print_json(data)
    else:
        _print_rendered(cluster, not deployed.cache, target, written, [issuer_text, pending_text])
        if report is not None:
            _print_findings(report)
    if report is not None and report.errors:
        raise typer.Exit(FAILED)


def _print_rendered(
    cluster: PlatformSpec, cacheless: bool, target: Path, written: list[Path], texts: list[str]
) -> None:
    """The objects per kind, the issuer and the pending outputs (`texts`); for a region that
    runs no cache (the DR region before a failover makes one), how the services run without."""
    from chariot.k8s.render import KUSTOMIZATION

    rows = sorted(_kinds(written).items())
    title = (
        f"Manifests for {cluster.environment} ({cluster.cluster.name}, {cluster.region}) "
        f"-> {target}"
    )
    out.print(table(title, ["kind", "objects"], rows))
    out.print(f"{len(written)} objects, kustomization: {target / KUSTOMIZATION}")
    issuer_text, pending_text = texts
    out.print(f"JWT issuer: {issuer_text}")
    out.print(f"Pending stack outputs: {pending_text}")
    cached = [s.name for s in cluster.services if s.data.cache]
    if cacheless and cached:
        out.print(
            f"No cache in {cluster.region}: {', '.join(cached)} run without one "
            "(CHARIOT_CACHE_BACKEND=none, every read to the table)"
        )


def _kubernetes_version(
    root: Path, spec: PlatformSpec | None, given: str | None, on: str | None
) -> str:
    from chariot.spec.load import environment_names

    if given is not None:
        return given
    if spec is not None:
        return spec.cluster.kubernetes_version
    versions = set()
    for name in environment_names(root):
        versions.add(load(root, name, on).cluster.kubernetes_version)
    if len(versions) != 1:
        fail(
            [
                "--kubernetes-version: give the cluster's version (or --env); the environments "
                f"under {root} name {sorted(versions) or 'none'}"
            ]
        )
    return versions.pop()


def _checkov(paths: Sequence[Path], report: Report) -> None:
    """Add checkov's failed checks (beyond the justified exceptions) to the report."""
    from chariot.k8s.checkov_exceptions import EXCEPTIONS
    from chariot.k8s.validate.findings import Finding
    from chariot.verify.checkov import CheckovError, CheckovUnavailableError, run_checkov

    folders = [p for p in paths if p.is_dir()]
    if len(folders) != len(paths):
        fail(["--checkov: pass folders (checkov scans a folder of manifests)"])
    for folder in folders:
        try:
            with err.status(f"checkov on {folder} (its own environment, via uvx) ..."):
                failed = run_checkov(folder, "kubernetes", sorted(EXCEPTIONS))
        except (CheckovUnavailableError, CheckovError) as exc:
            fail([f"--checkov: {exc}"])
        for item in failed:
            file = str(folder / item.file.lstrip("/"))
            line = item.lines[0] if item.lines else None
            kind, _, rest = item.resource.partition(".")
            namespace, _, name = rest.partition(".")
            label = f"{kind} {namespace}/{name}" if name else item.resource
            rule = f"checkov:{item.check_id}"
            report.findings.append(Finding(file, label, "-", rule, item.check_name, line))


@validate_app.command("manifests")
def validate_manifests(
    *,
    paths: Annotated[
        list[Path], typer.Argument(help="YAML files or folders (searched recursively)")
    ],
    kubernetes_version: Annotated[
        str | None,
        typer.Option("--kubernetes-version", "-k", help="the cluster's version, e.g. 1.35"),
    ] = None,
    env: Annotated[
        str | None,
        typer.Option(
            "--env", "-e", help="take the version, Fargate profiles and mesh from this spec"
        ),
    ] = None,
    root: RootOption = Path("."),
    crds: CrdsOption = None,
    checkov: Annotated[
        bool,
        typer.Option(
            "--checkov", help="also run checkov (kubernetes framework) on the folders; slow"
        ),
    ] = False,
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Validate manifests as a cluster would: schemas, CRDs with CEL, cross-object rules.

    Prints file, object, field path, rule and reason for each finding; exits 1 on any error.
    """
    from chariot.k8s.validate.rules.base import RuleContext

    spec = load(root, env, on) if env is not None else None
    version = _kubernetes_version(root, spec, kubernetes_version, on)
    context = RuleContext.for_spec(spec) if spec is not None else None
    report = _validate(paths, version, _crds(crds), context)
    if checkov:
        _checkov(paths, report)
    if output is OutputFormat.JSON:
        print_json(
            {
                "kubernetes_version": version,
                "objects": len(report.objects),
                "files": len(report.files),
                "errors": len(report.errors),
                "findings": [f.as_dict() for f in report.findings],
            }
        )
    else:
        _print_findings(report)
    if report.errors:
        raise typer.Exit(FAILED)
