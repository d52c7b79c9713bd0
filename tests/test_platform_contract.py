"""The cluster that `chariot synth` builds accepts and runs the manifests `chariot manifests`
writes: what the manifests select, authorize, allow, scale on and live in is what the
synthesized add-ons actually install.

Both sides are read as produced: the Helm releases (chart, namespace, values) from the add-ons
template, the objects from the renderer with the planner's placements. Nothing here compares
two copies of a constant, so a rename on either side fails.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chariot.k8s.objects import Manifest
from chariot.k8s.render import render
from chariot.plan.placement import place
from tests.conftest import Synthesized
from tests.infra.cfn import Release, releases
from tests.k8s.helpers import ISSUER

pytestmark = pytest.mark.synth

ENVIRONMENTS = ["prod", "dev"]
NAMESPACE_NAME = "kubernetes.io/metadata.name"
# Namespaces every EKS cluster has before any add-on.
BUILT_IN_NAMESPACES = {"kube-system", "default"}
# API groups of the kinds the manifests use that are not built in, and the release whose chart
# installs their CRDs.
CRD_GROUPS = {
    "networking.istio.io": "istio-base",
    "security.istio.io": "istio-base",
    "autoscaling.k8s.io": "vertical-pod-autoscaler",
}
BUILT_IN_GROUPS = {"", "apps", "autoscaling", "policy", "networking.k8s.io"}


class Cluster:
    """One environment as synthesized (Helm releases, EKS add-ons) and as rendered."""

    def __init__(self, synthesized: Synthesized) -> None:
        spec = synthesized.spec
        self.spec = spec
        self.releases = releases(synthesized.json("addons"))
        self.eks_addons = {
            r["Properties"]["AddonName"]: r["Properties"]
            for r in synthesized.resources("cluster", "AWS::EKS::Addon").values()
        }
        self.manifests = render(spec, place(spec), ISSUER)

    def release(self, name: str) -> Release:
        assert name in self.releases, f"no Helm release {name!r} in the add-ons stack"
        return self.releases[name]

    def of_kind(self, kind: str) -> list[Manifest]:
        return [m for m in self.manifests if m["kind"] == kind]

    def policy(self, namespace: str, name: str) -> Manifest:
        for manifest in self.of_kind("NetworkPolicy"):
            meta = manifest["metadata"]
            if (meta["namespace"], meta["name"]) == (namespace, name):
                return manifest
        raise AssertionError(f"no NetworkPolicy {namespace}/{name}")


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def cluster(request: pytest.FixtureRequest, synthesized: dict[str, Synthesized]) -> Cluster:
    return Cluster(synthesized[request.param])


def _peers(policy: Manifest, direction: str) -> Iterator[dict[str, Any]]:
    side = "from" if direction == "ingress" else "to"
    for rule in policy["spec"].get(direction, []):
        yield from rule.get(side, [])


def _peer_namespace(peer: dict[str, Any]) -> str | None:
    selector = peer.get("namespaceSelector")
    if selector is None:
        return None
    name: str = selector["matchLabels"][NAMESPACE_NAME]
    return name


def _is_subset(labels: dict[str, str], of: dict[str, str]) -> bool:
    return all(of.get(key) == value for key, value in labels.items())


def test_every_namespace_the_manifests_use_exists(cluster: Cluster) -> None:
    """`kubectl apply -k` fails on an object in a namespace nobody created, and a selector on a
    namespace that does not exist matches nothing: each one is rendered, or an add-on release
    creates it, or EKS has it."""
    rendered = {m["metadata"]["name"] for m in cluster.of_kind("Namespace")}
    installed = {r.namespace for r in cluster.releases.values()}
    existing = rendered | installed | BUILT_IN_NAMESPACES
    used = {m["metadata"]["namespace"] for m in cluster.manifests if "namespace" in m["metadata"]}
    for policy in cluster.of_kind("NetworkPolicy"):
        for direction in ("ingress", "egress"):
            used |= {n for p in _peers(policy, direction) if (n := _peer_namespace(p))}
    assert used - existing == set()


def test_custom_kinds_have_their_crds_installed(cluster: Cluster) -> None:
    for manifest in cluster.manifests:
        group = manifest["apiVersion"].rpartition("/")[0]
        if group in BUILT_IN_GROUPS:
            continue
        assert group in CRD_GROUPS, f"{manifest['kind']}: no add-on known to install {group}"
        cluster.release(CRD_GROUPS[group])


def test_gateway_selects_the_installed_ingress_gateway(cluster: Cluster) -> None:
    ingress = cluster.release("istio-ingressgateway")
    [gateway] = cluster.of_kind("Gateway")
    assert gateway["metadata"]["namespace"] == ingress.namespace
    assert _is_subset(gateway["spec"]["selector"], ingress.values["labels"])
    for service in cluster.of_kind("VirtualService"):
        for ref in service["spec"]["gateways"]:
            if ref != "mesh":
                assert ref == f"{ingress.namespace}/{gateway['metadata']['name']}"


def test_authorization_admits_the_ingress_gateways_identity(cluster: Cluster) -> None:
    ingress = cluster.release("istio-ingressgateway")
    account = ingress.values["serviceAccount"]["name"]
    gateway = f"cluster.local/ns/{ingress.namespace}/sa/{account}"
    allows = [p for p in cluster.of_kind("AuthorizationPolicy") if p["spec"].get("rules")]
    assert allows
    for policy in allows:
        principals = {
            principal
            for rule in policy["spec"]["rules"]
            for source in rule["from"]
            for principal in source["source"].get("principals", [])
        }
        assert gateway in principals, policy["metadata"]["name"]


def test_service_network_policies_admit_the_ingress_gateway_pods(cluster: Cluster) -> None:
    ingress = cluster.release("istio-ingressgateway")
    for service in cluster.spec.services:
        policy = cluster.policy(service.namespace, service.name)
        from_gateway = [
            p for p in _peers(policy, "ingress") if _peer_namespace(p) == ingress.namespace
        ]
        assert from_gateway, service.name
        for peer in from_gateway:
            assert _is_subset(peer["podSelector"]["matchLabels"], ingress.values["labels"])


def test_sidecars_may_reach_istiod_where_it_is_installed(cluster: Cluster) -> None:
    istiod = cluster.release("istiod")
    for namespace in cluster.spec.meshed_namespaces:
        policy = cluster.policy(namespace, "allow-istiod")
        assert {_peer_namespace(p) for p in _peers(policy, "egress")} == {istiod.namespace}


def test_prometheus_may_scrape_the_sidecars_from_its_namespace(cluster: Cluster) -> None:
    prometheus = cluster.release("prometheus")
    istiod = cluster.release("istiod")
    # The sidecar exports its request counter on the merged metrics port only when asked to.
    assert istiod.values["meshConfig"]["enablePrometheusMerge"] is True
    for namespace in cluster.spec.meshed_namespaces:
        policy = cluster.policy(namespace, "allow-metrics-scrape")
        assert {_peer_namespace(p) for p in _peers(policy, "ingress")} == {prometheus.namespace}


def test_every_hpa_metric_is_served(cluster: Cluster) -> None:
    """Pods metrics come from prometheus-adapter's rules (which read the Prometheus release);
    Resource metrics from the metrics-server EKS add-on."""
    adapter = cluster.release("prometheus-adapter")
    prometheus = cluster.release("prometheus")
    served = {rule["name"]["as"] for rule in adapter.values["rules"]["custom"]}
    assert adapter.values["prometheus"]["url"] == (
        f"http://prometheus-server.{prometheus.namespace}.svc.cluster.local"
    )
    hpas = cluster.of_kind("HorizontalPodAutoscaler")
    assert hpas
    for hpa in hpas:
        for metric in hpa["spec"]["metrics"]:
            if metric["type"] == "Pods":
                assert metric["pods"]["metric"]["name"] in served, hpa["metadata"]["name"]
            elif metric["type"] == "Resource":
                assert "metrics-server" in cluster.eks_addons
            else:
                raise AssertionError(f"{hpa['metadata']['name']}: no add-on serves {metric}")


def test_network_policies_are_enforced(cluster: Cluster) -> None:
    """Without the VPC CNI's policy agent a NetworkPolicy is accepted and does nothing."""
    assert cluster.of_kind("NetworkPolicy")
    vpc_cni = cluster.eks_addons["vpc-cni"]
    configuration = json.loads(vpc_cni["ConfigurationValues"])
    assert configuration["enableNetworkPolicy"] == "true"


def test_pod_identity_agent_answers_where_the_policies_send_pods(cluster: Cluster) -> None:
    """Services fetch AWS credentials from the Pod Identity agent; their egress policies allow
    its link-local address, which only exists with the EKS add-on installed."""
    from chariot.k8s import platform

    assert "eks-pod-identity-agent" in cluster.eks_addons
    for service in cluster.spec.services:
        egress = list(_peers(cluster.policy(service.namespace, service.name), "egress"))
        assert {"ipBlock": {"cidr": platform.POD_IDENTITY_AGENT_CIDR}} in egress


def test_restricted_meshed_namespaces_get_sidecars_without_istio_init(cluster: Cluster) -> None:
    """Pod Security `restricted` refuses istio-init (NET_ADMIN, NET_RAW); injection works there
    only with the istio-cni agent installed and istiod injecting for it."""
    restricted_meshed = [
        m
        for m in cluster.of_kind("Namespace")
        if m["metadata"]["labels"].get("istio-injection") == "enabled"
        and m["metadata"]["labels"].get("pod-security.kubernetes.io/enforce") == "restricted"
    ]
    assert restricted_meshed
    assert cluster.release("istio-cni").chart == "cni"
    assert cluster.release("istiod").values["pilot"]["cni"]["enabled"] is True


def test_initial_vpa_has_the_admission_controller(cluster: Cluster) -> None:
    vpas = cluster.of_kind("VerticalPodAutoscaler")
    modes = {vpa["spec"]["updatePolicy"]["updateMode"] for vpa in vpas}
    assert modes <= {"Off", "Initial"}
    controller = cluster.release("vertical-pod-autoscaler").values["admissionController"]
    assert controller["enabled"] is ("Initial" in modes)


NodeSource = tuple[str, dict[str, str], list[dict[str, str]]]


def _node_sources(synthesized: Synthesized) -> list[NodeSource]:
    """(name, node labels, taints) of every synthesized managed node group and Karpenter
    NodePool, taints as Kubernetes writes them (`NoSchedule`)."""
    from tests.infra.cfn import manifests

    effects = {"NO_SCHEDULE": "NoSchedule", "NO_EXECUTE": "NoExecute", "PREFER_NO_SCHEDULE": ""}
    sources = []
    for logical_id, group in synthesized.resources("cluster", "AWS::EKS::Nodegroup").items():
        props = group["Properties"]
        taints = [
            {"key": t["Key"], "value": t.get("Value", ""), "effect": effects[t["Effect"]]}
            for t in props.get("Taints", [])
        ]
        sources.append((logical_id, dict(props.get("Labels", {})), taints))
    for pool in manifests(synthesized.json("addons")):
        if pool["kind"] != "NodePool":
            continue
        template = pool["spec"]["template"]
        taints = [dict(t) for t in template["spec"].get("taints", [])]
        sources.append((pool["metadata"]["name"], template["metadata"].get("labels", {}), taints))
    return sources


def _tolerated(taint: dict[str, str], tolerations: list[dict[str, str]]) -> bool:
    for toleration in tolerations:
        if toleration.get("effect") not in (None, "", taint["effect"]):
            continue
        if toleration.get("operator") == "Exists" and toleration.get("key") in (None, taint["key"]):
            return True
        if toleration.get("key") == taint["key"] and toleration.get("value") == taint["value"]:
            return True
    return False


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_deployment_lands_on_a_synthesized_node_source(
    synthesized: dict[str, Synthesized], env: str
) -> None:
    """The planner's node selectors and tolerations match the labels and taints of a node group
    or a Karpenter NodePool that the stacks actually create."""
    cluster = Cluster(synthesized[env])
    sources = _node_sources(synthesized[env])
    assert sources
    for deployment in cluster.of_kind("Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        selector, tolerations = pod.get("nodeSelector", {}), pod.get("tolerations", [])
        landing = [
            name
            for name, labels, taints in sources
            if _is_subset(selector, labels)
            and all(_tolerated(t, tolerations) for t in taints if t["effect"])
        ]
        assert landing, f"{deployment['metadata']['name']}: no node group or NodePool fits"


def test_edge_targets_the_port_the_gateway_listens_on(synthesized: dict[str, Synthesized]) -> None:
    """The edge registers gateway pods on `IngressGateway.http_port` (IP targets): Envoy listens
    there only if the rendered Gateway has a server on that port."""
    from aws_cdk import App, Stack
    from aws_cdk import aws_eks_v2 as eks

    from chariot.infra.addons.base import AddonContext, IngressGateway
    from chariot.infra.addons.istio import Istio
    from chariot.infra.shared import Shared

    cluster = Cluster(synthesized["prod"])
    stack = Stack(App(), "probe")
    provider = eks.KubectlProvider.from_kubectl_provider_attributes(
        stack,
        "Provider",
        service_token="arn:aws:lambda:us-east-1:111122223333:function:kubectl",  # noqa: S106
    )
    probe = eks.Cluster.from_cluster_attributes(
        stack, "Cluster", cluster_name="probe", kubectl_provider=provider
    )
    shared = Shared()
    Istio().install(AddonContext(scope=stack, spec=cluster.spec, cluster=probe, shared=shared))  # type: ignore[arg-type]
    target = shared.get("ingress-gateway", IngressGateway)
    [gateway] = cluster.of_kind("Gateway")
    assert target.namespace == gateway["metadata"]["namespace"]
    assert target.http_port in {server["port"]["number"] for server in gateway["spec"]["servers"]}
    assert _is_subset(gateway["spec"]["selector"], dict(target.pod_labels))


# ---------------------------------------------------------------- deploy-time links


def _fake_value(name: str, value: Any, region: str) -> str:
    """What `cdk deploy` would write for an output: its literal value when the template has one,
    else a value of the right shape (the real ones exist only in AWS)."""
    if isinstance(value, str):
        return value
    if name.endswith("UserPoolId"):
        return f"{region}_AbCdEf123"
    if name.endswith(("Url", "Uri")):
        return f"https://{name.lower()}.example.com"
    if name.endswith("Port"):
        return "6379" if name.startswith("Cache") else "8182"
    if name.endswith("SecurityGroupId") or name.startswith("PodSecurityGroup"):
        return f"sg-{abs(hash(name)) % 16**17:017x}"
    return f"{name.lower()}.internal.example.com"


def _outputs_file(synthesized: Synthesized, folder: Path) -> Path:
    """A `cdk deploy --outputs-file` for every synthesized stack of the environment."""
    data: dict[str, dict[str, str]] = {}
    region = synthesized.spec.region
    for template in sorted(synthesized.outdir.glob("*.template.json")):
        outputs = json.loads(template.read_text()).get("Outputs", {})
        stack = template.name.removesuffix(".template.json")
        data[stack] = {k: _fake_value(k, v["Value"], region) for k, v in outputs.items()}
    file = folder / f"{synthesized.spec.environment}-cdk-outputs.json"
    file.write_text(json.dumps(data))
    return file


class Deploy:
    """An environment as `chariot manifests --stack-outputs` renders it after `cdk deploy`."""

    def __init__(self, synthesized: Synthesized, folder: Path) -> None:
        from chariot.k8s import deployed, issuer

        self.synthesized = synthesized
        self.spec = synthesized.spec
        self.file = _outputs_file(synthesized, folder)
        self.outputs = json.loads(self.file.read_text())
        self.deployed = deployed.resolve(self.spec, self.file)
        self.issuer = issuer.resolve(self.spec, self.file)
        self.manifests = render(self.spec, place(self.spec), self.issuer, self.deployed)

    def of_kind(self, kind: str) -> list[Manifest]:
        return [m for m in self.manifests if m["kind"] == kind]

    def output(self, name: str) -> str:
        (value,) = {v[name] for v in self.outputs.values() if name in v}
        return str(value)


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def deploy(
    request: pytest.FixtureRequest,
    synthesized: dict[str, Synthesized],
    tmp_path_factory: pytest.TempPathFactory,
) -> Deploy:
    return Deploy(synthesized[request.param], tmp_path_factory.mktemp("outputs"))


def test_every_value_the_manifests_wait_for_is_a_stack_output(deploy: Deploy) -> None:
    assert deploy.deployed.all_pending(deploy.spec) == []
    assert deploy.issuer is not None
    for deployment in deploy.of_kind("Deployment"):
        assert "chariot.io/pending-stack-outputs" not in deployment["metadata"].get(
            "annotations", {}
        )


def test_every_deployment_env_builds_the_services_settings(
    deploy: Deploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runtime starts from exactly what the Deployment sets: no missing, misnamed or
    refused variable (the local-development defaults are refused outside `local`)."""
    import typing

    from chariot.runtime.services.registry import factory as service_factory

    for deployment in deploy.of_kind("Deployment"):
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e["value"] for e in container["env"]}
        service = deploy.spec.service(env["CHARIOT_SERVICE"])
        factory = service_factory(service.name)
        settings_class = next(
            t for t in typing.get_args(typing.get_type_hints(factory)["settings"]) if t
        )
        with monkeypatch.context() as patch:
            for name in [n for n in os.environ if n.startswith("CHARIOT_")]:
                patch.delenv(name)
            for name, value in env.items():
                patch.setenv(name, value)
            settings = settings_class()
        assert settings.service == service.name
        assert settings.environment == deploy.spec.environment
        assert settings.aws_region == deploy.spec.region
        assert settings.jwt_issuer == deploy.issuer.issuer  # type: ignore[union-attr]
        if deploy.spec.edge.jwt.issuer is None:
            assert settings.jwt_audience_claim == "client_id"
            assert settings.jwt_audience == deploy.output("CognitoUserPoolClientId")
        table = service.data.table
        assert table is not None
        assert settings.table_name == f"{table.name}-{deploy.spec.environment}"
        if service.data.graph:
            assert settings.graph_backend == "neptune"
            assert settings.neptune_endpoint == (
                f"https://{deploy.output('GraphEndpoint')}:{deploy.output('GraphPort')}"
            )
        if service.data.cache:
            assert settings.redis_iam_auth
            assert settings.redis_replication_group == deploy.output("CacheGroupId")
            assert settings.redis_url.startswith(f"rediss://{deploy.output('CacheUser')}@")


def test_every_service_account_has_a_pod_identity_with_its_deployments_table(
    deploy: Deploy,
) -> None:
    data = deploy.synthesized.service_resources()
    associations = {
        (r["Properties"]["Namespace"], r["Properties"]["ServiceAccount"]): r["Properties"]
        for r in data.values()
        if r["Type"] == "AWS::EKS::PodIdentityAssociation"
    }
    tables = {
        r["Properties"]["TableName"]: logical
        for logical, r in data.items()
        if r["Type"] in ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
    }
    for account in deploy.of_kind("ServiceAccount"):
        meta = account["metadata"]
        key = (meta["namespace"], meta["name"])
        assert key in associations, f"no Pod Identity for {key}"
    for deployment in deploy.of_kind("Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        key = (deployment["metadata"]["namespace"], pod["serviceAccountName"])
        role = associations[key]["RoleArn"]["Fn::GetAtt"][0]
        (policy,) = [
            r["Properties"]["PolicyDocument"]
            for r in data.values()
            if r["Type"] == "AWS::IAM::ManagedPolicy" and {"Ref": role} in r["Properties"]["Roles"]
        ]
        env = {e["name"]: e["value"] for e in pod["containers"][0]["env"]}
        granted = {
            json.dumps(s["Resource"]) for s in policy["Statement"] if s.get("Sid") == "OwnTable"
        }
        assert granted == {json.dumps({"Fn::GetAtt": [tables[env["CHARIOT_TABLE_NAME"]], "Arn"]})}


def test_security_group_policies_use_the_deployed_groups(deploy: Deploy) -> None:
    policies = {p["metadata"]["name"]: p for p in deploy.of_kind("SecurityGroupPolicy")}
    assert set(policies) == set(deploy.spec.security.pod_security_groups)
    from chariot.spec.platform_names import camel

    for name, policy in policies.items():
        assert policy["spec"]["securityGroups"]["groupIds"] == [
            deploy.output(f"PodSecurityGroup{camel(name)}Id"),
            deploy.output("ClusterSecurityGroupId"),
        ]
        pods = [
            d["spec"]["template"]["metadata"]["labels"]
            for d in deploy.of_kind("Deployment")
            if d["metadata"]["namespace"] == policy["metadata"]["namespace"]
        ]
        assert any(_is_subset(policy["spec"]["podSelector"]["matchLabels"], p) for p in pods)
