"""The runbook model from the synthesized templates: prod (warm_standby) promotes the Neptune
secondary and relies on the global tables' replicas and CloudFront's origin group; dev
(backup_restore) restores from the copy vault and publishes the static content again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from chariot.spec.dr_region import STANDBY_LABELS, standby_nodes
from chariot.spec.model import PlatformSpec
from chariot.verify.dr.assess import assess
from chariot.verify.dr.runbook import INCIDENT_COMMANDER, Runbook, Step, approver, build_runbook
from chariot.verify.readiness.base import Platform
from chariot.verify.readiness.runner import load_platform
from tests.conftest import Synthesized


def _runbook(synthesized: dict[str, Synthesized], env: str) -> Runbook:
    platform = load_platform(synthesized[env].spec, synthesized[env].outdir)
    return build_runbook(platform, assess(platform))


def _commands(steps: tuple[Step, ...]) -> list[str]:
    return [c for s in steps for c in (*s.commands, *s.check_commands)]


def test_prod_fails_over_in_order_with_the_real_identifiers(
    synthesized: dict[str, Synthesized],
) -> None:
    runbook = _runbook(synthesized, "prod")
    titles = [s.title for s in runbook.failover]
    assert titles[0] == "Declare the loss of us-east-1 and decide to fail over to us-west-2"
    assert titles[1] == "Stop writes in us-east-1, if it still answers"
    assert titles.index("Tables: use the us-west-2 replicas of the global tables") < titles.index(
        "Graph: detach and promote chariot-graph-prod-dr in us-west-2"
    )
    commands = _commands(runbook.failover)
    assert (
        "aws neptune remove-from-global-cluster --region us-west-2 "
        "--global-cluster-identifier chariot-graph-prod-global --db-cluster-identifier "
        "arn:aws:rds:us-west-2:111122223333:cluster:chariot-graph-prod-dr"
    ) in commands
    tables = next(c for c in commands if c.startswith("for t in "))
    for table in ("AssetService-prod", "UserService-prod", "VulnerabilityService-prod"):
        assert table in tables
    assert "--region us-west-2" in tables
    # the static content fails over by itself; the objects bucket's replica is named
    static = next(s for s in runbook.failover if s.title.startswith("Static content"))
    assert static.title == (
        "Static content: CloudFront already serves "
        "chariot-prod-static-replica-111122223333-us-west-2"
    )
    assert any("OriginGroups" in c for c in static.check_commands)
    assert any(
        "s3api head-bucket --region us-west-2 --bucket "
        "chariot-prod-objects-replica-111122223333-us-west-2" in c
        for c in commands
    )
    assert any("aws ecr describe-images --region us-west-2" in c for c in commands)
    # nothing restored from backups in prod
    assert not any("start-restore-job" in c for c in commands)


def test_prod_approvals_name_the_spec_owner(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    runbook = _runbook(synthesized, "prod")
    assert runbook.approver == approver(specs["prod"])
    assert "ops@chariot.com" in runbook.approver
    promote = next(s for s in runbook.failover if s.title.startswith("Graph: detach"))
    assert promote.approval == runbook.approver
    assert runbook.failover[0].approval == runbook.approver


def test_without_an_owner_the_incident_commander_approves(
    specs: dict[str, PlatformSpec],
) -> None:
    spec = specs["prod"]
    nobody = spec.observability.model_copy(update={"alarm_email": ""})
    assert approver(spec.model_copy(update={"observability": nobody})) == INCIDENT_COMMANDER


def test_prod_fails_back_and_rehearses_with_a_switchover(
    synthesized: dict[str, Synthesized],
) -> None:
    runbook = _runbook(synthesized, "prod")
    failback = _commands(runbook.failback)
    assert (
        "aws neptune create-global-cluster --region us-west-2 --global-cluster-identifier "
        "chariot-graph-prod-global-failback --source-db-cluster-identifier "
        "arn:aws:rds:us-west-2:111122223333:cluster:chariot-graph-prod-dr"
    ) in failback
    assert any(c.startswith("aws s3 sync s3://chariot-prod-static-replica-") for c in failback)
    game_day = _commands(runbook.game_day)
    assert (
        "aws neptune failover-global-cluster --region us-east-1 --global-cluster-identifier "
        "chariot-graph-prod-global --target-db-cluster-identifier "
        "arn:aws:rds:us-west-2:111122223333:cluster:chariot-graph-prod-dr --switchover"
    ) in game_day
    assert any("ReplicationLatency" in c and "AWS/DynamoDB" in c for c in game_day)
    # every store of the verdict is listed, and every one meets prod's stated targets (RTO a
    # day: the API has no Route 53 failover without a hosted zone and a DR-region API)
    assert {s.met for s in runbook.stores} == {True}
    assert any(s.kind == "API edge" for s in runbook.stores)


def test_backup_restore_restores_copies_and_republishes(
    synthesized: dict[str, Synthesized],
) -> None:
    runbook = _runbook(synthesized, "dev")
    assert runbook.strategy == "backup_restore"
    commands = _commands(runbook.failover)
    assert any(
        "list-recovery-points-by-backup-vault --region us-west-2 --backup-vault-name "
        "chariot-dev-dr" in c
        for c in commands
    )
    titles = [s.title for s in runbook.failover]
    assert any(t.startswith("Tables: restore ") for t in titles)
    assert any(t.startswith("Graph: restore chariot-graph-dev") for t in titles)
    assert any(t.startswith("Static content (StaticContent") for t in titles)
    assert "Compute: deploy the platform in us-west-2" in titles
    assert not any("remove-from-global-cluster" in c for c in commands)
    assert not any(s.title.startswith("Switch the graph") for s in runbook.game_day)


DR_CLUSTER = "chariot-microservices-cluster-us-west-2"


def _step(steps: tuple[Step, ...], title: str) -> Step:
    return next(s for s in steps if s.title == title)


def test_warm_standby_applies_the_dr_manifests_to_the_dr_cluster(
    synthesized: dict[str, Synthesized],
) -> None:
    runbook = _runbook(synthesized, "prod")
    titles = [s.title for s in runbook.failover]
    apply = _step(runbook.failover, f"Compute: apply the DR manifests to {DR_CLUSTER}")
    # after the graph is promoted: the manifests point at the secondary's endpoint
    assert titles.index(apply.title) > titles.index(
        "Graph: detach and promote chariot-graph-prod-dr in us-west-2"
    )
    assert apply.commands == (
        f"aws eks update-kubeconfig --region us-west-2 --name {DR_CLUSTER} --alias {DR_CLUSTER}",
        "chariot manifests --env prod --dr --stack-outputs cdk-outputs.json",
        f"kubectl --context {DR_CLUSTER} apply --server-side -k dist/prod/k8s-us-west-2",
    )
    assert (
        f"kubectl --context {DR_CLUSTER} -n microservices wait --for=condition=Available "
        "deployment --all --timeout=10m"
    ) in apply.check_commands
    assert "applying again is idempotent" in apply.why
    assert (
        "No cache runs in us-west-2: assets, users, vulnerabilities run without one "
        "(CHARIOT_CACHE_BACKEND=none)"
    ) in apply.why
    # warm_standby's standby group is already sized: nothing to scale
    assert not any("update-nodegroup-config" in c for c in _commands(runbook.failover))
    assert "Compute: deploy the platform in us-west-2" not in titles


def _pilot_light(synthesized: Synthesized, tmp_path: Path) -> Platform:
    """prod's templates with the standby group at zero nodes, as pilot_light builds it."""
    outdir = tmp_path / "prod"
    shutil.copytree(synthesized.outdir, outdir)
    template_file = outdir / "chariot-prod-dr-cluster.template.json"
    template = json.loads(template_file.read_text())
    (group,) = [
        r
        for r in template["Resources"].values()
        if r["Type"] == "AWS::EKS::Nodegroup" and r["Properties"]["Labels"] == STANDBY_LABELS
    ]
    group["Properties"]["ScalingConfig"].update({"MinSize": 0, "DesiredSize": 0})
    template_file.write_text(json.dumps(template))
    spec = synthesized.spec
    spec = spec.model_copy(update={"dr": spec.dr.model_copy(update={"strategy": "pilot_light"})})
    return load_platform(spec, outdir)


def test_pilot_light_scales_the_standby_group_before_applying(
    synthesized: dict[str, Synthesized], tmp_path: Path
) -> None:
    platform = _pilot_light(synthesized["prod"], tmp_path)
    runbook = build_runbook(platform, assess(platform))
    titles = [s.title for s in runbook.failover]
    nodes = standby_nodes(platform.spec, "m6i.large")
    assert nodes >= 2  # at least one per DR zone
    scale = _step(
        runbook.failover, f"Compute: scale {DR_CLUSTER}'s standby node group to {nodes} nodes"
    )
    apply = f"Compute: apply the DR manifests to {DR_CLUSTER}"
    assert titles.index(scale.title) + 1 == titles.index(apply)
    group = f"--region us-west-2 --cluster-name {DR_CLUSTER} --nodegroup-name standby"
    assert scale.commands[1].startswith(
        f"aws eks update-nodegroup-config {group} --scaling-config minSize={nodes},maxSize="
    )
    assert scale.commands[1].endswith(f",desiredSize={nodes}")
    assert f"kubectl --context {DR_CLUSTER} get nodes -l chariot/dr=standby" in scale.check_commands
    assert "Nothing runs the services there" in _step(runbook.failover, apply).why
