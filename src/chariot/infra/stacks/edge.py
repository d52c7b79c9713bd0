"""The edge: CloudFront + WAF -> (API Gateway HTTP | REST | nothing) -> internal NLB -> Istio.

Wiring only; the parts are in chariot.infra.edge, the API kind (`spec.edge.api_gateway`) comes
from chariot.infra.edge.apis.registry. The mode is visible in the template as the `EdgeMode`
output and in the stack description.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.infra.addons.base import IngressGateway
from chariot.infra.constructs.secure_bucket import use_bucket_policy_for_access_logs
from chariot.infra.edge.apis.registry import APIS
from chariot.infra.edge.context import EdgeContext
from chariot.infra.edge.distribution import distribution
from chariot.infra.edge.dns import OriginDomain, hosted_zone
from chariot.infra.edge.ingress import IngressLoadBalancer
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.dr import replicates_static_content
from chariot.spec.dr_region import dr_serves_api, in_dr_region
from chariot.spec.model import PlatformSpec


class EdgeStack(PlatformStack):
    part = "edge"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        mode = spec.edge.api_gateway
        api = APIS[mode]
        # The DR region's edge (stacks/dr_edge.py) is this stack made from the DR view: its API
        # behind the same origin name, no distribution (CloudFront is global).
        dr_edge = in_dr_region(spec)
        super().__init__(
            scope,
            spec,
            f"Chariot edge (mode: {mode}): "
            + ("" if dr_edge else "CloudFront + WAF, ")
            + f"{api.summary}, internal NLB to the Istio ingress gateway",
        )
        use_bucket_policy_for_access_logs(self)
        if replicates_static_content(spec) and not dr_edge:
            # The static content replicates into the DR stack's replica (deployed first).
            self.add_stack_dependency(shared.get("dr-stack", Stack))
        if dr_serves_api(spec) and not dr_edge:
            # The origin secret's replica is encrypted with the DR security stack's key.
            self.add_stack_dependency(shared.get("dr-security-stack", Stack))
        vpc = shared.get("vpc", ec2.Vpc)
        log_bucket = shared.get("log-bucket", s3.Bucket)
        gateway = shared.get("ingress-gateway", IngressGateway)
        ingress = IngressLoadBalancer(
            self,
            spec,
            vpc,
            log_bucket,
            gateway.http_port,
            enforce_private_link_rules=api.enforce_private_link_rules,
        )
        shared.register("ingress-load-balancer", ingress.nlb)
        ingress.bind(shared.get("cluster", eks.Cluster), gateway)
        zone = hosted_zone(self, spec)
        ctx = EdgeContext(
            scope=self,
            spec=spec,
            shared=shared,
            vpc=vpc,
            log_bucket=log_bucket,
            logs_key=shared.get("key:logs", kms.Key),
            removal=RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY,
            ingress=ingress,
            zone=zone,
            origin_domain=OriginDomain(self, spec, zone),
        )
        endpoint = api.build(ctx)
        if spec.edge.cdn.enabled and not dr_edge:
            distribution(ctx, endpoint)
        CfnOutput(self, "EdgeMode", value=mode, description="spec.edge.api_gateway")
        shared.register("edge-stack", self)
