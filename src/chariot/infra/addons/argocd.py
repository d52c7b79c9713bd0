"""Argo CD: keeps the cluster at the manifests `chariot synth` rendered (`dist/<env>/k8s`), as
committed to the repository `cluster.gitops` names, so a merged pull request is what runs.

People reach it only through the cluster's own access (`cluster.admins`, EKS access entries):
the local admin user and Dex are off and the server has no load balancer, so the UI and CLI run
in "core" mode on the admin's machine with their kubeconfig
(https://argo-cd.readthedocs.io/en/stable/operator-manual/core/). One Application syncs the
folder (a kustomization, which Argo CD detects) with automated sync, prune and self-heal from
the spec.
"""

from __future__ import annotations

from typing import Any, ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec.dr_region import in_dr_region
from chariot.spec.model import GitOps, PlatformSpec
from chariot.spec.platform_names import KUBERNETES_DIR

NAMESPACE = "argocd"
RELEASE = "argo-cd"
# The argo-helm chart (Argo CD 3.x); 9.5.4 published April 2026
# (https://artifacthub.io/packages/helm/argo/argo-cd).
CHART_VERSION = "9.5.4"
REPOSITORY = "https://argoproj.github.io/argo-helm"
IN_CLUSTER = "https://kubernetes.default.svc"


def source_path(spec: PlatformSpec, gitops: GitOps) -> str:
    """The folder Argo CD follows: the environment's manifests, and on the DR cluster their DR
    rendering beside them (`<folder>-<dr_region>`, as `chariot synth` writes it), so the
    standby runs the same services from the same repository."""
    folder = gitops.path or f"dist/{spec.environment}/{KUBERNETES_DIR}"
    return f"{folder}-{spec.region}" if in_dr_region(spec) else folder


def application(spec: PlatformSpec, gitops: GitOps) -> dict[str, Any]:
    """The Application that syncs the environment's manifests into this cluster. No deletion
    finalizer: removing Argo CD leaves the services running."""
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {"name": f"{spec.name}-{spec.environment}", "namespace": NAMESPACE},
        "spec": {
            "project": "default",
            "source": {
                "repoURL": gitops.repository,
                "targetRevision": gitops.revision,
                "path": source_path(spec, gitops),
            },
            "destination": {"server": IN_CLUSTER},
            "syncPolicy": {
                "automated": {"prune": gitops.prune, "selfHeal": gitops.self_heal},
                # Retries with backoff cover CRD-backed objects applied before their
                # controllers' webhooks answer (a fresh cluster).
                "retry": {
                    "limit": 5,
                    "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"},
                },
            },
        },
    }


class ArgoCd:
    name: ClassVar[str] = "argocd"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.argocd)
    # The manifests it applies use Istio's, the VPA's and the load balancer controller's CRDs.
    after: ClassVar[tuple[str, ...]] = (
        "istio",
        "vertical-pod-autoscaler",
        "aws-load-balancer-controller",
    )

    def enabled(self, spec: PlatformSpec) -> bool:
        return spec.cluster.gitops is not None

    def release(self, ctx: AddonContext) -> HelmRelease:
        return HelmRelease(
            release=RELEASE,
            chart="argo-cd",
            repository=REPOSITORY,
            version=ctx.version(RELEASE, CHART_VERSION),
            namespace=NAMESPACE,
            values={
                # Upstream's object names (argocd-server, argocd-application-controller, ...),
                # which the CLI's core mode looks for.
                "fullnameOverride": "argocd",
                "dex": {"enabled": False},
                "notifications": {"enabled": False},
                "configs": {"cm": {"admin.enabled": False}},
                # Requests from the footprint catalog, which the capacity plan reads too.
                "controller": {"resources": {"requests": footprints.ARGOCD_CONTROLLER.requests()}},
                "repoServer": {"resources": {"requests": footprints.ARGOCD_REPO_SERVER.requests()}},
                "redis": {"resources": {"requests": footprints.ARGOCD_REDIS.requests()}},
                "server": {
                    "service": {"type": "ClusterIP"},
                    "resources": {"requests": footprints.ARGOCD_SERVER.requests()},
                },
            },
            wait=True,  # the Application CRD must exist before the Application is applied
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        gitops = ctx.spec.cluster.gitops
        if gitops is None:  # pragma: no cover - enabled() guards
            raise ValueError("cluster.gitops is not set")
        chart = ctx.helm(self.release(ctx))
        app = ctx.manifest("Application", application(ctx.spec, gitops))
        app.node.add_dependency(chart)
        return [chart, app]
