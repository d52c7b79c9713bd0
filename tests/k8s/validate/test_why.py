from __future__ import annotations

from chariot.k8s.validate.why import why


def test_specific_hints_match_kind_path_and_rule() -> None:
    hint = why("DestinationRule", "spec.trafficPolicy.circuitBreaker", "unknown-field")
    assert hint is not None
    assert "outlierDetection" in hint
    assert why("DestinationRule", "spec.trafficPolicy.circuitBreaker", "required") is None
    assert why("VirtualService", "spec.trafficPolicy.circuitBreaker", "unknown-field") is None


def test_metadata_under_any_pod_spec() -> None:
    assert why("Pod", "spec.metadata", "unknown-field") is not None
    assert why("Deployment", "spec.template.spec.metadata", "unknown-field") is not None
    assert why("Deployment", "metadata", "unknown-field") is None


def test_no_schema_always_explains() -> None:
    hint = why("IstioOperator", "kind", "no-schema")
    assert hint is not None
    assert "--crds" in hint
