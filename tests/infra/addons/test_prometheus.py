"""Prometheus: the store KEDA queries for requests per second, on an encrypted gp3 volume."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.prometheus import SERVER_URL
from tests.infra.cfn import releases

pytestmark = pytest.mark.synth


def test_chart_and_persistent_server(synthesized: dict[str, Any]) -> None:
    release = releases(synthesized["prod"].json("addons"))["prometheus"]
    assert (release.chart, release.version, release.namespace) == (
        "prometheus",
        "29.27.0",
        "monitoring",
    )
    server = release.values["server"]
    assert server["persistentVolume"]["storageClass"] == "gp3"
    assert release.values["alertmanager"] == {"enabled": False}


def test_dev_keeps_less(synthesized: dict[str, Any]) -> None:
    prod = releases(synthesized["prod"].json("addons"))["prometheus"].values["server"]
    dev = releases(synthesized["dev"].json("addons"))["prometheus"].values["server"]
    assert prod["persistentVolume"]["size"] == "50Gi"
    assert dev["persistentVolume"]["size"] == "10Gi"


def test_server_url_names_the_release_service() -> None:
    assert SERVER_URL == "http://prometheus-server.monitoring.svc.cluster.local:80"
