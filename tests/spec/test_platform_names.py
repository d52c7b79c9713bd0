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


def test_dr_stacks_are_the_dr_stack_and_its_parts() -> None:
    assert names.stack_name("chariot", "prod", "dr-data") == "chariot-prod-dr-data"
    for stack in ("chariot-prod-dr", "chariot-prod-dr-network", "chariot-prod-dr-edge"):
        assert names.is_dr_stack("chariot", "prod", stack)
    for stack in ("chariot-prod-data", "chariot-prod-drift", "chariot-dev-dr", "other-prod-dr"):
        assert not names.is_dr_stack("chariot", "prod", stack)


def test_the_dr_manifests_sit_beside_the_primarys() -> None:
    assert names.dr_kubernetes_dir("us-west-2") == "k8s-us-west-2"
    assert names.dr_kubernetes_dir("us-west-2").startswith(names.KUBERNETES_DIR)
