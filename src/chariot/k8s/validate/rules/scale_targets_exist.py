"""Every HPA and VPA scales a workload that exists; otherwise it silently does nothing."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation

TARGETS = {"HorizontalPodAutoscaler": "scaleTargetRef", "VerticalPodAutoscaler": "targetRef"}


def check(index: Index) -> Iterator[Violation]:
    for scaler in index.of_kind(*TARGETS):
        field = TARGETS[scaler.kind]
        ref = scaler.get("spec", field) or {}
        kind, name = ref.get("kind"), ref.get("name")
        if kind is None or name is None:
            continue  # the schema reports the missing fields
        if index.find(str(kind), scaler.namespace, str(name)) is None:
            yield Violation(
                scaler,
                ("spec", field),
                f"targets {kind} {scaler.namespace}/{name}, which is not among these objects",
            )
