"""The add-on contract's context: version overrides, Fargate detection, reasons for wildcards."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam

from chariot.infra.addons.base import AddonContext
from chariot.infra.app import cdk_context
from chariot.infra.shared import Shared
from chariot.spec.model import PlatformSpec
from tests.conftest import ROOT


def _context(spec: PlatformSpec) -> AddonContext:
    # cdk.json's context, as every synth sees it (partition literals included).
    app = App(context=cdk_context(ROOT))
    stack = Stack(app, "probe", env={"account": spec.account, "region": spec.region})
    cluster = eks.Cluster.from_cluster_attributes(stack, "Cluster", cluster_name="c")
    return AddonContext(scope=stack, spec=spec, cluster=cluster, shared=Shared())  # type: ignore[arg-type]


def test_spec_overrides_a_pinned_version(specs: dict[str, Any]) -> None:
    spec = specs["prod"]
    assert _context(spec).version("keda", "2.20.2") == "2.20.2"
    pinned = spec.model_copy(
        update={"cluster": spec.cluster.model_copy(update={"helm_versions": {"keda": "2.19.0"}})}
    )
    assert _context(pinned).version("keda", "2.20.2") == "2.19.0"


def test_a_namespace_is_on_fargate_only_when_a_profile_takes_all_its_pods(
    specs: dict[str, Any],
) -> None:
    ctx = _context(specs["prod"])
    assert ctx.on_fargate("karpenter")
    assert not ctx.on_fargate("batch")  # only pods labelled compute-type=fargate
    assert not ctx.on_fargate("istio-system")


def test_wildcards_without_a_reason_are_refused(specs: dict[str, Any]) -> None:
    ctx = _context(specs["prod"])
    statement = iam.PolicyStatement(actions=["ec2:DescribeInstances"], resources=["*"])
    with pytest.raises(ValueError, match="wildcard_reason"):
        ctx.pod_identity("Identity", namespace="ns", service_account="sa", statements=[statement])


def test_arns_are_in_the_specs_account_and_region(specs: dict[str, Any]) -> None:
    ctx = _context(specs["prod"])
    assert ctx.arn("sqs", "q") == "arn:aws:sqs:us-east-1:111122223333:q"
