"""The pod-eni-probes rule: pod ENIs need DISABLE_TCP_EARLY_DEMUX for the kubelet's probes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def _cni(data: dict[str, Any]) -> dict[str, Any]:
    addon: dict[str, Any] = next(a for a in data["cluster"]["addons"] if a["name"] == "vpc-cni")
    return addon


def test_pod_eni_with_early_demux_off_passes(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    spec = load(tmp_path, spec_data)
    cni = next(a for a in spec.cluster.addons if a.name == "vpc-cni")
    assert cni.configuration["init"]["env"]["DISABLE_TCP_EARLY_DEMUX"] == "true"


def test_pod_eni_without_the_flag_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    del _cni(data)["configuration"]["init"]
    (line,) = problems(tmp_path, data)
    assert "cluster.addons[0].configuration.init.env.DISABLE_TCP_EARLY_DEMUX" in line
    assert "sets ENABLE_POD_ENI but not init.env.DISABLE_TCP_EARLY_DEMUX" in line


def test_no_pod_eni_needs_no_flag(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    config = _cni(data)["configuration"]
    del config["init"]
    config["env"]["ENABLE_POD_ENI"] = "false"
    data["security"]["pod_security_groups"] = []
    load(tmp_path, data)
