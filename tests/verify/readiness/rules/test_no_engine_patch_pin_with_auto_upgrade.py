"""A Neptune engine pinned to a patch version has automatic minor upgrades off."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "no-engine-patch-pin-with-auto-upgrade"


def _platform(spec: PlatformSpec, version: str, auto: bool) -> Any:
    cluster = resource("AWS::Neptune::DBCluster", EngineVersion=version)
    instance = resource(
        "AWS::Neptune::DBInstance",
        DBClusterIdentifier={"Ref": "Graph"},
        AutoMinorVersionUpgrade=auto,
    )
    return platform(spec, template("data", {"Graph": cluster, "GraphInstance1": instance}))


def test_a_patch_pin_without_auto_upgrade_passes(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, "1.4.5.1", auto=False)) == []


def test_a_patch_pin_with_auto_upgrade_fails(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, "1.4.5.1", auto=True))
    assert isinstance(found, Violation)
    assert "pins engine 1.4.5.1" in found.reason


def test_a_major_pin_may_upgrade_itself(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, "1.4", auto=True)) == []
