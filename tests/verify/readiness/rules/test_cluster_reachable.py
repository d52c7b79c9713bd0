"""A cluster has a named admin and, with a private-only endpoint, a way in."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "cluster-reachable"
ADMIN = "arn:aws:iam::111122223333:role/chariot-platform-admins"
POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"


def _platform(spec: PlatformSpec, *, admin: bool, way_in: bool, public: bool = False) -> Any:
    resources: dict[str, Any] = {
        "Cluster": resource(
            "AWS::EKS::Cluster",
            ResourcesVpcConfig={"EndpointPrivateAccess": True, "EndpointPublicAccess": public},
        )
    }
    if admin:
        resources["Admin"] = resource(
            "AWS::EKS::AccessEntry", PrincipalArn=ADMIN, AccessPolicies=[{"PolicyArn": POLICY_ARN}]
        )
    if way_in:
        document = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost"
        statement = {"Action": "ssm:StartSession", "Effect": "Allow", "Resource": document}
        resources["PortForwarding"] = resource(
            "AWS::IAM::ManagedPolicy", PolicyDocument={"Statement": [statement]}
        )
    return platform(spec, template("cluster", resources))


def test_admin_and_port_forwarding_pass(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, admin=True, way_in=True)) == []


def test_a_public_endpoint_needs_no_port_forwarding(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, admin=True, way_in=False, public=True)) == []


def test_no_admin_and_no_way_in_fail(spec: PlatformSpec) -> None:
    found = results(RULE, _platform(spec, admin=False, way_in=False))
    assert all(isinstance(f, Violation) for f in found)
    reasons = " | ".join(f.reason for f in found)
    assert "no access entry gives a named role AmazonEKSClusterAdminPolicy" in reasons
    assert "private only and nothing grants a way in" in reasons
