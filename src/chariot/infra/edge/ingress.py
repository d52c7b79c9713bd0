"""The internal NLB in front of the Istio ingress gateway, and the binding that puts the
gateway pods into its target group.

docs/design.md "Edge wiring": the load balancer controller's TargetGroupBinding registers the
gateway pods (IP targets) in this NLB's target group; its `targetGroupARN` is the stack's
`IngressTargetGroupArn` output.
"""

from __future__ import annotations

from typing import Any, cast

from aws_cdk import CfnOutput, Duration
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.infra.addons.base import IngressGateway
from chariot.infra.compliance import acknowledge
from chariot.spec.model import PlatformSpec

# Istio's ingress gateway: traffic on the port the add-ons stack shares (IngressGateway.http_port,
# where the gateway pods' Envoy listens), readiness on the status port.
GATEWAY_HEALTH_PORT = 15021
GATEWAY_HEALTH_PATH = "/healthz/ready"
LISTENER_PORT = 80


def target_group_binding(
    gateway: IngressGateway, target_group_arn: str, load_balancer_sg: str
) -> dict[str, Any]:
    """The load balancer controller's TargetGroupBinding that registers the gateway pods (IP
    targets) in the NLB's target group, and opens their security group to the NLB on the
    traffic and health-check ports."""
    return {
        "apiVersion": "elbv2.k8s.aws/v1beta1",
        "kind": "TargetGroupBinding",
        "metadata": {"name": gateway.service, "namespace": gateway.namespace},
        "spec": {
            "targetGroupARN": target_group_arn,
            "targetType": "ip",
            "serviceRef": {"name": gateway.service, "port": gateway.http_port},
            "networking": {
                "ingress": [
                    {
                        "from": [{"securityGroup": {"groupID": load_balancer_sg}}],
                        "ports": [
                            {"protocol": "TCP", "port": gateway.http_port},
                            {"protocol": "TCP", "port": GATEWAY_HEALTH_PORT},
                        ],
                    }
                ]
            },
        },
    }


class IngressLoadBalancer:
    """The NLB, its security group, the gateway's IP target group and the TCP:80 listener."""

    def __init__(
        self,
        scope: Construct,
        spec: PlatformSpec,
        vpc: ec2.IVpc,
        log_bucket: s3.IBucket,
        gateway_port: int,
        *,
        enforce_private_link_rules: bool,
    ) -> None:
        """`enforce_private_link_rules` is False when the way in reaches the NLB over
        PrivateLink without a security group of its own (the REST API's VPC Link), which the
        NLB's inbound rules then cannot name."""
        self.scope = scope
        self.sg = ec2.SecurityGroup(
            scope,
            "IngressLoadBalancerSecurityGroup",
            vpc=vpc,
            description="Internal NLB in front of the Istio ingress gateway",
            allow_all_outbound=False,
        )
        # The gateway pods are IP targets: their addresses are in the pod subnets (custom
        # networking), else in the private subnets.
        for cidr in spec.network.pod_subnets:
            for port in (gateway_port, GATEWAY_HEALTH_PORT):
                self.sg.add_egress_rule(
                    ec2.Peer.ipv4(cidr), ec2.Port.tcp(port), "to ingress gateway pods"
                )
        self.nlb = elbv2.NetworkLoadBalancer(
            scope,
            "IngressLoadBalancer",
            vpc=vpc,
            internet_facing=False,
            vpc_subnets=ec2.SubnetSelection(subnet_group_name="private"),
            security_groups=[self.sg],
            cross_zone_enabled=True,
            deletion_protection=spec.deletion_protection,
            enforce_security_group_inbound_rules_on_private_link_traffic=(
                enforce_private_link_rules
            ),
        )
        self.nlb.log_access_logs(log_bucket, prefix="nlb")
        self.target_group = elbv2.NetworkTargetGroup(
            scope,
            "IngressGateway",
            vpc=vpc,
            port=gateway_port,
            protocol=elbv2.Protocol.TCP,
            target_type=elbv2.TargetType.IP,
            health_check=elbv2.HealthCheck(
                protocol=elbv2.Protocol.HTTP,
                port=str(GATEWAY_HEALTH_PORT),
                path=GATEWAY_HEALTH_PATH,
                interval=Duration.seconds(10),
                healthy_threshold_count=2,
                unhealthy_threshold_count=2,
            ),
            deregistration_delay=Duration.seconds(30),
        )
        self.listener = self.nlb.add_listener(
            "Http",
            port=LISTENER_PORT,
            protocol=elbv2.Protocol.TCP,
            default_target_groups=[self.target_group],
        )
        self._acknowledge(spec)
        CfnOutput(
            scope,
            "IngressTargetGroupArn",
            value=self.target_group.target_group_arn,
            description=(
                "targetGroupARN of the TargetGroupBinding that registers the Istio ingress "
                "gateway pods (targetType ip)"
            ),
        )
        CfnOutput(
            scope,
            "IngressLoadBalancerSecurityGroupId",
            value=self.sg.security_group_id,
            description="the TargetGroupBinding's networking.ingress source security group",
        )

    def admit(self, peer: ec2.IPeer, reason: str) -> None:
        """Let `peer` reach the listener."""
        self.sg.add_ingress_rule(peer, ec2.Port.tcp(LISTENER_PORT), reason)

    def bind(self, cluster: eks.Cluster, gateway: IngressGateway) -> None:
        """Apply the TargetGroupBinding once the gateway (and so the controller) is installed."""
        binding = eks.KubernetesManifest(
            self.scope,
            "IngressTargetGroupBinding",
            cluster=cast("eks.ICluster", cluster),
            manifest=[
                target_group_binding(
                    gateway, self.target_group.target_group_arn, self.sg.security_group_id
                )
            ],
            overwrite=True,
        )
        for dependency in gateway.installed:
            binding.node.add_dependency(dependency)

    def _acknowledge(self, spec: PlatformSpec) -> None:
        if not spec.deletion_protection:
            acknowledge(
                self.nlb,
                {
                    "NIST.800.53.R5-ELBDeletionProtectionEnabled": (
                        "The spec sets deletion_protection: false for this environment, which "
                        "is torn down and rebuilt by design."
                    )
                },
            )
        acknowledge(
            self.nlb,
            {
                "NIST.800.53.R5-ELBv2ACMCertificateRequired": (
                    "Not encrypted, accepted: the listener is plain TCP:80 and the hop it "
                    "carries (API Gateway VPC Link or CloudFront VPC origin -> this internal "
                    "NLB -> Istio ingress gateway pods:80) is HTTP inside the VPC, bearer "
                    "tokens included. Security groups confine it to the VPC Link / VPC origin "
                    "ENIs and the gateway pods; Istio mTLS starts only behind the gateway. A "
                    "TLS listener needs a certificate for a name the spec does not always have "
                    "(docs/infrastructure.md, 'The ingress hop')."
                ),
            },
        )
