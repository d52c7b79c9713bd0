"""What a cross-object rule sees: every object parsed, indexed, with the helpers rules share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from chariot.k8s.validate.documents import Document
from chariot.k8s.validate.findings import Severity
from chariot.spec.model import PlatformSpec

DEFAULT_NAMESPACE = "default"
CLUSTER_SCOPED_KINDS = frozenset(
    {
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
        "StorageClass", "CustomResourceDefinition", "PriorityClass", "IngressClass",
        "RuntimeClass", "APIService", "CSIDriver", "CSINode", "VolumeAttachment",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "CertificateSigningRequest", "NodePool", "NodeClaim", "EC2NodeClass",
    }
)  # fmt: skip
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod")
MESH_INJECTION_LABELS = ("istio-injection", "istio.io/rev")

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Obj:
    """One Kubernetes object and where it came from."""

    document: Document
    data: dict[str, Any]
    api_version: str
    kind: str
    name: str
    namespace: str  # "" for cluster-scoped kinds

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    @property
    def label(self) -> str:
        name = self.name or "<unnamed>"
        return f"{self.kind} {self.namespace}/{name}" if self.namespace else f"{self.kind} {name}"

    def get(self, *path: str | int) -> Any:
        """The value at `path`, or None when any step is missing or of the wrong shape."""
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return None
            elif not isinstance(node, dict):
                return None
            node = node[part] if isinstance(part, int) else node.get(part)
        return node


@dataclass(frozen=True)
class Workload:
    """A pod-producing object and the labels / identity of the pods it makes."""

    obj: Obj
    pod_labels: dict[str, str]
    template_path: FieldPath
    service_account: str

    @property
    def pod_spec(self) -> dict[str, Any]:
        spec = self.obj.get(*self.template_path, "spec")
        return spec if isinstance(spec, dict) else {}


@dataclass(frozen=True)
class FargateSelector:
    profile: str
    namespace: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NodePoolInfo:
    """A node pool's labels and taints, as the spec declares them."""

    name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    taints: tuple[tuple[str, str, str], ...] = ()  # (key, value, effect)


@dataclass(frozen=True)
class RuleContext:
    """What the objects alone do not say: the spec's Fargate profiles, meshed namespaces and
    node pools."""

    fargate_selectors: tuple[FargateSelector, ...] = ()
    meshed_namespaces: frozenset[str] = frozenset()
    node_pools: tuple[NodePoolInfo, ...] = ()

    @classmethod
    def for_spec(cls, spec: PlatformSpec) -> RuleContext:
        selectors = tuple(
            FargateSelector(profile.name, selector.namespace, dict(selector.labels))
            for profile in spec.cluster.fargate_profiles
            for selector in profile.selectors
        )
        pools = tuple(
            NodePoolInfo(
                pool.name,
                dict(pool.labels),
                tuple((t.key, t.value, t.effect.value) for t in pool.taints),
            )
            for pool in spec.cluster.node_pools
        )
        return cls(selectors, frozenset(spec.meshed_namespaces), pools)


@dataclass(frozen=True)
class Violation:
    obj: Obj
    path: FieldPath
    reason: str
    severity: Severity = "error"


def labels_of(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _expression_holds(expression: dict[str, Any], labels: Mapping[str, str]) -> bool:
    key, operator = expression.get("key"), expression.get("operator")
    values = expression.get("values") or []
    value = labels.get(str(key))
    holds = {
        "In": value is not None and value in values,
        "NotIn": value is None or value not in values,
        "Exists": value is not None,
        "DoesNotExist": value is None,
    }
    return holds.get(str(operator), False)


def selector_matches(selector: Any, labels: Mapping[str, str]) -> bool:
    """A LabelSelector (matchLabels + matchExpressions) against a label set; {} selects all."""
    if not isinstance(selector, dict):
        return False
    wanted = labels_of(selector.get("matchLabels"))
    if any(labels.get(key) != value for key, value in wanted.items()):
        return False
    return all(_expression_holds(e, labels) for e in selector.get("matchExpressions") or [])


def plain_selector_matches(selector: Any, labels: Mapping[str, str]) -> bool:
    """A map selector (Service.spec.selector, Istio workloadSelector.labels)."""
    wanted = labels_of(selector)
    return bool(wanted) and all(labels.get(k) == v for k, v in wanted.items())


class Index:
    """All objects of one validation run, with lookups shared by the rules."""

    def __init__(self, objects: list[Obj], context: RuleContext) -> None:
        self.objects = objects
        self.context = context
        self.workloads = [w for w in (self._workload(o) for o in objects) if w is not None]
        # Lookups by key, so rules that look something up per object stay linear in the
        # number of objects (a catalog of 1000 services renders ~10 000 of them).
        self._by_identity: dict[tuple[str, str, str], Obj] = {}
        self._by_kind: dict[str, list[Obj]] = {}
        self._position = {id(obj): position for position, obj in enumerate(objects)}
        for obj in objects:
            self._by_identity.setdefault((obj.kind, obj.namespace, obj.name), obj)
            self._by_kind.setdefault(obj.kind, []).append(obj)
        self._workloads_by_namespace: dict[str, list[Workload]] = {}
        for workload in self.workloads:
            self._workloads_by_namespace.setdefault(workload.obj.namespace, []).append(workload)
        # Pod labels → workloads, and Service selector pairs → Services, per namespace: a
        # selector is then answered from the candidates sharing its first label, not by a scan.
        self._workloads_by_label: dict[tuple[str, str, str], list[Workload]] = {}
        for workload in self.workloads:
            for pair in workload.pod_labels.items():
                key = (workload.obj.namespace, *pair)
                self._workloads_by_label.setdefault(key, []).append(workload)
        self._services_by_selector_label: dict[tuple[str, str, str], list[Obj]] = {}
        for service in self._by_kind.get("Service", []):
            for pair in labels_of(service.get("spec", "selector")).items():
                key = (service.namespace, *pair)
                self._services_by_selector_label.setdefault(key, []).append(service)
        self._meshed: set[str] | None = None

    @staticmethod
    def _workload(obj: Obj) -> Workload | None:
        if obj.kind not in WORKLOAD_KINDS:
            return None
        if obj.kind == "Pod":
            path: FieldPath = ()
        elif obj.kind == "CronJob":
            path = ("spec", "jobTemplate", "spec", "template")
        else:
            path = ("spec", "template")
        labels = labels_of(obj.get(*path, "metadata", "labels"))
        account = obj.get(*path, "spec", "serviceAccountName") or "default"
        return Workload(obj, labels, path, str(account))

    def of_kind(self, *kinds: str) -> list[Obj]:
        """Objects of these kinds, in the order they were read."""
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], []))
        return [o for o in self.objects if o.kind in kinds]

    def find(self, kind: str, namespace: str, name: str) -> Obj | None:
        """The first object read with this kind, namespace and name."""
        return self._by_identity.get((kind, namespace, name))

    def workloads_in(self, namespace: str) -> list[Workload]:
        return list(self._workloads_by_namespace.get(namespace, []))

    def meshed_namespaces(self) -> set[str]:
        """Spec-declared, labelled for injection, or under a PeerAuthentication."""
        if self._meshed is None:
            self._meshed = self._find_meshed_namespaces()
        return set(self._meshed)

    def _find_meshed_namespaces(self) -> set[str]:
        meshed = set(self.context.meshed_namespaces)
        for obj in self.of_kind("Namespace"):
            labels = labels_of(obj.get("metadata", "labels"))
            if labels.get("istio-injection") == "enabled" or "istio.io/rev" in labels:
                meshed.add(obj.name)
            elif labels.get("istio-injection") == "disabled":
                meshed.discard(obj.name)
        meshed |= {o.namespace for o in self.of_kind("PeerAuthentication")}
        return meshed

    def is_meshed(self, workload: Workload) -> bool:
        if workload.obj.namespace not in self.meshed_namespaces():
            return False
        labels = workload.pod_labels
        annotations = labels_of(
            workload.obj.get(*workload.template_path, "metadata", "annotations")
        )
        inject = labels.get("sidecar.istio.io/inject", annotations.get("sidecar.istio.io/inject"))
        return inject != "false"

    def workloads_selected(self, namespace: str, selector: Any) -> list[Workload]:
        """Workloads of `namespace` whose pods a LabelSelector selects ({} selects all)."""
        if not isinstance(selector, dict):
            return []
        candidates = self._candidates(namespace, labels_of(selector.get("matchLabels")))
        return [w for w in candidates if selector_matches(selector, w.pod_labels)]

    def workloads_selected_plain(self, namespace: str, selector: Any) -> list[Workload]:
        """Workloads of `namespace` whose pods a map selector selects (empty selects none)."""
        wanted = labels_of(selector)
        if not wanted:
            return []
        candidates = self._candidates(namespace, wanted)
        return [w for w in candidates if plain_selector_matches(wanted, w.pod_labels)]

    def _candidates(self, namespace: str, wanted: dict[str, str]) -> list[Workload]:
        if not wanted:
            return self._workloads_by_namespace.get(namespace, [])
        return min(
            (self._workloads_by_label.get((namespace, *pair), []) for pair in wanted.items()),
            key=len,
        )

    def services_selecting(self, workload: Workload) -> list[Obj]:
        """Services of the workload's namespace whose selector matches its pods."""
        namespace, labels = workload.obj.namespace, workload.pod_labels
        found: dict[int, Obj] = {}
        for pair in labels.items():
            for service in self._services_by_selector_label.get((namespace, *pair), []):
                if plain_selector_matches(service.get("spec", "selector"), labels):
                    found[id(service)] = service
        return sorted(found.values(), key=lambda s: self._position[id(s)])

    def resolve_host(self, host: str, namespace: str) -> Obj | None:
        """An Istio host (short, `name.ns`, or the cluster FQDN) to the Service it names."""
        parts = host.split(".")
        if len(parts) == 1:
            return self.find("Service", namespace, parts[0])
        if len(parts) == 2 or host.endswith(".svc.cluster.local") or host.endswith(".svc"):
            return self.find("Service", parts[1], parts[0])
        return None


class Rule(Protocol):
    def __call__(self, index: Index) -> Iterator[Violation]: ...
