"""Fault injection appears only in routes of an explicit chaos profile.

A `fault` block delays or fails real requests; in the seed it sits in the production route.
Chariot renders faults only for services named in the spec's `mesh.chaos`, and labels those
VirtualServices `chariot.io/chaos: "true"`; any other fault is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation, labels_of

CHAOS_LABEL = "chariot.io/chaos"


def check(index: Index) -> Iterator[Violation]:
    for vs in index.of_kind("VirtualService"):
        if labels_of(vs.get("metadata", "labels")).get(CHAOS_LABEL) == "true":
            continue
        for position, route in enumerate(vs.get("spec", "http") or []):
            if route.get("fault"):
                yield Violation(
                    vs,
                    ("spec", "http", position, "fault"),
                    "fault injection in a route outside a chaos profile: it delays or fails "
                    "real requests; declare it in the spec's mesh.chaos (which labels the "
                    f"route {CHAOS_LABEL}) or remove it",
                )
