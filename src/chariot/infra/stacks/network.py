"""The VPC: exact subnets per tier and zone, NAT, endpoints, flow logs and DNS query logs."""

from __future__ import annotations

from aws_cdk import CfnTag, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53resolver as resolver
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.exact_subnets import ExactSubnets
from chariot.infra.constructs.logged_vpc import logged_vpc
from chariot.infra.constructs.logs_key import logs_key
from chariot.infra.log_retention import retention
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.model import GatewayEndpoint, PlatformSpec

SUBNET_TYPES = {
    "public": ec2.SubnetType.PUBLIC,
    "private": ec2.SubnetType.PRIVATE_WITH_EGRESS,
    "database": ec2.SubnetType.PRIVATE_ISOLATED,
}
GATEWAY_SERVICES = {
    GatewayEndpoint.S3: ec2.GatewayVpcEndpointAwsService.S3,
    GatewayEndpoint.DYNAMODB: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
}


class NetworkStack(PlatformStack):
    part = "network"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot network: VPC, subnets, NAT, endpoints, flow logs")
        net = spec.network
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY

        self.log_key = logs_key(
            self,
            "NetworkLogsKey",
            alias=f"alias/{spec.name}-{spec.environment}-network-logs",
            description="Encrypts VPC flow logs and Route 53 Resolver query logs",
            region=spec.region,
            removal=removal,
        )

        self.vpc = logged_vpc(
            self,
            # jsii calls back with the request struct positionally, not as keyword arguments.
            ip_addresses=ExactSubnets(net, spec.availability_zones),  # type: ignore[arg-type]
            zones=spec.availability_zones,
            nat_gateways=net.nat_gateways,
            subnets=[
                ec2.SubnetConfiguration(
                    name=group,
                    subnet_type=kind,
                    cidr_mask=int(getattr(net.subnets, group)[0].split("/")[1]),
                    # Nothing gets a public IP by accident: NAT gateways use Elastic IPs.
                    map_public_ip_on_launch=False if group == "public" else None,
                )
                for group, kind in SUBNET_TYPES.items()
            ],
            flow_logs=net.flow_logs,
            logs_key=self.log_key,
            removal=removal,
        )
        for subnet in self.vpc.public_subnets:
            acknowledge(
                subnet,
                {
                    "NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW": (
                        "Public subnets exist only for the NAT gateways and the internet gateway "
                        "route is what makes them public; no workload runs in them."
                    )
                },
            )

        self.pod_subnets = self._pod_subnets(spec) if net.pod_cidr else []

        private_tiers = [
            ec2.SubnetSelection(subnet_group_name="private"),
            ec2.SubnetSelection(subnet_group_name="database"),
        ]
        for endpoint in net.gateway_endpoints:
            self.vpc.add_gateway_endpoint(
                f"{endpoint.value.capitalize()}Endpoint",
                service=GATEWAY_SERVICES[endpoint],
                subnets=private_tiers,
            )

        if net.interface_endpoints:
            self.endpoint_sg = ec2.SecurityGroup(
                self,
                "EndpointSecurityGroup",
                vpc=self.vpc,
                description="Interface endpoints: HTTPS from inside the VPC only",
                allow_all_outbound=False,
            )
            self.endpoint_sg.add_ingress_rule(
                ec2.Peer.ipv4(net.vpc_cidr), ec2.Port.tcp(443), "HTTPS from the VPC"
            )
            if net.pod_cidr:
                self.endpoint_sg.add_ingress_rule(
                    ec2.Peer.ipv4(net.pod_cidr), ec2.Port.tcp(443), "HTTPS from pods"
                )
            for name in net.interface_endpoints:
                self.vpc.add_interface_endpoint(
                    "Endpoint" + "".join(part.capitalize() for part in name.split(".")),
                    service=ec2.InterfaceVpcEndpointAwsService(name),
                    subnets=ec2.SubnetSelection(subnet_group_name="private"),
                    security_groups=[self.endpoint_sg],
                    open=False,
                    private_dns_enabled=True,
                )

        if spec.security.dns_query_logs:
            dns_group = logs.LogGroup(
                self,
                "DnsQueryLogs",
                encryption_key=self.log_key,
                retention=retention(spec.security.log_retention_days),
                removal_policy=removal,
            )
            query_logging = resolver.CfnResolverQueryLoggingConfig(
                self, "DnsQueryLogging", destination_arn=dns_group.log_group_arn
            )
            resolver.CfnResolverQueryLoggingConfigAssociation(
                self,
                "DnsQueryLoggingAssociation",
                resolver_query_log_config_id=query_logging.attr_id,
                resource_id=self.vpc.vpc_id,
            )

        shared.register("vpc", self.vpc)
        shared.register("pod-subnets", self.pod_subnets)
        shared.register("network-log-key", self.log_key)

    def _pod_subnets(self, spec: PlatformSpec) -> list[ec2.CfnSubnet]:
        """The secondary CIDR and one pod subnet per zone (VPC CNI custom networking), each
        routed like the private subnet of its zone (NAT for branch-ENI pods, which are not
        source-NATed to the node, and the gateway endpoints). The node subnets are unchanged.
        https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html"""
        net = spec.network
        secondary = ec2.CfnVPCCidrBlock(
            self, "PodCidr", vpc_id=self.vpc.vpc_id, cidr_block=net.pod_cidr
        )
        subnets = []
        zones = zip(
            spec.availability_zones, net.subnets.pods, self.vpc.private_subnets, strict=True
        )
        for index, (zone, cidr, private) in enumerate(zones, start=1):
            subnet = ec2.CfnSubnet(
                self,
                f"PodSubnet{index}",
                vpc_id=self.vpc.vpc_id,
                cidr_block=cidr,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags=[CfnTag(key="Name", value=f"{spec.name}-{spec.environment}-pods-{zone}")],
            )
            subnet.add_resource_dependency(secondary)
            ec2.CfnSubnetRouteTableAssociation(
                self,
                f"PodSubnet{index}Routes",
                subnet_id=subnet.attr_subnet_id,
                route_table_id=private.route_table.route_table_id,
            )
            subnets.append(subnet)
        return subnets
