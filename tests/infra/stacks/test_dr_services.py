"""The services' Pod Identity in the DR cluster: each service's role granted its table's
replica in the DR region, the table replica key through DynamoDB there and the secondary
graph; one DR stack per service-stack number."""

from __future__ import annotations

import json

from chariot.spec.platform_names import table_name
from chariot.spec.service_stacks import service_stacks
from tests.conftest import Synthesized


def test_one_dr_stack_per_service_stack_in_the_dr_region(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    manifest = json.loads((env.outdir / "manifest.json").read_text())["artifacts"]
    numbers = service_stacks(env.spec)
    for number in numbers:
        artifact = manifest[f"chariot-prod-dr-services-{number}"]
        assert artifact["environment"] == f"aws://{env.spec.account}/{env.spec.dr.dr_region}"
        # the DR cluster and the global tables (services stacks) exist first
        assert "chariot-prod-dr-cluster" in artifact["dependencies"]
        assert any(d.startswith("chariot-prod-services-") for d in artifact["dependencies"])
        assert "chariot-prod-dr-data" in artifact["dependencies"]  # the secondary's id
    associations = [
        a["Properties"]
        for number in numbers
        for a in env.resources(f"dr-services-{number}", "AWS::EKS::PodIdentityAssociation").values()
    ]
    assert sorted((a["Namespace"], a["ServiceAccount"]) for a in associations) == sorted(
        (s.namespace, s.name) for s in env.spec.services
    )
    assert all("chariot-prod-dr-cluster:" in json.dumps(a["ClusterName"]) for a in associations)


def test_a_dr_role_reads_its_table_replica_in_the_dr_region_only(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    dr_region = env.spec.dr.dr_region
    users = env.spec.service("users")
    assert users.data.table is not None
    (number,) = [n for n, group in service_stacks(env.spec).items() if users in group]
    policies = env.resources(f"dr-services-{number}", "AWS::IAM::ManagedPolicy")
    documents = [json.dumps(p["Properties"]["PolicyDocument"]) for p in policies.values()]
    (users_policy,) = [d for d in documents if table_name(users.data.table.name, "prod") in d]
    statements = json.loads(users_policy)["Statement"]
    table = next(s for s in statements if s.get("Sid") == "OwnTable")
    assert f":dynamodb:{dr_region}:" in json.dumps(table["Resource"])
    key = next(s for s in statements if s.get("Sid") == "TableKeyThroughDynamoDB")
    assert (
        key["Condition"]["StringEquals"]["kms:ViaService"] == f"dynamodb.{dr_region}.amazonaws.com"
    )
    assert "chariot-prod-dr:" in json.dumps(key["Resource"])  # the DR stack's replica key
    assert not any(s.get("Sid") == "CacheAsAppUser" for s in statements)  # no DR cache


def test_backup_restore_has_no_dr_services(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    assert not list(env.outdir.glob("chariot-dev-dr-services-*.template.json"))
