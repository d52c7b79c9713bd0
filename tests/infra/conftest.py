"""Fixtures for the infra tests: second syntheses with the spec's other choices.

prod and dev both choose Karpenter, a private endpoint, the http edge and no custom domain;
`variant` is prod with cluster-autoscaler, a restricted public endpoint, Graviton, a domain and
Argo CD, and `edge_modes` is prod with each edge mode, so those code paths are synthesized (and pass
cdk-nag) too. Each is built once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.spec.model import GitOps, PlatformSpec
from tests.conftest import ROOT, Synthesized

VARIANT_DOMAIN = "api.example.com"
VARIANT_ZONE = "example.com"
VARIANT_ZONE_ID = "Z0123456789ABC"
VARIANT_CIDRS = ["203.0.113.0/24"]
VARIANT_ADMIN = "arn:aws:iam::111122223333:role/platform-admins"
VARIANT_GITOPS = GitOps(repository="https://github.com/acme/platform-deploy.git")
# What `cdk synth` with credentials would have looked up and cached in cdk.json for the edge's
# certificate and alias records.
VARIANT_CONTEXT = {
    f"hosted-zone:account=111122223333:domainName={VARIANT_ZONE}:region=us-east-1": {
        "Id": f"/hostedzone/{VARIANT_ZONE_ID}",
        "Name": f"{VARIANT_ZONE}.",
    }
}
OTHER_EDGE_MODES = ("rest", "none")


def variant_spec(prod: PlatformSpec) -> PlatformSpec:
    cluster = prod.cluster.model_copy(
        update={
            "node_autoscaler": "cluster-autoscaler",
            "endpoint": prod.cluster.endpoint.model_copy(
                update={"public": True, "public_cidrs": VARIANT_CIDRS}
            ),
            "karpenter": prod.cluster.karpenter.model_copy(update={"graviton": True}),
            "helm_versions": {"prometheus-adapter": "5.2.0"},
            "admins": [VARIANT_ADMIN],
            "gitops": VARIANT_GITOPS,
        }
    )
    edge = prod.edge.model_copy(update={"domain_name": VARIANT_DOMAIN, "hosted_zone": VARIANT_ZONE})
    return prod.model_copy(update={"cluster": cluster, "edge": edge, "environment": "variant"})


@pytest.fixture(scope="session")
def variant(
    specs: dict[str, PlatformSpec], tmp_path_factory: pytest.TempPathFactory
) -> Synthesized:
    from chariot.infra.app import cdk_context, create_app

    spec = variant_spec(specs["prod"])
    out: Path = tmp_path_factory.mktemp("variant")
    create_app(spec, out, {**cdk_context(ROOT), **VARIANT_CONTEXT}).synth()  # cdk-nag included
    return Synthesized(out, spec)


def with_edge_mode(spec: PlatformSpec, mode: str) -> PlatformSpec:
    """prod with another API kind, keeping the header mappings that kind accepts (the rest API
    request headers only, no API nothing: the edge-parameter-mapping rule)."""
    mapping = spec.edge.parameter_mapping
    if mode == "rest":
        mapping = type(mapping)(set_request_headers=mapping.set_request_headers)
    elif mode == "none":
        mapping = type(mapping)()
    edge = spec.edge.model_copy(update={"api_gateway": mode, "parameter_mapping": mapping})
    return spec.model_copy(update={"edge": edge})


@pytest.fixture(scope="session")
def edge_modes(
    specs: dict[str, PlatformSpec],
    synthesized: dict[str, Synthesized],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Synthesized]:
    """prod with each edge mode: `http` is prod as written, `rest` and `none` synthesized here
    (cdk-nag included), so every mode must pass the same checks."""
    from chariot.infra.synthesis import synthesize

    out = tmp_path_factory.mktemp("edge-modes")
    result = {"http": synthesized["prod"]}
    for mode in OTHER_EDGE_MODES:
        spec = with_edge_mode(specs["prod"], mode)
        synthesize(spec, out / mode, ROOT)
        result[mode] = Synthesized(out / mode, spec)
    return result
