"""Turn jsonschema errors into (field path, reason) pairs a person can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

FieldPath = tuple[str | int, ...]

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


def _single(error: ValidationError) -> str:
    """The reason for errors that concern the value at the error's own path."""
    kind = error.validator
    if kind == "enum":
        values: list[Any] = (
            list(error.validator_value) if isinstance(error.validator_value, list) else []
        )
        allowed = ", ".join(repr(v) for v in values if v is not None)
        return f"{_short(error.instance)} is not one of {allowed}"
    if kind == "type":
        return f"{_short(error.instance)} is not of type {error.validator_value}"
    if kind == "not":
        return f"a forbidden combination of fields is set ({_short(error.validator_value)})"
    if kind == "oneOf":
        return f"matches more than one or none of the allowed shapes ({error.message})"
    return _size(error) or (
        error.message if len(error.message) <= 300 else error.message[:297] + "..."
    )


# Size keywords: the value's size, never the value (a list past maxItems can be 100 KB).
_SIZES = {
    "Items": (list, "has {n} items"),
    "Length": (str, "is {n} characters long"),
    "Properties": (dict, "has {n} fields"),
}


def _size(error: ValidationError) -> str | None:
    kind = str(error.validator)
    bound = "at most" if kind.startswith("max") else "at least"
    for suffix, (python_type, said) in _SIZES.items():
        if kind in (f"max{suffix}", f"min{suffix}") and isinstance(error.instance, python_type):
            size = said.format(n=len(error.instance))
            return f"{size}, {bound} {error.validator_value} allowed"
    return None


def explain(error: ValidationError) -> Iterator[tuple[FieldPath, str]]:
    """One or more (path, reason) for a single jsonschema error."""
    path: FieldPath = tuple(error.absolute_path)
    kind = error.validator
    required = _REQUIRED.match(error.message) if kind == "required" else None
    if kind == "additionalProperties" and error.validator_value is False:
        for name in _unexpected(error):
            yield (*path, name), UNKNOWN_FIELD
    elif required is not None:
        yield (*path, required.group("name")), "required field is missing"
    elif (
        kind in {"anyOf", "oneOf"}
        and error.context
        and (kind == "anyOf" or any(e.validator in {"required", "type"} for e in error.context))
    ):
        yield from explain(best_match(error.context))
    else:
        yield path, _single(error)
