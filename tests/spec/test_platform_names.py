"""The names the add-ons and the manifests share (both sides are checked against each other in
tests/test_platform_contract.py)."""

from __future__ import annotations

from chariot.spec import platform_names as names


def test_table_name_is_the_seeds() -> None:
    assert names.table_name("UserService", "prod") == "UserService-prod"


def test_gateway_pods_carry_what_gateways_select_on() -> None:
    labels = names.INGRESS_GATEWAY_LABELS
    assert labels.items() >= names.INGRESS_GATEWAY_SELECTOR.items()
    # the gateway chart derives `istio: <name without istio->` unless told otherwise
    assert labels["istio"] == names.INGRESS_GATEWAY_NAME.removeprefix("istio-")


def test_gateways_and_monitoring_live_apart_from_the_control_plane() -> None:
    spaces = [
        names.ISTIO_NAMESPACE,
        names.INGRESS_NAMESPACE,
        names.EGRESS_NAMESPACE,
        names.MONITORING_NAMESPACE,
    ]
    assert len(set(spaces)) == len(spaces)
