"""Who reaches the graph (8182) and the cache (6379): the EKS cluster security group and the pod
security groups of the services named in `spec.security.pod_security_groups`, nobody else.

The pod security groups are made here; their ids are outputs for the SecurityGroupPolicy
objects the manifests render.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import CfnOutput
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from chariot.spec.model import PlatformSpec, Service
from chariot.spec.platform_names import camel, pod_security_group_output

GRAPH_PORT = 8182
CACHE_PORT = 6379


def pod_sg_services(spec: PlatformSpec) -> list[Service]:
    """Catalogued services named in spec.security.pod_security_groups (others are ignored
    here; the spec's reference rules report unknown names)."""
    named = set(spec.security.pod_security_groups)
    return [s for s in spec.services if s.name in named]


@dataclass(frozen=True)
class DataSecurityGroups:
    graph: ec2.SecurityGroup
    cache: ec2.SecurityGroup
    pods: dict[str, ec2.SecurityGroup]


def data_security_groups(
    scope: Construct, spec: PlatformSpec, vpc: ec2.IVpc, cluster_sg: ec2.ISecurityGroup
) -> DataSecurityGroups:
    graph_sg = ec2.SecurityGroup(
        scope,
        "GraphSecurityGroup",
        vpc=vpc,
        description=f"Neptune: {GRAPH_PORT} from the EKS cluster and named pod groups only",
        allow_all_outbound=False,
    )
    cache_sg = ec2.SecurityGroup(
        scope,
        "CacheSecurityGroup",
        vpc=vpc,
        description=f"ElastiCache: {CACHE_PORT} from the EKS cluster and named pod groups only",
        allow_all_outbound=False,
    )
    # Without egress rules CDK adds a "disallow all" rule to 255.255.255.255/32: the data
    # stores never open connections themselves.
    for target, port, what in (
        (graph_sg, GRAPH_PORT, "Neptune"),
        (cache_sg, CACHE_PORT, "the cache"),
    ):
        target.add_ingress_rule(
            cluster_sg, ec2.Port.tcp(port), f"{what} from the EKS cluster security group"
        )

    pod_sgs: dict[str, ec2.SecurityGroup] = {}
    for service in pod_sg_services(spec):
        pod_sg = ec2.SecurityGroup(
            scope,
            f"PodSecurityGroup{camel(service.name)}",
            vpc=vpc,
            description=(
                f"Pods of {service.name} (SecurityGroupPolicy, with the cluster security "
                "group): egress to the data stores it declares"
            ),
            allow_all_outbound=False,
        )
        if service.data.graph:
            pod_sg.add_egress_rule(graph_sg, ec2.Port.tcp(GRAPH_PORT), "to Neptune")
            graph_sg.add_ingress_rule(
                pod_sg, ec2.Port.tcp(GRAPH_PORT), f"Neptune from {service.name} pods"
            )
        if service.data.cache:
            pod_sg.add_egress_rule(cache_sg, ec2.Port.tcp(CACHE_PORT), "to the cache")
            cache_sg.add_ingress_rule(
                pod_sg, ec2.Port.tcp(CACHE_PORT), f"cache from {service.name} pods"
            )
        pod_sgs[service.name] = pod_sg
        CfnOutput(
            scope,
            pod_security_group_output(service.name),
            value=pod_sg.security_group_id,
            description=f"securityGroupIds of the SecurityGroupPolicy for {service.name}",
        )
    return DataSecurityGroups(graph_sg, cache_sg, pod_sgs)
