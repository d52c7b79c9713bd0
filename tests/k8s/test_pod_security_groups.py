"""SecurityGroupPolicies: one per named service, its own group plus the cluster's, selecting
every version of its pods; none while the group ids are pending."""

from __future__ import annotations

from chariot.k8s.context import RenderContext
from chariot.k8s.deployed import CLUSTER_SECURITY_GROUP, Deployed, pod_security_group_output
from chariot.k8s.deployments import build as build_deployments
from chariot.k8s.objects import Manifest
from chariot.k8s.pod_security_groups import build
from chariot.k8s.validate.rules.base import selector_matches
from chariot.spec.model import Canary, PlatformSpec
from tests.k8s.helpers import deployed, find, placements, with_services


def _policies(spec: PlatformSpec, values: Deployed) -> list[Manifest]:
    return list(build(RenderContext(spec, placements(spec), deployed=values)))


def test_one_policy_per_named_service_with_its_group_and_the_cluster_group(
    prod: PlatformSpec,
) -> None:
    values = deployed(prod)
    policies = _policies(prod, values)
    assert sorted(p["metadata"]["name"] for p in policies) == sorted(
        prod.security.pod_security_groups
    )
    users = find(policies, "SecurityGroupPolicy", "users")
    assert users["apiVersion"] == "vpcresources.k8s.aws/v1beta1"
    assert users["metadata"]["namespace"] == prod.service("users").namespace
    assert users["spec"]["securityGroups"]["groupIds"] == [
        values.values[pod_security_group_output("users")],
        values.values[CLUSTER_SECURITY_GROUP],
    ]


def test_unnamed_services_get_no_policy(prod: PlatformSpec) -> None:
    security = prod.security.model_copy(update={"pod_security_groups": ["users"]})
    spec = prod.model_copy(update={"security": security})
    assert [p["metadata"]["name"] for p in _policies(spec, deployed(spec))] == ["users"]


def test_the_selector_takes_stable_and_canary_pods(prod: PlatformSpec) -> None:
    canary = Canary(version="v2", image="0.2.0", weight=10)
    spec = with_services(prod, [prod.service("users").model_copy(update={"canary": canary})])
    (policy,) = _policies(spec, deployed(spec))
    deployments = list(build_deployments(RenderContext(spec, placements(spec))))
    assert len(deployments) == 2
    for deployment in deployments:
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert selector_matches(policy["spec"]["podSelector"], labels)


def test_without_both_group_ids_no_policy_is_invented(prod: PlatformSpec) -> None:
    assert _policies(prod, Deployed()) == []
    only_pod_groups = {
        k: v for k, v in deployed(prod).values.items() if k != CLUSTER_SECURITY_GROUP
    }
    assert _policies(prod, Deployed(only_pod_groups)) == []
