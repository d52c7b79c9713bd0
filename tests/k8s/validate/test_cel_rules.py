from __future__ import annotations

from pathlib import Path

import cel
import pytest

from chariot.k8s.validate.cel_rules import FUNCTIONS, evaluate, is_transition_rule
from chariot.k8s.validate.crds import catalog


@pytest.mark.parametrize(
    ("rule", "value", "passed"),
    [
        ("self.find('^([^/]+)').endsWith('karpenter.sh')", "karpenter.sh/x", True),
        ("self.find('^([^/]+)') == ''", "/leading", True),
        ("size(self.findAll('a')) == 2", "banana", False),
        ("isURL(self) && url(self).getScheme() == 'https'", "https://a.test/b", True),
        ("isURL(self)", "not a url", False),
        ("url(self).getHost() == 'a.test:8443'", "https://a.test:8443/x", True),
        ("self.split('@')[0] in ['al2023']", "al2023@latest", True),
        ("self.substring(7, 8) == '/'", "unix:///sock", True),
        ("self.all(k, k.size() != 0)", {"a": "1"}, True),
        ("duration(self) >= duration('1ms')", "2s", True),
    ],
)
def test_kubernetes_functions(rule: str, value: object, passed: bool) -> None:
    assert evaluate({"rule": rule}, value).passed is passed


def test_false_rule_reports_its_message_or_the_rule() -> None:
    assert evaluate({"rule": "self > 1", "message": "too small"}, 0).message == "too small"
    assert evaluate({"rule": "self > 1"}, 0).message == "failed rule: self > 1"


def test_missing_field_is_an_evaluation_error() -> None:
    outcome = evaluate({"rule": "self.b == 1"}, {"a": 1})
    assert outcome.error
    assert "no such key 'b'" in outcome.message


def test_non_boolean_result_is_an_error() -> None:
    outcome = evaluate({"rule": "self + 1"}, 1)
    assert outcome.error
    assert "not a boolean" in outcome.message


def test_transition_rules() -> None:
    assert is_transition_rule("self == oldSelf")
    assert not is_transition_rule("self.oldSelfish == 1")


def test_message_expression_wins_over_message() -> None:
    rule = {"rule": "self > 1", "message": "static", "messageExpression": "'got ' + string(self)"}
    assert evaluate(rule, 0).message == "got 0"
    broken = {"rule": "self > 1", "message": "static", "messageExpression": "self.nope"}
    assert evaluate(broken, 0).message == "static"


NATIVE = {
    "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string",
    "bytes", "bool", "duration", "timestamp", "dyn", "type",
}  # fmt: skip


def _rules(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        found += [r["rule"] for r in node.get("x-kubernetes-validations", []) or []]
        for value in node.values():
            found += _rules(value)
    elif isinstance(node, list):
        for value in node:
            found += _rules(value)
    return found


def test_every_pinned_crd_rule_compiles_with_known_functions(crds_dir: Path) -> None:
    rules = {
        rule
        for versions in catalog(crds_dir).kinds.values()
        for version in versions.values()
        for rule in _rules(version.schema)
    }
    assert len(rules) > 100
    for rule in rules:
        called = cel.compile(rule).functions()
        unknown = [f for f in called if f[0] not in "_!@" and f not in NATIVE | set(FUNCTIONS)]
        assert unknown == [], rule
