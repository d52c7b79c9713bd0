"""The CRD schemas shipped in the package: one folder per upstream source with its provenance,
no documentation text, every kind chariot renders or applies, and the same versions as the Helm
charts the synthesized add-ons install."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chariot.k8s.validate.crd_import import DOCUMENTATION, SCHEMA_LISTS
from chariot.k8s.validate.crd_sources import SOURCES, stale_sources
from chariot.k8s.validate.crds import catalog
from chariot.k8s.validate.settings import PROVENANCE, SHIPPED_DIR
from tests.conftest import Synthesized
from tests.infra.cfn import releases


def _provenance(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHIPPED_DIR / name / PROVENANCE).read_text())
    return data


def test_one_folder_per_source_with_its_provenance() -> None:
    assert sorted(p.name for p in SHIPPED_DIR.iterdir() if p.is_dir()) == sorted(
        s.name for s in SOURCES
    )
    for source in SOURCES:
        provenance = _provenance(source.name)
        assert provenance["repository"] == f"https://github.com/{source.repository}"
        assert provenance["tag"] == source.tag
        assert provenance["app_version"] == source.app_version
        assert [f["path"] for f in provenance["files"]] == list(source.files.values())
        assert all(len(f["sha256"]) == 64 for f in provenance["files"])
        listed = {name for f in provenance["files"] for name in f["crds"]}
        shipped = {
            json.loads(p.read_text())["metadata"]["name"]
            for p in (SHIPPED_DIR / source.name).glob("*.json")
            if p.name != PROVENANCE
        }
        assert shipped == listed, source.name


def _documentation(node: Any, path: str) -> list[str]:
    if not isinstance(node, dict):
        return []
    found = [f"{path}.{key}" for key in DOCUMENTATION if key in node]
    for name, child in node.get("properties", {}).items():
        found += _documentation(child, f"{path}.{name}")
    for key in ("items", "additionalProperties", "not"):
        found += _documentation(node.get(key), f"{path}[{key}]")
    for key in SCHEMA_LISTS:
        for index, child in enumerate(node.get(key, [])):
            found += _documentation(child, f"{path}.{key}[{index}]")
    return found


def test_no_description_text_is_shipped() -> None:
    found = []
    for versions in catalog(SHIPPED_DIR).kinds.values():
        for crd in versions.values():
            found += _documentation(crd.schema, f"{crd.kind}/{crd.version}")
    assert found == []


# Every custom kind chariot writes: the manifests (Istio, VPA, SecurityGroupPolicy), the add-ons
# (Karpenter) and the edge stack (TargetGroupBinding).
RENDERED = [
    ("networking.istio.io", "Gateway", "v1"),
    ("networking.istio.io", "VirtualService", "v1"),
    ("networking.istio.io", "DestinationRule", "v1"),
    ("security.istio.io", "AuthorizationPolicy", "v1"),
    ("security.istio.io", "PeerAuthentication", "v1"),
    ("security.istio.io", "RequestAuthentication", "v1"),
    ("autoscaling.k8s.io", "VerticalPodAutoscaler", "v1"),
    ("vpcresources.k8s.aws", "SecurityGroupPolicy", "v1beta1"),
    ("karpenter.sh", "NodePool", "v1"),
    ("karpenter.sh", "NodeClaim", "v1"),
    ("karpenter.k8s.aws", "EC2NodeClass", "v1"),
    ("elbv2.k8s.aws", "TargetGroupBinding", "v1beta1"),
]


@pytest.mark.parametrize(("group", "kind", "version"), RENDERED)
def test_every_rendered_kind_is_shipped_and_served(group: str, kind: str, version: str) -> None:
    versions = catalog(SHIPPED_DIR).lookup(group, kind)
    assert versions is not None
    assert versions[version].served
    assert versions[version].schema.get("properties", {}).get("spec") is not None


@pytest.mark.synth
@pytest.mark.parametrize("environment", ["prod", "staging", "dev"])
def test_shipped_versions_are_the_versions_the_add_ons_install(
    synthesized: dict[str, Synthesized], environment: str
) -> None:
    """The chart each source's CRDs come with, as synthesized (so `cluster.helm_versions`
    overrides count), is the chart version the provenance names."""
    installed = releases(synthesized[environment].json("addons"))
    for source in SOURCES:
        provenance = _provenance(source.name)
        if provenance["installed_by"] == "EKS":
            continue
        wanted = provenance["installed_by"]
        if wanted["release"] not in installed:
            continue  # not installed here (Karpenter off): nothing to disagree with
        release = installed[wanted["release"]]
        assert release.version == wanted["chart_version"], (environment, source.name)
    vpa = installed["vertical-pod-autoscaler"].values["recommender"]["image"]["tag"]
    assert vpa == _provenance("vertical-pod-autoscaler")["app_version"]


@pytest.mark.parametrize(
    ("helm_versions", "stale"),
    [
        ({}, []),
        ({"prometheus-adapter": "5.2.0"}, []),  # no shipped CRDs come with that chart
        ({"istio": "1.30.3", "karpenter": "1.14.1"}, []),  # the shipped versions, named
        ({"istio": "1.31.0"}, ["cluster.helm_versions.istio: 1.31.0 installs other istio"]),
        ({"istio": "1.31.0", "istio-base": "1.30.3"}, []),  # the CRD chart's own key wins
        ({"karpenter": "1.15.0"}, ["cluster.helm_versions.karpenter: 1.15.0"]),
    ],
)
def test_a_spec_that_installs_other_crds_is_named(
    helm_versions: dict[str, str], stale: list[str]
) -> None:
    found = stale_sources(helm_versions)
    assert len(found) == len(stale)
    for sentence, start in zip(found, stale, strict=True):
        assert sentence.startswith(start)
        assert "validate with --crds" in sentence
