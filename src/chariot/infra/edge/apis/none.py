"""`api_gateway: none`: no API Gateway; CloudFront reaches the ingress NLB through a VPC origin,
whose ENIs sit in the VPC's private subnets."""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2

from chariot.infra.edge.apis.base import ApiEndpoint, ApiKind
from chariot.infra.edge.context import EdgeContext


def build(ctx: EdgeContext) -> ApiEndpoint | None:
    for cidr in ctx.spec.network.subnets.private:
        ctx.ingress.admit(ec2.Peer.ipv4(cidr), "from CloudFront VPC origin ENIs")
    return None


KIND = ApiKind(summary="CloudFront VPC origin", build=build)
