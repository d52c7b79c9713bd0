"""Somebody can reach and use the cluster's API.

An EKS cluster whose endpoint is private only is reachable from inside the VPC alone; with no
access entry for a named admin role, only the identity that created the cluster (the CloudFormation
deploy role) has Kubernetes permissions (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
The rule wants, for every cluster: an access entry with AmazonEKSClusterAdminPolicy for a role
named in the template, and, when the endpoint is private only, a way in: a policy that allows
Session Manager port forwarding (AWS-StartPortForwardingSessionToRemoteHost).
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.verify.readiness.base import Platform, Result, Violation, as_list, iter_values

ADMIN_POLICY = "AmazonEKSClusterAdminPolicy"
PORT_FORWARDING = "AWS-StartPortForwardingSessionToRemoteHost"


def _named_admins(platform: Platform) -> list[str]:
    names = []
    for entry in platform.resources("AWS::EKS::AccessEntry"):
        principal = entry.get("PrincipalArn")
        policies = [
            platform.text(entry.template, p.get("PolicyArn"), "?") or ""
            for p in as_list(entry.get("AccessPolicies"))
        ]
        if isinstance(principal, str) and any(p.endswith(ADMIN_POLICY) for p in policies):
            names.append(principal)
    return names


def _port_forwarding(platform: Platform) -> bool:
    for policy in platform.resources("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"):
        for statement in as_list(policy.get("PolicyDocument", "Statement")):
            actions = as_list(statement.get("Action"))
            text = [platform.text(policy.template, v, "?") for v in iter_values(statement)]
            if "ssm:StartSession" in actions and any(
                t and t.endswith(f"document/{PORT_FORWARDING}") for t in text
            ):
                return True
    return False


def check(platform: Platform) -> Iterator[Result]:
    for cluster in platform.resources("AWS::EKS::Cluster"):
        if not _named_admins(platform):
            yield Violation(
                cluster,
                "no access entry gives a named role AmazonEKSClusterAdminPolicy: only the "
                "deploy role can use the cluster; list cluster.admins",
            )
        public = cluster.get("ResourcesVpcConfig", "EndpointPublicAccess") in (True, "true")
        if not public and not _port_forwarding(platform):
            yield Violation(
                cluster,
                "the API endpoint is private only and nothing grants a way in (no Session "
                "Manager port-forwarding policy): nobody outside the VPC can reach it",
            )
