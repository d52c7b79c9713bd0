"""The weekly right-sizing report as synthesized: schedule from the spec, least privilege in AWS
and in the cluster, its bucket classified."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.rightsizing import (
    GROUP,
    reader_binding,
    reader_role,
    reports_lifecycle,
)
from tests.infra.cfn import as_list, manifests


def test_the_cluster_role_only_reads_vpas_and_their_targets() -> None:
    rules = reader_role()["rules"]
    assert isinstance(rules, list)
    verbs = {verb for rule in rules for verb in rule["verbs"]}
    assert verbs == {"get", "list"}
    resources = {(g, r) for rule in rules for g in rule["apiGroups"] for r in rule["resources"]}
    assert resources == {
        ("autoscaling.k8s.io", "verticalpodautoscalers"),
        ("apps", "deployments"),
        ("apps", "statefulsets"),
    }
    binding = reader_binding()
    assert binding["subjects"] == [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": GROUP}
    ]


@pytest.mark.parametrize("keep", [90, 91, 400, 3650])
def test_reports_are_kept_as_long_as_the_spec_says(keep: int) -> None:
    lifecycle = reports_lifecycle(keep)
    assert lifecycle.expire_days == keep
    assert lifecycle.ia_days >= 30  # S3's minimum for Infrequent Access


@pytest.mark.synth
def test_synthesized_job(synthesized: dict[str, Any]) -> None:
    env = synthesized["prod"]
    template = env.json("addons")
    job = env.spec.cost.rightsizing
    (rule,) = [
        r["Properties"]
        for r in env.resources("addons", "AWS::Events::Rule").values()
        if "right-sizing" in r["Properties"].get("Description", "")
    ]
    assert rule["ScheduleExpression"] == "cron(0 7 ? * MON *)"
    assert job.schedule == "0 7 * * 1"
    (entry,) = env.resources("addons", "AWS::EKS::AccessEntry").values()
    assert entry["Properties"]["KubernetesGroups"] == [GROUP]
    assert "AccessPolicies" not in entry["Properties"]
    kinds = {m["kind"] for m in manifests(template)}
    assert {"ClusterRole", "ClusterRoleBinding"} <= kinds
    policies = [
        r["Properties"]["PolicyDocument"]["Statement"]
        for r in env.resources("addons", "AWS::IAM::ManagedPolicy").values()
        if any(
            "compute-optimizer:GetEC2InstanceRecommendations" in as_list(s["Action"])
            for s in r["Properties"]["PolicyDocument"]["Statement"]
        )
    ]
    (statements,) = policies
    actions = {a for s in statements for a in as_list(s["Action"])}
    assert "s3:PutObject" in actions
    assert not {a for a in actions if a.startswith("eks:")}  # the cluster sees it by RBAC
    assert not {a for a in actions if a.endswith("*")}
    buckets = env.resources("addons", "AWS::S3::Bucket")
    (reports,) = [b for logical, b in buckets.items() if logical.startswith("rightsizing")]
    tags = {t["Key"]: t["Value"] for t in reports["Properties"]["Tags"]}
    assert tags["chariot:data-classification"] == "confidential"
