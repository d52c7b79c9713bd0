"""The contract every platform add-on implements, and the context it installs into.

An add-on is one file: a class with a `name`, the add-ons it must come `after`, its `footprint`
(the entry of `chariot.spec.footprints` that sizes its pods), whether the spec `enabled` it, and
`install(ctx)`, which returns the constructs later add-ons wait for. Helm
releases are described as data (`HelmRelease`: chart, repository, pinned version, namespace,
values) so each add-on's chart and version are visible in one place; the spec may override a
version by release name (`cluster.helm_versions`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, cast

from aws_cdk import Duration, Stack
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.irsa import IrsaRole
from chariot.infra.eks.nag import wildcard_findings
from chariot.infra.eks.pod_identity import PodIdentity
from chariot.infra.shared import Shared
from chariot.spec.footprints import FootprintOf
from chariot.spec.model import PlatformSpec

# `helm --wait` runs inside the kubectl provider's handler Lambda, which Lambda stops after 900 s
# (its maximum, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html); a wait
# that long kills the handler before it answers CloudFormation. 12 minutes leaves 3 to report a
# failed install (readiness rule waits-below-handler-timeout).
HELM_WAIT = Duration.minutes(12)

# The label EKS puts on Fargate's virtual nodes.
FARGATE_NODE_LABEL = "eks.amazonaws.com/compute-type"


def off_fargate() -> dict[str, Any]:
    """Node affinity that keeps a DaemonSet's pods off Fargate nodes: Fargate runs no
    DaemonSets, and charts that tolerate every NoSchedule taint would otherwise target them."""
    term = {"key": FARGATE_NODE_LABEL, "operator": "NotIn", "values": ["fargate"]}
    return {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [term]}]
            }
        }
    }


@dataclass(frozen=True)
class HelmRelease:
    """One Helm release: which chart, from where, at which pinned version, into which namespace."""

    release: str
    chart: str
    repository: str
    version: str
    namespace: str
    values: Mapping[str, Any] = field(default_factory=dict)
    wait: bool = False


@dataclass(frozen=True)
class IngressGateway:
    """Where the Istio ingress gateway runs, for the edge stack's TargetGroupBinding (IP targets).

    `installed` is what a binding must wait for: the gateway release, which itself is installed
    after the load balancer controller (whose CRD TargetGroupBinding is).
    """

    namespace: str
    service: str
    http_port: int
    https_port: int
    pod_labels: Mapping[str, str]
    installed: Sequence[Construct]


@dataclass
class AddonContext:
    """What an add-on may use: its own construct scope, the spec, the cluster, shared resources."""

    scope: Construct
    spec: PlatformSpec
    cluster: eks.Cluster
    shared: Shared

    @property
    def icluster(self) -> eks.ICluster:
        """The cluster as jsii's ICluster (its protocol lists a member the Cluster stub lacks)."""
        return cast("eks.ICluster", self.cluster)

    @property
    def stack(self) -> Stack:
        return Stack.of(self.scope)

    def arn(self, service: str, resource: str) -> str:
        """An ARN in this account and region for `service`, e.g. ('sqs', 'my-queue')."""
        stack = self.stack
        return f"arn:{stack.partition}:{service}:{stack.region}:{stack.account}:{resource}"

    def version(self, release: str, default: str) -> str:
        """The pinned chart version, unless the spec overrides it for `release`."""
        return self.spec.cluster.helm_versions.get(release, default)

    def helm(self, release: HelmRelease) -> eks.HelmChart:
        return eks.HelmChart(
            self.scope,
            release.release,
            cluster=self.icluster,
            release=release.release,
            chart=release.chart,
            repository=release.repository,
            version=release.version,
            namespace=release.namespace,
            create_namespace=True,
            values=dict(release.values),
            wait=release.wait,
            timeout=HELM_WAIT if release.wait else None,
        )

    def manifest(self, id: str, *objects: Mapping[str, Any]) -> eks.KubernetesManifest:
        return eks.KubernetesManifest(
            self.scope,
            id,
            cluster=self.icluster,
            manifest=[dict(o) for o in objects],
            overwrite=True,
        )

    def on_fargate(self, namespace: str) -> bool:
        """Every pod of `namespace` runs on Fargate (a profile selects it without labels)."""
        return any(
            selector.namespace == namespace and not selector.labels
            for profile in self.spec.cluster.fargate_profiles
            for selector in profile.selectors
        )

    def workload_identity(
        self,
        id: str,
        *,
        namespace: str,
        service_account: str,
        statements: Sequence[iam.PolicyStatement],
        wildcard_reason: str | None = None,
    ) -> WorkloadIdentity:
        """Pod Identity on EC2 nodes; IRSA where the namespace runs on Fargate (Fargate cannot
        run the Pod Identity agent)."""
        if not self.on_fargate(namespace):
            identity = self.pod_identity(
                id,
                namespace=namespace,
                service_account=service_account,
                statements=statements,
                wildcard_reason=wildcard_reason,
            )
            return WorkloadIdentity(identity, identity.role, {})
        irsa = IrsaRole(
            self.scope,
            id,
            provider=self.shared.get("cluster-oidc-provider", eks.OidcProviderNative),
            namespace=namespace,
            service_account=service_account,
            statements=statements,
        )
        self._acknowledge_wildcards(id, irsa.policy, statements, wildcard_reason)
        return WorkloadIdentity(irsa, irsa.role, irsa.annotations)

    def _acknowledge_wildcards(
        self,
        id: str,
        policy: Construct | None,
        statements: Sequence[iam.PolicyStatement],
        wildcard_reason: str | None,
    ) -> None:
        findings = wildcard_findings(self.stack, statements, wildcard_reason or "")
        if findings and policy is not None:
            if not wildcard_reason:
                raise ValueError(f"{id}: wildcard permissions need a wildcard_reason")
            acknowledge(policy, findings)

    def pod_identity(
        self,
        id: str,
        *,
        namespace: str,
        service_account: str,
        statements: Sequence[iam.PolicyStatement],
        wildcard_reason: str | None = None,
    ) -> PodIdentity:
        """A Pod Identity role for one service account with exactly `statements`.

        Wildcards that remain (APIs without resource-level permissions, resources named by the
        controller at run time) must be explained in `wildcard_reason`.
        """
        identity = PodIdentity(
            self.scope,
            id,
            cluster=self.cluster,
            namespace=namespace,
            service_account=service_account,
            statements=statements,
        )
        self._acknowledge_wildcards(id, identity.policy, statements, wildcard_reason)
        return identity


@dataclass(frozen=True)
class WorkloadIdentity:
    """The role a controller runs as, and the annotations its service account needs (IRSA)."""

    construct: Construct
    role: iam.IRole
    service_account_annotations: Mapping[str, str]


class Addon(Protocol):
    """One platform add-on: one file, one class, one line in the registry."""

    name: ClassVar[str]
    after: ClassVar[tuple[str, ...]]
    # Its entry in chariot.spec.footprints: the pods the capacity plan sizes for it.
    footprint: ClassVar[FootprintOf]

    def enabled(self, spec: PlatformSpec) -> bool: ...

    def install(self, ctx: AddonContext) -> list[Construct]: ...
