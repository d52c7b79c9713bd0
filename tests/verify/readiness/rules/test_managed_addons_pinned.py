"""Every managed add-on states its version; vpc-cni, CoreDNS and kube-proxy must."""

from __future__ import annotations

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "managed-addons-pinned"


def test_a_pinned_addon_passes(spec: PlatformSpec) -> None:
    addon = resource("AWS::EKS::Addon", AddonName="coredns", AddonVersion="v1.14.2-eksbuild.4")
    assert results(RULE, platform(spec, template("cluster", {"CoreDns": addon}))) == []


def test_an_unpinned_core_addon_is_an_error(spec: PlatformSpec) -> None:
    addon = resource("AWS::EKS::Addon", AddonName="kube-proxy")
    (found,) = results(RULE, platform(spec, template("cluster", {"KubeProxy": addon})))
    assert isinstance(found, Violation)
    assert found.severity == "error"
    assert "add-on kube-proxy has no AddonVersion" in found.reason
    assert "must move with each Kubernetes upgrade" in found.reason


def test_an_unpinned_other_addon_is_a_warning(spec: PlatformSpec) -> None:
    addon = resource("AWS::EKS::Addon", AddonName="metrics-server")
    (found,) = results(RULE, platform(spec, template("cluster", {"Metrics": addon})))
    assert isinstance(found, Violation)
    assert found.severity == "warning"
