"""What both API Gateway kinds need before the API: the VPC Link's security group, the Cognito
user pool (unless the spec names an issuer) and, behind CloudFront, the origin secret."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms

from chariot.infra.constructs.origin_verify import OriginSecret, SecretReplica
from chariot.infra.edge.context import EdgeContext
from chariot.infra.edge.identity import UserPool
from chariot.infra.edge.ingress import LISTENER_PORT
from chariot.infra.log_retention import retention
from chariot.infra.names import key_alias, origin_secret_name
from chariot.spec.dr_region import dr_serves_api, in_dr_region


@dataclass(frozen=True)
class GatewayParts:
    link_sg: ec2.SecurityGroup
    users: UserPool | None
    origin: OriginSecret | None


def gateway_parts(ctx: EdgeContext) -> GatewayParts:
    spec = ctx.spec
    link_sg = ec2.SecurityGroup(
        ctx.scope,
        "VpcLinkSecurityGroup",
        vpc=ctx.vpc,
        description="API Gateway VPC Link: to the ingress load balancer only",
        allow_all_outbound=False,
    )
    link_sg.add_egress_rule(
        ctx.ingress.sg, ec2.Port.tcp(LISTENER_PORT), "to the ingress load balancer"
    )
    ctx.ingress.admit(link_sg, "from the API Gateway VPC Link")
    # The DR region's API checks tokens of the primary's pool (the mesh's issuer): a second
    # pool would hold other users.
    dr_edge = in_dr_region(spec)
    users = (
        UserPool(ctx.scope, spec, ctx.removal)
        if spec.edge.jwt.issuer is None and not dr_edge
        else None
    )
    origin = None
    # Behind CloudFront the API admits only what CloudFront forwards (origin_verify.py).
    if spec.edge.cdn.enabled:
        origin = OriginSecret(
            ctx.scope,
            "OriginSecret",
            name=origin_secret_name(spec),
            key=ctx.shared.get("key:secrets", kms.Key),
            logs_key=ctx.logs_key,
            log_retention=retention(spec.security.log_retention_days),
            removal=ctx.removal,
            # The same alias names the DR region's key (chariot.infra.stacks.dr_compute).
            replicas=(
                [SecretReplica(spec.dr.dr_region, key_alias(spec, "secrets"))]
                if dr_serves_api(spec) and not dr_edge
                else []
            ),
            replica_of_primary=dr_edge,
        )
    return GatewayParts(link_sg, users, origin)
