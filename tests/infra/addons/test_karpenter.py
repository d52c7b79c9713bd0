"""Karpenter add-on as synthesized: chart, Fargate namespace, IAM, interruption queue, NodePools."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.infra.cfn import TOKEN, as_list, manifests, pod_identity_policy, releases

pytestmark = pytest.mark.synth


def test_chart_is_pinned_to_the_crd_version(synthesized: dict[str, Any]) -> None:
    karpenter = releases(synthesized["prod"].json("addons"))["karpenter"]
    assert (karpenter.chart, karpenter.version) == ("karpenter", "1.14.1")
    assert karpenter.repository == "oci://public.ecr.aws/karpenter/karpenter"
    assert karpenter.values["settings"]["clusterName"] == "chariot-microservices-cluster"
    assert karpenter.values["settings"]["interruptionQueue"] == TOKEN


def test_controller_namespace_is_selected_by_a_fargate_profile(
    synthesized: dict[str, Any],
) -> None:
    karpenter = releases(synthesized["prod"].json("addons"))["karpenter"]
    profiles = synthesized["prod"].resources("cluster", "AWS::EKS::FargateProfile")
    namespaces = {s["Namespace"] for p in profiles.values() for s in p["Properties"]["Selectors"]}
    assert karpenter.namespace in namespaces


def test_interruption_queue_receives_the_four_event_kinds(synthesized: dict[str, Any]) -> None:
    rules = {
        logical: rule
        for logical, rule in synthesized["prod"].resources("addons", "AWS::Events::Rule").items()
        if "EventPattern" in rule["Properties"]  # not the right-sizing report's schedule
    }
    detail_types = sorted(r["Properties"]["EventPattern"]["detail-type"][0] for r in rules.values())
    assert detail_types == [
        "AWS Health Event",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance State-change Notification",
        "EC2 Spot Instance Interruption Warning",
    ]
    (queue_id,) = synthesized["prod"].resources("addons", "AWS::SQS::Queue")
    for rule in rules.values():
        assert rule["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": [queue_id, "Arn"]}


def test_interruption_queue_is_encrypted_with_a_key_eventbridge_may_use(
    synthesized: dict[str, Any],
) -> None:
    """A customer-managed key (checkov CKV_AWS_27): EventBridge of this account may encrypt with
    it, or its rules could no longer deliver; other principals only through SQS."""
    env = synthesized["prod"]
    ((key_id, key),) = env.resources("addons", "AWS::KMS::Key").items()
    (queue,) = env.resources("addons", "AWS::SQS::Queue").values()
    assert queue["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
    assert "SqsManagedSseEnabled" not in queue["Properties"]
    assert key["Properties"]["EnableKeyRotation"] is True
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    events = next(s for s in statements if s["Principal"] == {"Service": "events.amazonaws.com"})
    assert {"kms:GenerateDataKey*", "kms:Decrypt"} <= set(events["Action"])
    assert events["Condition"] == {"StringEquals": {"aws:SourceAccount": env.spec.account}}
    via = next(s for s in statements if s.get("Sid") == "UseThroughOwningServices")
    assert via["Condition"] == {
        "StringEquals": {"kms:ViaService": [f"sqs.{env.spec.region}.amazonaws.com"]}
    }
    (policy,) = env.resources("addons", "AWS::SQS::QueuePolicy").values()
    send = next(
        s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"
    )
    assert send["Principal"] == {"Service": "events.amazonaws.com"}
    assert send["Condition"] == {"StringEquals": {"aws:SourceAccount": env.spec.account}}


def test_controller_may_decrypt_only_the_queue_key(synthesized: dict[str, Any]) -> None:
    env = synthesized["prod"]
    (key_id,) = env.resources("addons", "AWS::KMS::Key")
    statements = pod_identity_policy(env.json("addons"), "karpenter", "karpenter")
    kms = [s for s in statements if any(a.startswith("kms:") for a in as_list(s["Action"]))]
    assert kms == [
        {
            "Action": "kms:Decrypt",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [key_id, "Arn"]},
            "Sid": "InterruptionQueueKey",
        }
    ]


def test_controller_may_only_touch_this_clusters_instances(synthesized: dict[str, Any]) -> None:
    statements = pod_identity_policy(synthesized["prod"].json("addons"), "karpenter", "karpenter")
    terminate = next(s for s in statements if "ec2:TerminateInstances" in as_list(s["Action"]))
    assert terminate["Condition"]["StringEquals"] == {
        "aws:ResourceTag/kubernetes.io/cluster/chariot-microservices-cluster": "owned"
    }
    pass_role = next(s for s in statements if s["Action"] == "iam:PassRole")
    assert "*" not in str(pass_role["Resource"])


def test_node_pools_and_classes_are_applied_after_the_chart(synthesized: dict[str, Any]) -> None:
    template = synthesized["prod"].json("addons")
    objects = manifests(template)
    kinds = sorted(
        (o["kind"], o["metadata"]["name"]) for o in objects if "karpenter" in o["apiVersion"]
    )
    # Only the pool Karpenter owns: on-demand-workers is a managed node group (autoscaled: false).
    assert kinds == [("EC2NodeClass", "spot-workers"), ("NodePool", "spot-workers")]
    chart_id = releases(template)["karpenter"].logical_id
    pools = [
        r
        for r in template["Resources"].values()
        if r["Type"] == "Custom::AWSCDK-EKS-KubernetesResource" and "NodePool" in str(r)
    ]
    assert all(chart_id in r["DependsOn"] for r in pools)


def test_cluster_autoscaler_choice_installs_no_karpenter(variant: Any) -> None:
    assert "karpenter" not in releases(variant.json("addons"))
    assert not variant.resources("addons", "AWS::SQS::Queue")


def test_controller_on_fargate_uses_irsa_not_pod_identity(synthesized: dict[str, Any]) -> None:
    """Fargate cannot run the Pod Identity agent, so Karpenter's role is assumed through OIDC."""
    template = synthesized["prod"].json("addons")
    associations = [
        r["Properties"]["Namespace"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::EKS::PodIdentityAssociation"
    ]
    assert "karpenter" not in associations
    (role,) = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::IAM::Role"
        and "karpenter/karpenter" in r["Properties"].get("Description", "")
    ]
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert "OidcProvider" in statement["Principal"]["Federated"]["Fn::ImportValue"]
    conditions = next(
        r["Properties"]["Value"]
        for r in template["Resources"].values()
        if r["Type"] == "Custom::AWSCDKCfnJson"
    )
    assert "system:serviceaccount:karpenter:karpenter" in json.dumps(conditions)
    values = releases(template)["karpenter"].values
    assert values["serviceAccount"]["annotations"] == {"eks.amazonaws.com/role-arn": TOKEN}


def test_node_classes_follow_the_cni_prefix_delegation(synthesized: dict[str, Any]) -> None:
    classes = [
        o for o in manifests(synthesized["prod"].json("addons")) if o["kind"] == "EC2NodeClass"
    ]
    assert classes
    assert all(c["spec"]["kubelet"] == {"maxPods": 110} for c in classes)
