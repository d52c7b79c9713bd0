"""The DR region's API: the edge stack from the DR view, behind the SECONDARY of the origin
name's failover group, checking the origin secret's replica; no distribution, no user pool."""

from __future__ import annotations

import json
from typing import Any

from chariot.infra.names import origin_secret_name
from tests.conftest import Synthesized


def _props(env: Synthesized, part: str, kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in env.resources(part, kind).values()]


def test_the_dr_edge_is_in_the_dr_region_after_the_primary_edge_and_the_dr_addons(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    artifact = json.loads((env.outdir / "manifest.json").read_text())["artifacts"][
        "chariot-prod-dr-edge"
    ]
    assert artifact["environment"] == f"aws://{env.spec.account}/{env.spec.dr.dr_region}"
    assert {"chariot-prod-edge", "chariot-prod-dr-addons"} <= set(artifact["dependencies"])
    kinds = {r["Type"] for r in env.json("dr-edge")["Resources"].values()}
    assert {
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ApiGatewayV2::Api",
        "AWS::ApiGatewayV2::VpcLink",
        "AWS::ApiGatewayV2::DomainName",
    } <= kinds
    # CloudFront and its WAF are global (the primary's); the tokens are the primary pool's
    assert not kinds & {
        "AWS::CloudFront::Distribution",
        "AWS::WAFv2::WebACL",
        "AWS::Cognito::UserPool",
        "AWS::SecretsManager::Secret",
    }


def test_the_dr_api_is_the_secondary_of_the_origin_names_failover_group(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    origin = f"origin.{env.spec.edge.domain_name}."
    (primary,) = [r for r in _props(env, "edge", "AWS::Route53::RecordSet") if r.get("Failover")]
    (secondary,) = _props(env, "dr-edge", "AWS::Route53::RecordSet")
    (domain_id,) = env.resources("dr-edge", "AWS::ApiGatewayV2::DomainName")
    assert secondary["Name"] == primary["Name"] == origin
    assert (secondary["Type"], secondary["Failover"]) == ("CNAME", "SECONDARY")
    assert secondary["TTL"] == primary["TTL"]
    assert secondary["HostedZoneId"] == primary["HostedZoneId"]
    assert secondary["SetIdentifier"] == f"chariot-prod-api-{env.spec.dr.dr_region}"
    assert secondary["ResourceRecords"] == [{"Fn::GetAtt": [domain_id, "RegionalDomainName"]}]
    assert "HealthCheckId" not in secondary  # the answer while the PRIMARY's check fails


def test_the_dr_certificate_is_validated_by_the_primarys_record(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (dr,) = _props(env, "dr-edge", "AWS::CertificateManager::Certificate")
    primary = [
        c
        for c in _props(env, "edge", "AWS::CertificateManager::Certificate")
        if c["DomainName"] == dr["DomainName"]
    ]
    assert dr["DomainName"] == f"origin.{env.spec.edge.domain_name}"
    assert dr["ValidationMethod"] == "DNS"
    assert "DomainValidationOptions" not in dr  # writes no record of its own
    (writer,) = primary
    assert writer["DomainValidationOptions"][0]["HostedZoneId"]


def test_the_origin_secret_is_replicated_and_the_dr_authorizer_reads_the_replica(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    dr_region = env.spec.dr.dr_region
    name = origin_secret_name(env.spec)
    (secret,) = _props(env, "edge", "AWS::SecretsManager::Secret")
    assert secret["Name"] == name
    assert secret["ReplicaRegions"] == [
        {
            "Region": dr_region,
            "KmsKeyId": f"arn:aws:kms:{dr_region}:{env.spec.account}:alias/chariot-prod-secrets",
        }
    ]
    (function,) = _props(env, "dr-edge", "AWS::Lambda::Function")
    assert function["Environment"]["Variables"] == {"SECRET_ID": name}
    documents = json.dumps(_props(env, "dr-edge", "AWS::IAM::ManagedPolicy"))
    arn = f"arn:aws:secretsmanager:{dr_region}:{env.spec.account}:secret:{name}-??????"
    assert arn in documents
    # the replica's key is the DR security stack's, deployed before the primary's edge
    artifact = json.loads((env.outdir / "manifest.json").read_text())["artifacts"]
    assert "chariot-prod-dr-security" in artifact["chariot-prod-edge"]["dependencies"]


def test_without_a_dr_region_ready_there_is_no_dr_edge(
    synthesized: dict[str, Synthesized],
) -> None:
    assert not (synthesized["dev"].outdir / "chariot-dev-dr-edge.template.json").exists()
