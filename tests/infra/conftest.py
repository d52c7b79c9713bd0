"""Fixtures for the infra tests: a second synthesis with the spec's other choices.

prod and dev both choose Karpenter, a private endpoint and no custom domain; `variant` is prod
with cluster-autoscaler, a restricted public endpoint, Graviton and a domain, so those code paths
are synthesized (and pass cdk-nag) too. Built once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.spec.model import PlatformSpec
from tests.conftest import ROOT, Synthesized

VARIANT_DOMAIN = "api.example.com"
VARIANT_ZONE = "example.com"
VARIANT_CIDRS = ["203.0.113.0/24"]
VARIANT_ADMIN = "arn:aws:iam::111122223333:role/platform-admins"


def variant_spec(prod: PlatformSpec) -> PlatformSpec:
    cluster = prod.cluster.model_copy(
        update={
            "node_autoscaler": "cluster-autoscaler",
            "endpoint": prod.cluster.endpoint.model_copy(
                update={"public": True, "public_cidrs": VARIANT_CIDRS}
            ),
            "karpenter": prod.cluster.karpenter.model_copy(update={"graviton": True}),
            "helm_versions": {"prometheus-adapter": "5.2.0"},
            "admin_roles": [VARIANT_ADMIN],
        }
    )
    edge = prod.edge.model_copy(update={"domain_name": VARIANT_DOMAIN, "hosted_zone": VARIANT_ZONE})
    return prod.model_copy(update={"cluster": cluster, "edge": edge, "environment": "variant"})


@pytest.fixture(scope="session")
def variant(
    specs: dict[str, PlatformSpec], tmp_path_factory: pytest.TempPathFactory
) -> Synthesized:
    from chariot.infra.synthesis import synthesize

    spec = variant_spec(specs["prod"])
    out: Path = tmp_path_factory.mktemp("variant")
    synthesize(spec, out, ROOT)
    return Synthesized(out, spec)
