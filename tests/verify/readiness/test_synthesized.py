"""The readiness rules on the real synthesized templates: every environment passes, and each
defect of issue 10 put back into a copy of prod's templates fails with a reason naming it."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chariot.k8s.render import render
from chariot.verify.readiness.base import KubernetesObject, Platform, Template
from chariot.verify.readiness.registry import RULES
from chariot.verify.readiness.runner import load_platform, run
from tests.conftest import Synthesized
from tests.k8s.helpers import placements

pytestmark = pytest.mark.synth

Edit = Callable[[dict[str, Any]], None]


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_every_environment_passes(synthesized: dict[str, Synthesized], env: str) -> None:
    report = run(load_platform(synthesized[env].spec, synthesized[env].outdir), RULES)
    assert [str(f) for f in report.errors] == []


def _with(platform: Platform, part: str, edit: Edit) -> Platform:
    """A copy of `platform` whose `part` template went through `edit` (every service stack
    for 'services')."""
    templates = []
    for template in platform.templates:
        data = copy.deepcopy(template.data)
        if template.stack.endswith(f"-{part}") or re.search(rf"-{part}-\d+$", template.stack):
            edit(data)
        templates.append(
            Template(template.stack, template.file, template.account, template.region, data)
        )
    return Platform(platform.spec, templates, platform.kubernetes)


def _of_type(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in data["Resources"].values() if r["Type"] == kind]


def _dimensional_monitor(data: dict[str, Any]) -> None:
    (monitor,) = _of_type(data, "AWS::CE::AnomalyMonitor")
    monitor["Properties"] = {"MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"}


def _describe_key_under_context(data: dict[str, Any]) -> None:
    for key in _of_type(data, "AWS::KMS::Key"):
        statements = key["Properties"]["KeyPolicy"]["Statement"]
        if any(s.get("Sid") == "CloudTrailDescribesTheKey" for s in statements):
            statements[:] = [s for s in statements if s.get("Sid") != "CloudTrailDescribesTheKey"]
            trail = next(s for s in statements if s.get("Sid") == "CloudTrailOfThisAccount")
            trail["Action"] = ["kms:GenerateDataKey*", "kms:DescribeKey"]


def _dr_key_backup_only(data: dict[str, Any]) -> None:
    for key in _of_type(data, "AWS::KMS::Key"):
        for statement in key["Properties"]["KeyPolicy"]["Statement"]:
            via = statement.get("Condition", {}).get("StringEquals", {}).get("kms:ViaService")
            if isinstance(via, list) and "rds.us-west-2.amazonaws.com" in via:
                via.remove("rds.us-west-2.amazonaws.com")


def _no_cloudwatch_agent(data: dict[str, Any]) -> None:
    data["Resources"] = {
        k: r for k, r in data["Resources"].items()
        if r.get("Properties", {}).get("AddonName") != "amazon-cloudwatch-observability"
    }  # fmt: skip


def _helm_waits_900s(data: dict[str, Any]) -> None:
    for chart in _of_type(data, "Custom::AWSCDK-EKS-HelmChart"):
        if chart["Properties"].get("Wait"):
            chart["Properties"]["Timeout"] = "900s"


def _no_image_repositories(data: dict[str, Any]) -> None:
    data["Resources"] = {
        k: r for k, r in data["Resources"].items() if r["Type"] != "AWS::ECR::Repository"
    }


def _routes_without_origin_check(data: dict[str, Any]) -> None:
    for route in _of_type(data, "AWS::ApiGatewayV2::Route"):
        route["Properties"]["AuthorizationType"] = "NONE"
        route["Properties"].pop("AuthorizerId", None)


def _nlb_claims_mtls(data: dict[str, Any]) -> None:
    (nlb,) = _of_type(data, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    for item in nlb["Metadata"]["cdk_nag"]["rules_to_suppress"]:
        if item["id"].endswith("ELBv2ACMCertificateRequired"):
            item["reason"] = "Internal NLB: traffic inside the mesh is Istio mTLS."


def _service_tags_dropped(data: dict[str, Any]) -> None:
    for resource in data["Resources"].values():
        tags = resource.get("Properties", {}).get("Tags")
        if isinstance(tags, list):
            tags[:] = [t for t in tags if t["Key"] != "chariot:service"]


@pytest.mark.parametrize(
    ("finding", "part", "edit", "rule", "named"),
    [
        (1, "governance", _dimensional_monitor, "anomaly-monitor-creatable", "DIMENSIONAL"),
        (2, "security", _describe_key_under_context, "kms-service-grants", "kms:DescribeKey"),
        (6, "dr", _dr_key_backup_only, "backup-copies-work", "rds.us-west-2.amazonaws.com"),
        (7, "cluster", _no_cloudwatch_agent, "alarm-metrics-published", "ContainerInsights"),
        (9, "addons", _helm_waits_900s, "waits-below-handler-timeout", "waits 900 s"),
        (10, "edge", _routes_without_origin_check, "api-only-through-edge", "skip CloudFront"),
        (12, "edge", _nlb_claims_mtls, "acknowledgements-true", "listeners are plain"),
        (15, "services", _service_tags_dropped, "cost-allocation-tags", "chariot:service is"),
    ],
)
def test_a_reintroduced_defect_fails_naming_it(
    synthesized: dict[str, Synthesized], finding: int, part: str, edit: Edit, rule: str,
    named: str,
) -> None:  # fmt: skip
    prod = load_platform(synthesized["prod"].spec, synthesized["prod"].outdir)
    report = run(_with(prod, part, edit), RULES)
    reasons = [f.reason for f in report.errors if f.rule == rule]
    assert reasons, f"finding {finding}: {rule} did not fire"
    assert all(named in reason for reason in reasons), json.dumps(reasons)


def test_rendered_images_come_from_the_repositories_the_service_stacks_create(
    synthesized: dict[str, Synthesized],
) -> None:
    """Finding 3: the manifests' images against the templates; without the repositories (or
    with the seed's Docker Hub names) images-pullable fails naming the registry."""
    spec = synthesized["prod"].spec
    objects = [
        KubernetesObject(Path("k8s.yaml"), manifest) for manifest in render(spec, placements(spec))
    ]
    prod = load_platform(spec, synthesized["prod"].outdir)
    with_objects = Platform(spec, prod.templates, objects)
    assert list(RULES["images-pullable"](with_objects)) == []
    without = _with(with_objects, "services", _no_image_repositories)
    reasons = [r.reason for r in RULES["images-pullable"](without)]
    assert len(reasons) == len(spec.services)
    assert all("creates no repository" in reason for reason in reasons)
