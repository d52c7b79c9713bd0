"""A VPC as chariot builds every one: DNS on, the default security group stripped of its rules,
and flow logs (when the spec keeps them) to a log group encrypted with the caller's key. The
platform's network (stacks/network.py) and the DR region's (stacks/dr_data.py) both use it.

It adds to the caller's scope (ids `Vpc`, `FlowLogs`, and `FlowLog` under the VPC) rather than
nesting a construct, so the resources keep the logical ids they had in the network stack.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.log_retention import retention
from chariot.spec.model import FlowLogs

FLOW_LOG_ROLE_REASON = (
    "CDK-generated delivery role: its inline policy allows writing to this one log group only "
    "and lives and dies with the flow log."
)


def logged_vpc(
    scope: Construct,
    *,
    ip_addresses: ec2.IIpAddresses,
    zones: Sequence[str],
    nat_gateways: int,
    subnets: Sequence[ec2.SubnetConfiguration],
    flow_logs: FlowLogs,
    logs_key: kms.IKey,
    removal: RemovalPolicy,
) -> ec2.Vpc:
    vpc = ec2.Vpc(
        scope,
        "Vpc",
        ip_addresses=ip_addresses,
        availability_zones=list(zones),
        nat_gateways=nat_gateways,
        subnet_configuration=list(subnets),
        enable_dns_hostnames=True,
        enable_dns_support=True,
        restrict_default_security_group=True,
    )
    if flow_logs.enabled:
        group = logs.LogGroup(
            scope,
            "FlowLogs",
            encryption_key=logs_key,
            retention=retention(flow_logs.retention_days),
            removal_policy=removal,
        )
        vpc.add_flow_log(
            "FlowLog",
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(group),
            traffic_type=ec2.FlowLogTrafficType(flow_logs.traffic_type),
            max_aggregation_interval=ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
        )
        acknowledge(
            vpc.node.find_child("FlowLog"),
            {"NIST.800.53.R5-IAMNoInlinePolicy": FLOW_LOG_ROLE_REASON},
        )
    return vpc
