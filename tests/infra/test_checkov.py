"""checkov on the templates of the data, edge, security, DR and governance stacks (three
environments, three edge modes): no failed check on our own resources. What remains is listed
here, each with the reason it stands. (The network, cluster and add-ons stacks are checked by
their own tests.)"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chariot.spec.model import PlatformSpec
from chariot.verify.checkov import Finding, run_checkov
from tests.conftest import Synthesized, needs_uvx


def _always(_: PlatformSpec) -> bool:
    return True


@dataclass(frozen=True)
class Accepted:
    check_id: str
    resource: str
    reason: str
    applies: Callable[[PlatformSpec], bool] = _always


PARTS = ("dr", "security", "data", "edge", "governance", "billing")

ACCEPTED = [
    # Our resources, each a decision.
    Accepted(
        "CKV_AWS_18",
        "AWS::S3::Bucket.LogBucketCC3B17E8",
        "The access-log bucket itself: logging it into itself would loop, and into another "
        "bucket only moves the question.",
    ),
    Accepted(
        "CKV_AWS_18",
        "AWS::S3::Bucket.AccessLogs8B620ECA",
        "The DR region's access-log bucket: same reason as the primary log bucket.",
    ),
    Accepted(
        "CKV_AWS_174",
        "AWS::CloudFront::Distribution.Distribution830FAC52",
        "Without spec.edge.domain_name CloudFront serves its *.cloudfront.net certificate, "
        "whose viewer TLS policy cannot be set; with a domain the check passes (TLSv1.2_2021).",
        lambda spec: spec.edge.domain_name is None,
    ),
    Accepted(
        "CKV_AWS_361",
        "AWS::Neptune::DBCluster.Graph",
        "Neptune backup retention below 7 days only where the spec asks for it (dev keeps 1).",
        lambda spec: spec.data.neptune.backup_retention_days < 7,
    ),
]


def _accepted(finding: Finding, spec: PlatformSpec) -> bool:
    return any(
        a.check_id == finding.check_id and a.resource == finding.resource and a.applies(spec)
        for a in ACCEPTED
    )


pytestmark = needs_uvx


def _scan(envs: dict[str, Synthesized], tmp_path: Path, pattern: str = "*") -> list[str]:
    """One checkov run over the templates of all `envs` (copied, so tree.json and assets
    stay out of the scan)."""
    by_file = {}
    for name, env in envs.items():
        target = tmp_path / name
        target.mkdir()
        templates = [
            t
            for t in env.outdir.glob(f"{pattern}.template.json")
            if t.name.removesuffix(".template.json").rsplit("-", 1)[1] in PARTS
        ]
        for template in templates:
            shutil.copy(template, target / template.name)
            by_file[template.name] = env.spec
    unexpected = []
    for finding in run_checkov(tmp_path, "cloudformation"):
        if not _accepted(finding, by_file[Path(finding.file).name]):
            unexpected.append(str(finding))
    return unexpected


def test_environments_have_no_failed_checks_on_our_resources(
    synthesized: dict[str, Synthesized], tmp_path: Path
) -> None:
    assert _scan(synthesized, tmp_path) == []


def test_every_edge_mode_has_no_failed_checks_on_our_resources(
    edge_modes: dict[str, Synthesized], tmp_path: Path
) -> None:
    # Only the edge stack differs between modes; `http` is prod, scanned above.
    others = {mode: env for mode, env in edge_modes.items() if mode != "http"}
    assert _scan(others, tmp_path, "*-edge") == []


def test_every_acceptance_has_a_reason() -> None:
    assert all(len(a.reason) > 40 for a in ACCEPTED)


def test_with_a_custom_domain_cloudfront_passes_the_viewer_tls_check(
    variant: Synthesized, tmp_path: Path
) -> None:
    # The CKV_AWS_174 acceptance does not apply when a domain is set, so it must pass here.
    assert _scan({"variant": variant}, tmp_path, "*-edge") == []
