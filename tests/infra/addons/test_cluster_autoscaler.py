"""cluster-autoscaler, the spec's alternative to Karpenter (synthesized in the variant spec)."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.cluster_autoscaler import IMAGE_TAGS, image_tag
from tests.infra.cfn import as_list, pod_identity_policy, releases


def test_not_installed_when_karpenter_is_chosen(synthesized: dict[str, Any]) -> None:
    assert "cluster-autoscaler" not in releases(synthesized["prod"].json("addons"))


@pytest.mark.synth
def test_image_from_registry_k8s_io_matching_the_cluster(variant: Any) -> None:
    values = releases(variant.json("addons"))["cluster-autoscaler"].values
    assert values["image"] == {
        "repository": "registry.k8s.io/autoscaling/cluster-autoscaler",
        "tag": "v1.35.1",
    }


@pytest.mark.synth
def test_seed_flags(variant: Any) -> None:
    args = releases(variant.json("addons"))["cluster-autoscaler"].values["extraArgs"]
    assert args["expander"] == "least-waste"
    assert args["balance-similar-node-groups"] is True
    assert args["scale-down-delay-after-add"] == "10m"
    assert args["scale-down-unneeded-time"] == "10m"
    assert args["max-node-provision-time"] == "15m"


@pytest.mark.synth
def test_auto_discovery_matches_the_tags_eks_puts_on_node_group_asgs(variant: Any) -> None:
    values = releases(variant.json("addons"))["cluster-autoscaler"].values
    name = variant.spec.cluster.name
    assert values["autoDiscovery"] == {
        "clusterName": name,
        "tags": ["k8s.io/cluster-autoscaler/enabled", f"k8s.io/cluster-autoscaler/{name}"],
    }
    owned = {
        g["Properties"]["NodegroupName"]: g["Properties"]
        .get("Tags", {})
        .get(f"k8s.io/cluster-autoscaler/{name}")
        for g in variant.resources("cluster", "AWS::EKS::Nodegroup").values()
    }
    # Only autoscaled pools: the scheduled on-demand group has one owner, its schedule.
    assert owned == {"spot-workers": "owned", "on-demand-workers": None}


@pytest.mark.synth
def test_scaling_is_limited_to_this_clusters_groups(variant: Any) -> None:
    statements = pod_identity_policy(
        variant.json("addons"), "cluster-autoscaler", "cluster-autoscaler"
    )
    scale = next(s for s in statements if "autoscaling:SetDesiredCapacity" in as_list(s["Action"]))
    name = variant.spec.cluster.name
    assert scale["Condition"] == {
        "StringEquals": {f"aws:ResourceTag/k8s.io/cluster-autoscaler/{name}": "owned"}
    }


def test_every_supported_version_has_an_image() -> None:
    assert all(tag.startswith(f"v{minor}.") for minor, tag in IMAGE_TAGS.items())
    with pytest.raises(ValueError, match=r"1\.29"):
        image_tag("1.29")
