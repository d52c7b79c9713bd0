"""external-dns: only with a domain, and allowed to change names under it only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.cfn import pod_identity_policy, releases
from tests.infra.conftest import VARIANT_ZONE

pytestmark = pytest.mark.synth


def test_not_installed_without_a_domain(synthesized: dict[str, Any]) -> None:
    assert "external-dns" not in releases(synthesized["staging"].json("addons"))


def test_installed_for_the_spec_zone(variant: Any) -> None:
    release = releases(variant.json("addons"))["external-dns"]
    assert (release.chart, release.version, release.namespace) == (
        "external-dns",
        "1.19.0",
        "external-dns",
    )
    assert release.values["domainFilters"] == [VARIANT_ZONE]
    assert release.values["txtOwnerId"] == variant.spec.cluster.name
    assert release.values["policy"] == "upsert-only"


def test_record_changes_limited_to_the_domain(variant: Any) -> None:
    statements = pod_identity_policy(variant.json("addons"), "external-dns", "external-dns")
    change = next(s for s in statements if s["Action"] == "route53:ChangeResourceRecordSets")
    assert change["Condition"] == {
        "ForAllValues:StringLike": {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": [
                VARIANT_ZONE,
                f"*.{VARIANT_ZONE}",
            ]
        }
    }
