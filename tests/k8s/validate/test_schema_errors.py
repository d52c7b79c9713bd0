from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from chariot.k8s.validate.schema_errors import UNKNOWN_FIELD, explain

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["mode"],
    "properties": {
        "mode": {"enum": ["Off", "Initial", None]},
        "count": {"type": "integer"},
        "port": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[a-z]+$"}]},
    },
}


def _explain(instance: Any) -> list[tuple[tuple[str | int, ...], str]]:
    validator = Draft202012Validator(SCHEMA)
    return sorted(pair for e in validator.iter_errors(instance) for pair in explain(e))


def test_unknown_fields_each_get_their_own_path() -> None:
    assert _explain({"mode": "Off", "a": 1, "b": 2}) == [
        (("a",), UNKNOWN_FIELD),
        (("b",), UNKNOWN_FIELD),
    ]


def test_required_enum_and_type() -> None:
    assert _explain({"count": "x"}) == [
        (("count",), "'x' is not of type integer"),
        (("mode",), "required field is missing"),
    ]
    assert _explain({"mode": "Auto"}) == [(("mode",), "'Auto' is not one of 'Off', 'Initial'")]


def test_any_of_reports_the_closest_branch() -> None:
    ((path, reason),) = _explain({"mode": "Off", "port": "HTTP"})
    assert path == ("port",)
    assert "'HTTP'" in reason  # one branch's reason, not the opaque anyOf message


def test_size_limits_say_the_size_not_the_value() -> None:
    """A list past maxItems was printed whole: 100 KB of one finding at 1000 services."""
    schema = {"properties": {"rules": {"maxItems": 2}, "name": {"maxLength": 3}}}
    validator = Draft202012Validator(schema)
    found = sorted(
        pair
        for e in validator.iter_errors({"rules": [{"a": 1}] * 500, "name": "x" * 900})
        for pair in explain(e)
    )
    assert found == [
        (("name",), "is 900 characters long, at most 3 allowed"),
        (("rules",), "has 500 items, at most 2 allowed"),
    ]
