"""The kubectl layer follows the cluster's Kubernetes version."""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack

from chariot.infra.eks.kubectl import KubectlLayerMissingError, kubectl_layer


def test_layer_for_the_spec_version() -> None:
    from aws_cdk.lambda_layer_kubectl_v35 import KubectlV35Layer

    layer = kubectl_layer(Stack(App(), "probe"), "Layer", "1.35")
    assert isinstance(layer, KubectlV35Layer)


def test_a_version_without_its_layer_package_is_a_clear_error() -> None:
    with pytest.raises(KubectlLayerMissingError, match="aws-cdk-lambda-layer-kubectl-v99"):
        kubectl_layer(Stack(App(), "probe"), "Layer", "1.99")
