"""What every part of the edge reads: the stack, the spec and what earlier stacks shared."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3

from chariot.infra.edge.dns import OriginDomain
from chariot.infra.edge.ingress import IngressLoadBalancer
from chariot.infra.log_retention import retention
from chariot.infra.shared import Shared
from chariot.spec.model import PlatformSpec


@dataclass(frozen=True)
class EdgeContext:
    scope: Stack
    spec: PlatformSpec
    shared: Shared
    vpc: ec2.Vpc
    log_bucket: s3.Bucket
    logs_key: kms.Key
    removal: RemovalPolicy
    ingress: IngressLoadBalancer
    zone: route53.IHostedZone | None
    origin_domain: OriginDomain

    def access_logs(self, construct_id: str) -> logs.LogGroup:
        """An API's access log group: KMS-encrypted, kept as long as the spec says."""
        return logs.LogGroup(
            self.scope,
            construct_id,
            encryption_key=self.logs_key,
            retention=retention(self.spec.security.log_retention_days),
            removal_policy=self.removal,
        )
