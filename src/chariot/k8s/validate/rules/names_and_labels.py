"""Names and labels have the formats the API server enforces in code, not in its schemas.

The OpenAPI schemas type `metadata.name` and labels as plain strings; the server then refuses
names that are not DNS-1123 (a Service name must even be a DNS-1035 label) and label keys or
values longer than 63 characters or with other characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, Obj, Violation

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
LABEL_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
LABEL_KINDS = {"Namespace": (DNS1123_LABEL, 63), "Service": (DNS1035_LABEL, 63)}


def _name_problem(obj: Obj) -> str | None:
    pattern, limit = LABEL_KINDS.get(obj.kind, (DNS1123_SUBDOMAIN, 253))
    if len(obj.name) > limit or not pattern.match(obj.name):
        form = "DNS-1035 label" if pattern is DNS1035_LABEL else "DNS-1123 name"
        return f"{obj.name!r} is not a valid {form} (lowercase letters, digits, '-'; ≤{limit})"
    return None


def label_key_problem(key: str) -> str | None:
    prefix, _, name = key.rpartition("/")
    if prefix and (len(prefix) > 253 or not DNS1123_SUBDOMAIN.match(prefix)):
        return f"label key prefix {prefix!r} is not a DNS-1123 subdomain"
    if len(name) > 63 or not LABEL_NAME.match(name):
        return f"label key {key!r}: the name part must be ≤63 alphanumerics, '-', '_' or '.'"
    return None


def label_value_problem(value: Any) -> str | None:
    text = str(value)
    if text and (len(text) > 63 or not LABEL_NAME.match(text)):
        return f"label value {text!r} must be ≤63 alphanumerics, '-', '_' or '.'"
    return None


def _label_maps(obj: Obj) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    yield ("metadata", "labels"), obj.get("metadata", "labels")
    yield (
        ("spec", "template", "metadata", "labels"),
        obj.get("spec", "template", "metadata", "labels"),
    )
    yield ("spec", "selector", "matchLabels"), obj.get("spec", "selector", "matchLabels")


def check(index: Index) -> Iterator[Violation]:
    for obj in index.objects:
        if obj.name:
            problem = _name_problem(obj)
            if problem is not None:
                yield Violation(obj, ("metadata", "name"), problem)
        for path, labels in _label_maps(obj):
            if not isinstance(labels, dict):
                continue
            for key, value in labels.items():
                problem = label_key_problem(str(key)) or label_value_problem(value)
                if problem is not None:
                    yield Violation(obj, (*path, str(key)), problem)
