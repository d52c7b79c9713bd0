from __future__ import annotations

from typing import Any

import pytest

from chariot.k8s.validate.rules.names_and_labels import check, label_key_problem
from tests.k8s.validate.rules.helpers import edit, run


def test_valid_names_and_labels_pass() -> None:
    assert run(check) == []


@pytest.mark.parametrize(
    ("kind", "name", "bad"),
    [("Deployment", "web", "Web_App"), ("Service", "web", "1web"), ("Namespace", "shop", "a.b")],
)
def test_bad_names(kind: str, name: str, bad: str) -> None:
    def change(d: dict[str, Any]) -> None:
        d["metadata"]["name"] = bad

    violations = [v for v in run(check, edit(kind, name, change)) if v.path == ("metadata", "name")]
    (violation,) = violations
    assert f"{bad!r} is not a valid" in violation.reason


def test_bad_label_value_in_the_pod_template() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["template"]["metadata"]["labels"]["team"] = "a b"

    (violation,) = run(check, edit("Deployment", "web", change))
    assert violation.path == ("spec", "template", "metadata", "labels", "team")


def test_label_keys() -> None:
    assert label_key_problem("app.kubernetes.io/name") is None
    assert label_key_problem("Bad_Prefix/name") is not None
    assert label_key_problem("x" * 64) is not None
