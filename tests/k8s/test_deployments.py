from __future__ import annotations

from typing import Any

import pytest

from chariot.k8s.context import RenderContext
from chariot.k8s.deployed import CACHE_GROUP_ID, COGNITO_CLIENT_ID, PENDING_ANNOTATION, needed
from chariot.k8s.deployments import build
from chariot.k8s.images import ImageDigests
from chariot.k8s.issuer import ISSUER_OUTPUT
from chariot.spec.model import Canary, PlatformSpec, Tier
from chariot.spec.placement import Placement
from tests.k8s.helpers import ISSUER, deployed, find, placements, with_services

REGISTRY = "111122223333.dkr.ecr.us-east-1.amazonaws.com"
DIGEST = "sha256:" + "ab" * 32


def _deployments(spec: PlatformSpec, where: dict[str, Placement] | None = None) -> list[Any]:
    return list(build(RenderContext(spec, where or placements(spec))))


def test_resources_follow_the_tier(prod: PlatformSpec) -> None:
    deployments = _deployments(prod)
    users = find(deployments, "Deployment", "users")  # critical
    assets = find(deployments, "Deployment", "assets")  # standard
    assert users["spec"]["template"]["spec"]["containers"][0]["resources"] == {
        "requests": {"cpu": "1000m", "memory": "2Gi"},
        "limits": {"cpu": "2000m", "memory": "2Gi"},
    }
    assert assets["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"] == {
        "cpu": "500m",
        "memory": "1Gi",
    }


def test_batch_tier_gets_the_seed_batch_resources_and_spot_placement(prod: PlatformSpec) -> None:
    batch = prod.service("assets").model_copy(update={"tier": Tier.BATCH})
    spec = with_services(prod, [batch])
    pod = find(_deployments(spec), "Deployment", "assets")["spec"]["template"]["spec"]
    assert pod["containers"][0]["resources"]["requests"] == {"cpu": "2000m", "memory": "4Gi"}
    assert pod["nodeSelector"] == {"workload-type": "batch-processing", "cost-optimization": "spot"}
    assert pod["tolerations"] == [
        {"key": "spot-instance", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
    ]


def test_probes_are_the_seed_health_check(prod: PlatformSpec) -> None:
    container = find(_deployments(prod), "Deployment", "users")["spec"]["template"]["spec"][
        "containers"
    ][0]
    readiness, liveness = container["readinessProbe"], container["livenessProbe"]
    for probe in (readiness, liveness):
        assert probe["httpGet"]["path"] == "/health"
        assert probe["periodSeconds"] == 30
        assert probe["timeoutSeconds"] == 5
        assert probe["failureThreshold"] == 3
    assert readiness["successThreshold"] == 2
    assert liveness["successThreshold"] == 1  # Kubernetes refuses anything else for liveness


def test_security_context_is_restricted(prod: PlatformSpec) -> None:
    pod = find(_deployments(prod), "Deployment", "users")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    context = pod["containers"][0]["securityContext"]
    assert context["allowPrivilegeEscalation"] is False
    assert context["readOnlyRootFilesystem"] is True
    assert context["capabilities"] == {"drop": ["ALL"]}
    assert pod["volumes"] == [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]


def test_spread_over_zones_strict_for_critical_only(prod: PlatformSpec) -> None:
    deployments = _deployments(prod)
    users = find(deployments, "Deployment", "users")["spec"]["template"]["spec"]
    assets = find(deployments, "Deployment", "assets")["spec"]["template"]["spec"]
    zone = users["topologySpreadConstraints"][0]
    assert zone["topologyKey"] == "topology.kubernetes.io/zone"
    assert zone["whenUnsatisfiable"] == "DoNotSchedule"
    assert zone["labelSelector"]["matchLabels"]["app"] == "users"
    assert assets["topologySpreadConstraints"][0]["whenUnsatisfiable"] == "ScheduleAnyway"


def test_on_demand_placement_and_pinned_image_and_no_replicas(prod: PlatformSpec) -> None:
    users = find(_deployments(prod), "Deployment", "users")
    pod = users["spec"]["template"]["spec"]
    assert pod["nodeSelector"]["cost-optimization"] == "on-demand"
    assert "tolerations" not in pod
    assert pod["containers"][0]["image"] == f"{REGISTRY}/chariot-prod/users:0.1.0"
    assert pod["containers"][0]["imagePullPolicy"] == "IfNotPresent"  # an immutable tag
    assert "replicas" not in users["spec"]  # the HPA owns the scale
    assert users["spec"]["selector"]["matchLabels"] == {
        "app.kubernetes.io/name": "users",
        "app": "users",
        "version": "stable",
    }
    assert users["spec"]["template"]["metadata"]["labels"]["sidecar.istio.io/inject"] == "true"


def test_table_name_is_passed_to_the_service(prod: PlatformSpec) -> None:
    env = find(_deployments(prod), "Deployment", "users")["spec"]["template"]["spec"]["containers"][
        0
    ]["env"]
    assert {"name": "CHARIOT_TABLE_NAME", "value": "UserService-prod"} in env


def test_canary_runs_as_its_own_deployment(prod: PlatformSpec) -> None:
    canary = Canary(version="v2", image="0.2.0", weight=10)
    spec = with_services(prod, [prod.service("users").model_copy(update={"canary": canary})])
    deployments = _deployments(spec)
    assert [d["metadata"]["name"] for d in deployments] == ["users", "users-v2"]
    second = find(deployments, "Deployment", "users-v2")
    image = second["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == f"{REGISTRY}/chariot-prod/users:0.2.0"
    assert second["spec"]["selector"]["matchLabels"]["version"] == "v2"


def test_known_digest_pins_the_image_and_external_references_stay(prod: PlatformSpec) -> None:
    external = prod.service("assets").model_copy(update={"image": "ghcr.io/acme/assets:2.0.0"})
    spec = with_services(prod, [prod.service("users"), external])
    digests = ImageDigests({f"{REGISTRY}/chariot-prod/users:0.1.0": DIGEST})
    rendered = list(build(RenderContext(spec, placements(spec), images=digests)))
    users = find(rendered, "Deployment", "users")["spec"]["template"]["spec"]["containers"][0]
    assert users["image"] == f"{REGISTRY}/chariot-prod/users@{DIGEST}"
    assets = find(rendered, "Deployment", "assets")["spec"]["template"]["spec"]["containers"][0]
    assert assets["image"] == "ghcr.io/acme/assets:2.0.0"


def test_fargate_placement_takes_the_profile_labels(prod: PlatformSpec) -> None:
    job = prod.service("assets").model_copy(
        update={"namespace": "batch", "meshed": False, "compute": "fargate"}
    )
    spec = with_services(prod, [job])
    pod = find(
        _deployments(spec, {"assets": Placement("assets", "fargate")}), "Deployment", "assets"
    )["spec"]["template"]
    assert pod["metadata"]["labels"]["compute-type"] == "fargate"
    assert pod["metadata"]["labels"]["sidecar.istio.io/inject"] == "false"
    assert "nodeSelector" not in pod["spec"]


def test_missing_placement_is_an_error(prod: PlatformSpec) -> None:
    with pytest.raises(ValueError, match="no placement for service 'assets'"):
        list(build(RenderContext(prod, {})))


def _env(deployment: dict[str, Any]) -> dict[str, str]:
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e["value"] for e in container["env"]}


def test_deployed_values_become_the_runtime_settings(prod: PlatformSpec) -> None:
    values = deployed(prod)
    ctx = RenderContext(prod, placements(prod), ISSUER, values)
    rendered = list(build(ctx))
    assets = _env(find(rendered, "Deployment", "assets"))  # graph + cache
    assert assets["CHARIOT_JWT_ISSUER"] == ISSUER.issuer
    assert assets["CHARIOT_JWKS_URL"] == ISSUER.jwks_uri
    # prod's issuer is Cognito (edge.jwt.issuer null): access tokens are checked by client_id
    assert assets["CHARIOT_JWT_AUDIENCE_CLAIM"] == "client_id"
    assert assets["CHARIOT_JWT_AUDIENCE"] == values.values[COGNITO_CLIENT_ID]
    assert assets["CHARIOT_GRAPH_BACKEND"] == "neptune"
    assert assets["CHARIOT_NEPTUNE_ENDPOINT"] == values.graph_endpoint()
    assert assets["CHARIOT_REDIS_URL"] == values.cache_url()
    assert assets["CHARIOT_REDIS_IAM_AUTH"] == "true"
    assert assets["CHARIOT_REDIS_REPLICATION_GROUP"] == values.values[CACHE_GROUP_ID]
    assert assets["CHARIOT_CACHE_TTL_SECONDS"] == str(prod.data.cache.ttl_seconds)
    users = _env(find(rendered, "Deployment", "users"))  # no graph
    assert users["CHARIOT_GRAPH_BACKEND"] == "none"
    assert "CHARIOT_NEPTUNE_ENDPOINT" not in users
    for deployment in rendered:
        assert PENDING_ANNOTATION not in deployment["metadata"].get("annotations", {})


def test_pending_values_are_left_out_and_named_never_invented(prod: PlatformSpec) -> None:
    rendered = list(build(RenderContext(prod, placements(prod))))
    assets = find(rendered, "Deployment", "assets")
    env = _env(assets)
    for name in ("CHARIOT_NEPTUNE_ENDPOINT", "CHARIOT_REDIS_URL", "CHARIOT_JWKS_URL"):
        assert name not in env
    assert env["CHARIOT_GRAPH_BACKEND"] == "neptune"  # the service says what it misses
    pending = assets["metadata"]["annotations"][PENDING_ANNOTATION].split(", ")
    assert pending[0] == ISSUER_OUTPUT
    assert set(needed(prod, prod.service("assets"))) <= set(pending)


def test_meshed_pods_publish_durations_in_buckets_at_the_latency_targets(
    prod: PlatformSpec,
) -> None:
    """The SLO rules count requests under each target from the bucket at exactly that bound."""
    import json

    from chariot.k8s.deployments import HISTOGRAM_BUCKETS

    pod = find(_deployments(prod), "Deployment", "users")["spec"]["template"]
    buckets = json.loads(pod["metadata"]["annotations"][HISTOGRAM_BUCKETS])["istiocustom"]
    latency = prod.performance.latency
    assert {latency.p50_ms, latency.p90_ms, latency.p99_ms} <= set(buckets)
