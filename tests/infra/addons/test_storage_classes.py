"""The default gp3 StorageClass: encrypted, through the EBS CSI driver."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.storage_classes import gp3_class
from tests.infra.cfn import manifests

pytestmark = pytest.mark.synth


def test_default_class_is_encrypted_gp3(synthesized: dict[str, Any]) -> None:
    (storage_class,) = [
        o for o in manifests(synthesized["prod"].json("addons")) if o["kind"] == "StorageClass"
    ]
    assert storage_class["provisioner"] == "ebs.csi.aws.com"
    assert storage_class["parameters"]["encrypted"] == "true"
    assert storage_class["parameters"]["type"] == "gp3"
    annotations = storage_class["metadata"]["annotations"]
    assert annotations["storageclass.kubernetes.io/is-default-class"] == "true"


def test_waits_for_the_consumer_zone() -> None:
    assert gp3_class()["volumeBindingMode"] == "WaitForFirstConsumer"
