"""The DR region's manifests: the primary's objects for the DR cluster (standby node group, DR
registry and region, DR VPC), validated like the primary's; none for backup_restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.k8s.deployed import (
    CLUSTER_SECURITY_GROUP,
    COGNITO_CLIENT_ID,
    GRAPH_OUTPUTS,
    PENDING_ANNOTATION,
    resolve,
)
from chariot.k8s.dr_region import (
    STANDBY_RULE,
    has_dr_manifests,
    manifests_dir,
    render_dr,
    standby_placement,
    standby_placements,
)
from chariot.k8s.objects import Manifest
from chariot.k8s.render import write_objects
from chariot.k8s.validate.rules.base import RuleContext
from chariot.k8s.validate.validator import validate_paths
from chariot.spec.dr_region import STANDBY_LABELS, STANDBY_POOL, dr_view
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement
from tests.conftest import Synthesized
from tests.k8s.helpers import ISSUER, deployed_dr, find, kinds, load, placements

DR_REGISTRY = "111122223333.dkr.ecr.us-west-2.amazonaws.com"


def _with_spot(spec: PlatformSpec) -> dict[str, Placement]:
    """The placements with assets on the tainted SPOT pool, as the planner puts batch work."""
    spot = next(p for p in spec.cluster.node_pools if p.capacity_type == "SPOT")
    tolerations = [
        {"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect.value}
        for t in spot.taints
    ]
    assert tolerations
    result = placements(spec)
    result["assets"] = Placement("assets", "ec2_spot", dict(spot.labels), tolerations)
    return result


def _pod(manifests: list[Manifest], name: str) -> Manifest:
    spec: Manifest = find(manifests, "Deployment", name)["spec"]["template"]["spec"]
    return spec


def test_every_ec2_service_selects_the_standby_group_without_spot(prod: PlatformSpec) -> None:
    manifests = render_dr(prod, _with_spot(prod), ISSUER)
    for service in prod.services:
        pod = _pod(manifests, service.name)
        assert pod["nodeSelector"] == STANDBY_LABELS
        assert "tolerations" not in pod
        assert "affinity" not in pod


def test_spot_preferences_go_and_fargate_stays() -> None:
    fallback = Placement(
        "billing",
        "ec2_spot_with_on_demand_fallback",
        {"karpenter.sh/nodepool": "general"},
        [{"key": "spot", "operator": "Exists", "effect": "NoSchedule"}],
        pool="general",
        preferred_node_selector={"karpenter.sh/capacity-type": "spot"},
    )
    moved = standby_placement(fallback)
    assert moved.compute == "ec2_on_demand"
    assert moved.node_selector == STANDBY_LABELS
    assert moved.tolerations == []
    assert moved.preferred_node_selector == {}
    assert moved.pool == STANDBY_POOL
    assert moved.fired[-1] == STANDBY_RULE
    fargate = Placement("jobs", "fargate", pool="batch", pod_labels={"compute": "fargate"})
    assert standby_placements({"jobs": fargate}) == {"jobs": fargate}


def test_images_come_from_the_dr_registry_and_the_sdk_from_the_dr_region(
    prod: PlatformSpec,
) -> None:
    manifests = render_dr(prod, placements(prod), ISSUER)
    for service in prod.services:
        (container,) = _pod(manifests, service.name)["containers"]
        assert container["image"] == f"{DR_REGISTRY}/chariot-prod/{service.name}:{service.image}"
        env = {e["name"]: e["value"] for e in container["env"]}
        assert env["CHARIOT_AWS_REGION"] == "us-west-2"
        assert env["CHARIOT_JWT_ISSUER"] == ISSUER.issuer  # one issuer for both regions


def test_data_egress_is_to_the_dr_vpc_database_subnets(prod: PlatformSpec) -> None:
    manifests = render_dr(prod, placements(prod), ISSUER)
    cidrs = {
        block["ipBlock"]["cidr"]
        for policy in kinds(manifests, "NetworkPolicy")
        for rule in policy["spec"].get("egress", [])
        for block in rule.get("to", [])
        if "ipBlock" in block
    }
    dr_database = set(dr_view(prod).network.subnets.database)
    assert dr_database <= cidrs
    assert not set(prod.network.subnets.database) & cidrs


def test_backup_restore_has_no_dr_manifests() -> None:
    dev = load("dev")
    assert not has_dr_manifests(dev)
    with pytest.raises(ValueError, match="backup_restore keeps no DR cluster"):
        render_dr(dev, placements(dev))


def test_the_folder_is_named_after_the_dr_region(prod: PlatformSpec) -> None:
    assert manifests_dir(prod) == "k8s-us-west-2"


def test_the_dr_manifests_validate_on_the_dr_cluster(
    prod: PlatformSpec, tmp_path: Path, crds_dir: Path
) -> None:
    """With every deploy-time value (so the SecurityGroupPolicies render too), against the DR
    cluster's node pools: the standby group is the one the pods must land on."""
    view = dr_view(prod)
    manifests = render_dr(prod, _with_spot(prod), ISSUER, deployed_dr(prod))
    assert kinds(manifests, "SecurityGroupPolicy")
    write_objects(manifests, tmp_path, "prod", dr=True)
    findings = validate_paths(
        [tmp_path], view.cluster.kubernetes_version, crds_dir, RuleContext.for_spec(view)
    )
    assert [str(f) for f in findings] == []
    header = (tmp_path / "kustomization.yaml").read_text().splitlines()[0]
    assert header == "# Generated by chariot manifests --env prod --dr; do not edit."
    # the primary's pools do not have the standby label: the rule would refuse these pods there
    wrong = validate_paths(
        [tmp_path], view.cluster.kubernetes_version, crds_dir, RuleContext.for_spec(prod)
    )
    assert {f.rule for f in wrong} == {"schedulable-on-node-pools"}


def test_the_graph_secondary_gives_the_dr_services_their_endpoint(
    synthesized: dict[str, Synthesized], tmp_path: Path
) -> None:
    """The DR-data stack's outputs, as `cdk deploy --outputs-file` writes them, fill in the DR
    Deployments' Neptune endpoint (and only the DR stacks' do)."""
    prod = synthesized["prod"]
    template = json.loads(prod.template_path("dr-data").read_text())
    names = set(template["Outputs"])
    assert {"GraphSecondaryEndpoint", "GraphSecondaryPort"} <= names
    outputs = {
        "chariot-prod-data": {"GraphEndpoint": "primary.example", "GraphPort": "8182"},
        "chariot-prod-dr-data": {
            "GraphSecondaryEndpoint": "secondary.example",
            "GraphSecondaryPort": "8182",
        },
    }
    file = tmp_path / "cdk-outputs.json"
    file.write_text(json.dumps(outputs))
    values = resolve(prod.spec, file, dr=True)
    assert values.graph_endpoint() == "https://secondary.example:8182"
    assets = prod.spec.service("assets")
    assert not set(GRAPH_OUTPUTS) & set(values.pending(prod.spec, assets))
    manifests = render_dr(prod.spec, placements(prod.spec), ISSUER, values)
    (container,) = _pod(manifests, "assets")["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["CHARIOT_NEPTUNE_ENDPOINT"] == "https://secondary.example:8182"


def test_the_dr_stacks_give_every_value_the_dr_manifests_need(
    synthesized: dict[str, Synthesized], tmp_path: Path
) -> None:
    """An outputs file of every synthesized stack (a value per output name, as after `cdk
    deploy --all`): the DR manifests find each value in the DR stacks, the app client in the
    primary's, and nothing stays pending (no cache is needed there)."""
    prod = synthesized["prod"]
    data = {}
    for template in prod.outdir.glob("*.template.json"):
        outputs = json.loads(template.read_text()).get("Outputs", {})
        stack = template.name.removesuffix(".template.json")
        data[stack] = {name: f"{stack}-{name}".lower() for name in outputs}
    file = tmp_path / "cdk-outputs.json"
    file.write_text(json.dumps(data))
    values = resolve(prod.spec, file, dr=True)
    assert values.all_pending(prod.spec) == []
    assert values.graph_endpoint() is not None
    assert values.graph_endpoint().startswith("https://chariot-prod-dr-data-")  # type: ignore[union-attr]
    assert values.get(CLUSTER_SECURITY_GROUP) == "chariot-prod-dr-cluster-clustersecuritygroupid"
    assert values.get(COGNITO_CLIENT_ID) == "chariot-prod-edge-cognitouserpoolclientid"
    manifests = render_dr(prod.spec, placements(prod.spec), ISSUER, values)
    for deployment in kinds(manifests, "Deployment"):
        assert PENDING_ANNOTATION not in deployment["metadata"].get("annotations", {})
    policies = kinds(manifests, "SecurityGroupPolicy")
    assert {p["metadata"]["name"] for p in policies} == set(prod.spec.security.pod_security_groups)
    for policy in policies:
        for group in policy["spec"]["securityGroups"]["groupIds"]:
            assert group.startswith(("chariot-prod-dr-data-", "chariot-prod-dr-cluster-"))


def test_services_with_a_cache_run_without_one_and_the_runtime_starts(
    prod: PlatformSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every DR Deployment's environment builds its service's Settings (the runtime's own
    validation): no cache variable but CHARIOT_CACHE_BACKEND=none."""
    import os

    from chariot.runtime.kit.settings import Settings

    manifests = render_dr(prod, placements(prod), ISSUER, deployed_dr(prod))
    for service in prod.services:
        (container,) = _pod(manifests, service.name)["containers"]
        env = {e["name"]: e["value"] for e in container["env"]}
        assert not [name for name in env if name.startswith("CHARIOT_REDIS")]
        assert env.get("CHARIOT_CACHE_BACKEND") == ("none" if service.data.cache else None)
        with monkeypatch.context() as patch:
            for name in [n for n in os.environ if n.startswith("CHARIOT_")]:
                patch.delenv(name)
            for name, value in env.items():
                patch.setenv(name, value)
            settings = Settings()  # type: ignore[call-arg]
        assert settings.cache_backend == ("none" if service.data.cache else "redis")
        assert settings.aws_region == "us-west-2"
