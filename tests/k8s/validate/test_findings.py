from __future__ import annotations

from chariot.k8s.validate.findings import Finding, format_path


def test_format_path() -> None:
    assert format_path(("spec", "containers", 0, "image")) == "spec.containers[0].image"
    assert format_path(()) == "<root>"


def test_one_line_with_file_line_object_field_rule_reason() -> None:
    finding = Finding("a.yaml", "Deployment ns/web", "spec.selector", "schema", "missing", 8)
    assert str(finding) == "a.yaml:8: Deployment ns/web: spec.selector: [schema] missing"
    assert finding.as_dict()["severity"] == "error"
