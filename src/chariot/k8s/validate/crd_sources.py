"""The upstream CRD files whose schemas chariot ships, one entry per project at one pinned tag.

Each entry says where the files come from (repository, tag, path) and what installs those CRDs
in the cluster (a Helm release at a chart version, or EKS itself), so a test can hold the
shipped schemas and the add-ons' pinned charts to the same versions. `chariot crds import DIR`
reads `DIR/<local file>` for each entry and regenerates `crd_schemas/<name>/`.

To move a project to a new version: change its entry here and the add-on's chart version,
download the files at the new tag into a folder under the local names, run `chariot crds import`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CrdSource:
    name: str  # the folder under crd_schemas/
    repository: str  # owner/name on GitHub
    tag: str
    files: dict[str, str]  # local file name in the import folder -> path at the tag upstream
    app_version: str  # the release of the project these CRDs belong to
    release: str | None  # the Helm release that installs them; None when EKS does
    chart_version: str | None
    license: str = "Apache-2.0"  # of every project listed here
    # `cluster.helm_versions` keys that change the chart installing these CRDs, most specific
    # first (Istio's charts follow the `istio` key unless one names a chart's own release).
    overridden_by: tuple[str, ...] = ()

    def url(self, path: str) -> str:
        return f"https://raw.githubusercontent.com/{self.repository}/{self.tag}/{path}"


KARPENTER_CRDS = "pkg/apis/crds"

SOURCES = [
    CrdSource(
        name="istio",
        repository="istio/istio",
        tag="1.30.3",
        files={"istio-1.30.3.yaml": "manifests/charts/base/files/crd-all.gen.yaml"},
        app_version="1.30.3",
        release="istio-base",
        chart_version="1.30.3",
        overridden_by=("istio-base", "istio"),
    ),
    CrdSource(
        name="vertical-pod-autoscaler",
        repository="kubernetes/autoscaler",
        tag="vertical-pod-autoscaler/v1.7.1",
        files={"vpa-1.7.1.yaml": "vertical-pod-autoscaler/deploy/vpa-v1-crd-gen.yaml"},
        app_version="1.7.1",
        release="vertical-pod-autoscaler",
        chart_version="0.8.0",
        overridden_by=("vertical-pod-autoscaler",),
    ),
    CrdSource(
        name="karpenter",
        repository="aws/karpenter-provider-aws",
        tag="v1.14.1",
        files={
            f"karpenter-1.14.1-{file}": f"{KARPENTER_CRDS}/{file}"
            for file in (
                "karpenter.sh_nodepools.yaml",
                "karpenter.sh_nodeclaims.yaml",
                "karpenter.k8s.aws_ec2nodeclasses.yaml",
            )
        },
        app_version="1.14.1",
        release="karpenter",
        chart_version="1.14.1",
        overridden_by=("karpenter",),
    ),
    CrdSource(
        name="aws-load-balancer-controller",
        repository="kubernetes-sigs/aws-load-balancer-controller",
        tag="v2.17.1",
        files={
            "aws-load-balancer-controller-v2.17.1.yaml": (
                "helm/aws-load-balancer-controller/crds/crds.yaml"
            )
        },
        app_version="2.17.1",
        release="aws-load-balancer-controller",
        chart_version="1.17.1",
        overridden_by=("aws-load-balancer-controller",),
    ),
    # SecurityGroupPolicy: the VPC resource controller runs in the EKS control plane, which
    # installs this CRD (https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html).
    CrdSource(
        name="vpc-resource-controller",
        repository="aws/amazon-vpc-resource-controller-k8s",
        tag="v1.7.19",
        files={
            "vpc-resource-controller-v1.7.19-securitygrouppolicies.yaml": (
                "config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml"
            )
        },
        app_version="1.7.19",
        release=None,
        chart_version=None,
    ),
]


def stale_sources(
    helm_versions: Mapping[str, str], sources: list[CrdSource] = SOURCES
) -> list[str]:
    """One sentence per source whose CRDs the spec installs from another chart version than the
    shipped schemas come from: manifests validated against them are not validated against what
    the cluster will serve."""
    stale = []
    for source in sources:
        key = next((k for k in source.overridden_by if k in helm_versions), None)
        if key is not None and helm_versions[key] != source.chart_version:
            stale.append(
                f"cluster.helm_versions.{key}: {helm_versions[key]} installs other {source.name} "
                f"CRDs than the shipped schemas (chart {source.chart_version}, {source.tag}); "
                f"validate with --crds and that release's CRD files"
            )
    return stale
