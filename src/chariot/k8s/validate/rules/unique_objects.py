"""Each object is declared once: a second declaration silently replaces the first on apply
(kustomize refuses the set outright), so one of the two files is dead configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Obj, Violation


def check(index: Index) -> Iterator[Violation]:
    first: dict[tuple[str, str, str, str], Obj] = {}
    for obj in index.objects:
        if not obj.name:
            continue
        key = (obj.group, obj.kind, obj.namespace, obj.name)
        if key in first:
            earlier = first[key].document
            yield Violation(
                obj,
                ("metadata", "name"),
                f"{obj.label} is already declared in {earlier.file} (document {earlier.index}): "
                "the later one silently replaces it",
            )
        else:
            first[key] = obj
