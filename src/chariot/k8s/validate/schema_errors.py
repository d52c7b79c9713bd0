"""Turn jsonschema errors into (field path, reason) pairs a person can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

Path_ = tuple[str | int, ...]

UNKNOWN_FIELD = (
    "unknown field: the API server rejects fields its schema does not declare "
    "(kubectl's default strict field validation) or drops them silently"
)
_REQUIRED = re.compile(r"^'(?P<name>[^']+)' is a required property$")


def _unexpected(error: ValidationError) -> list[str]:
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    declared = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    if not isinstance(instance, dict):
        return []
    return [
        str(key)
        for key in instance
        if key not in declared and not any(p.search(str(key)) for p in patterns)
    ]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def explain(error: ValidationError) -> Iterator[tuple[Path_, str]]:
    """One or more (path, reason) for a single jsonschema error."""
    path: Path_ = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties" and error.validator_value is False:
        for name in _unexpected(error):
            yield (*path, name), UNKNOWN_FIELD
        return
    if kind == "required":
        match = _REQUIRED.match(error.message)
        if match is not None:
            yield (*path, match.group("name")), "required field is missing"
            return
    if kind == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value if v is not None)
        yield path, f"{_short(error.instance)} is not one of {allowed}"
        return
    if kind == "type":
        yield path, f"{_short(error.instance)} is not of type {error.validator_value}"
        return
    if kind in {"anyOf", "oneOf"} and error.context:
        inner = best_match(error.context)
        if kind == "oneOf" and not any(
            e.validator in {"required", "type"} for e in error.context
        ):
            yield path, f"matches more than one or none of the allowed shapes ({error.message})"
            return
        yield from explain(inner)
        return
    if kind == "not":
        yield path, f"a forbidden combination of fields is set ({_short(error.validator_value)})"
        return
    yield path, error.message
