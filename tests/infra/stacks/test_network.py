"""The network stack's intent: exact CIDRs, NAT per environment, endpoints, encrypted logs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Synthesized

PROD_SUBNETS = {
    "10.0.101.0/24": True, "10.0.102.0/24": True, "10.0.103.0/24": True,
    "10.0.1.0/24": False, "10.0.2.0/24": False, "10.0.3.0/24": False,
    "10.0.11.0/24": False, "10.0.12.0/24": False, "10.0.13.0/24": False,
}  # fmt: skip


def _subnets(env: Synthesized) -> dict[str, dict[str, Any]]:
    return {
        r["Properties"]["CidrBlock"]: r["Properties"]
        for r in env.resources("network", "AWS::EC2::Subnet").values()
    }


def test_prod_keeps_the_seeds_nine_subnets_plus_pod_subnets(
    synthesized: dict[str, Synthesized],
) -> None:
    subnets = _subnets(synthesized["prod"])
    pods = {"100.64.0.0/18", "100.64.64.0/18", "100.64.128.0/18"}
    assert set(subnets) == set(PROD_SUBNETS) | pods
    zones = {cidr: props["AvailabilityZone"] for cidr, props in subnets.items()}
    assert zones["10.0.101.0/24"] == zones["10.0.1.0/24"] == zones["10.0.11.0/24"] == "us-east-1a"
    assert zones["10.0.103.0/24"] == zones["10.0.3.0/24"] == zones["10.0.13.0/24"] == "us-east-1c"
    for props in subnets.values():
        assert props["MapPublicIpOnLaunch"] is False


def test_vpc_cidr_and_dns(synthesized: dict[str, Synthesized]) -> None:
    (vpc,) = synthesized["prod"].resources("network", "AWS::EC2::VPC").values()
    assert vpc["Properties"]["CidrBlock"] == "10.0.0.0/16"
    assert vpc["Properties"]["EnableDnsHostnames"] is True


@pytest.mark.parametrize(("env", "count"), [("prod", 3), ("staging", 2), ("dev", 1)])
def test_nat_gateways_per_environment(
    synthesized: dict[str, Synthesized], env: str, count: int
) -> None:
    assert len(synthesized[env].resources("network", "AWS::EC2::NatGateway")) == count


def test_database_subnets_are_isolated(synthesized: dict[str, Synthesized]) -> None:
    template = synthesized["prod"].json("network")["Resources"]
    routes = [r for r in template.values() if r["Type"] == "AWS::EC2::Route"]
    database_tables = {
        k for k, r in template.items() if r["Type"] == "AWS::EC2::RouteTable" and "database" in k
    }
    assert len(database_tables) == 3
    for route in routes:
        assert route["Properties"]["RouteTableId"]["Ref"] not in database_tables


def test_gateway_endpoints_on_private_and_database_route_tables(
    synthesized: dict[str, Synthesized],
) -> None:
    endpoints = synthesized["prod"].resources("network", "AWS::EC2::VPCEndpoint").values()
    gateways = [
        e["Properties"] for e in endpoints if e["Properties"].get("VpcEndpointType") == "Gateway"
    ]
    services = json.dumps([g["ServiceName"] for g in gateways])
    assert len(gateways) == 2
    assert ".s3" in services
    assert ".dynamodb" in services
    for gateway in gateways:
        tables = [t["Ref"] for t in gateway["RouteTableIds"]]
        assert len(tables) == 6
        assert sum("private" in t for t in tables) == 3
        assert sum("database" in t for t in tables) == 3


def test_interface_endpoints_admit_https_from_the_vpc_and_its_pods_only(
    synthesized: dict[str, Synthesized],
) -> None:
    prod = synthesized["prod"]
    endpoints = prod.resources("network", "AWS::EC2::VPCEndpoint").values()
    interfaces = [
        e["Properties"] for e in endpoints if e["Properties"].get("VpcEndpointType") == "Interface"
    ]
    assert sorted(e["ServiceName"] for e in interfaces) == [
        f"com.amazonaws.us-east-1.{name}"
        for name in ("ecr.api", "ecr.dkr", "logs", "monitoring", "sts")
    ]
    assert all(e["PrivateDnsEnabled"] is True for e in interfaces)
    groups = [
        g["Properties"]
        for g in prod.resources("network", "AWS::EC2::SecurityGroup").values()
        if "endpoints" in g["Properties"]["GroupDescription"].lower()
    ]
    (group,) = groups
    assert group["SecurityGroupIngress"] == [
        {
            "CidrIp": "10.0.0.0/16",
            "Description": "HTTPS from the VPC",
            "FromPort": 443,
            "IpProtocol": "tcp",
            "ToPort": 443,
        },
        {  # pods have addresses in the secondary CIDR (custom networking)
            "CidrIp": "100.64.0.0/16",
            "Description": "HTTPS from pods",
            "FromPort": 443,
            "IpProtocol": "tcp",
            "ToPort": 443,
        },
    ]
    assert group["SecurityGroupEgress"][0]["CidrIp"] == "255.255.255.255/32"  # no egress
    assert synthesized["dev"].resources("network", "AWS::EC2::VPCEndpoint")  # gateways only
    assert all(
        e["Properties"]["VpcEndpointType"] == "Gateway"
        for e in synthesized["dev"].resources("network", "AWS::EC2::VPCEndpoint").values()
    )


def test_flow_logs_and_dns_query_logs_are_encrypted(synthesized: dict[str, Synthesized]) -> None:
    prod = synthesized["prod"]
    (flow_log,) = prod.resources("network", "AWS::EC2::FlowLog").values()
    assert flow_log["Properties"]["TrafficType"] == "ALL"
    assert flow_log["Properties"]["LogDestinationType"] == "cloud-watch-logs"
    groups = prod.resources("network", "AWS::Logs::LogGroup")
    assert len(groups) == 2
    (key_id,) = prod.resources("network", "AWS::KMS::Key")
    for group in groups.values():
        assert group["Properties"]["KmsKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
        assert group["Properties"]["RetentionInDays"] == 365
    (key,) = prod.resources("network", "AWS::KMS::Key").values()
    assert key["Properties"]["EnableKeyRotation"] is True
    (query_logging,) = prod.resources(
        "network", "AWS::Route53Resolver::ResolverQueryLoggingConfig"
    ).values()
    assert "Fn::GetAtt" in query_logging["Properties"]["DestinationArn"]
    assert prod.resources("network", "AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation")


def test_default_security_group_is_locked_down(synthesized: dict[str, Synthesized]) -> None:
    restrict = synthesized["prod"].resources("network", "Custom::VpcRestrictDefaultSG")
    assert len(restrict) == 1


def test_dev_keeps_logs_shorter(synthesized: dict[str, Synthesized]) -> None:
    for group in synthesized["dev"].resources("network", "AWS::Logs::LogGroup").values():
        assert group["Properties"]["RetentionInDays"] == 30


def test_pods_get_a_secondary_cidr_and_a_subnet_per_zone_routed_like_the_nodes(
    synthesized: dict[str, Any],
) -> None:
    network = synthesized["prod"]
    (cidr,) = network.resources("network", "AWS::EC2::VPCCidrBlock").values()
    assert cidr["Properties"]["CidrBlock"] == "100.64.0.0/16"
    subnets = {
        s["Properties"]["CidrBlock"]: s
        for s in network.resources("network", "AWS::EC2::Subnet").values()
    }
    # The seed's node subnets are unchanged; pods get /18s in the secondary CIDR.
    assert {"10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"} <= set(subnets)
    pods = [subnets[c] for c in ("100.64.0.0/18", "100.64.64.0/18", "100.64.128.0/18")]
    assert [p["Properties"]["AvailabilityZone"] for p in pods] == [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
    ]
    assert all(p["Properties"]["MapPublicIpOnLaunch"] is False for p in pods)
    associations = network.resources("network", "AWS::EC2::SubnetRouteTableAssociation")
    routed = {
        a["Properties"]["SubnetId"]["Fn::GetAtt"][0]: a["Properties"]["RouteTableId"]["Ref"]
        for a in associations.values()
        if "Fn::GetAtt" in a["Properties"]["SubnetId"]
    }
    assert routed["PodSubnet1"].startswith("VpcprivateSubnet1RouteTable")
