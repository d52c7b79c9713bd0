"""Say *why* for the schema failures people meet most, so a message teaches the fix.

Each hint matches the kind, the field path (a regular expression) and the rule that failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Hint:
    kind: str  # "*" for any kind
    path: re.Pattern[str]
    rule: str  # "unknown-field", "required", "no-schema", "*"
    why: str


HINTS: tuple[Hint, ...] = (
    Hint(
        "DestinationRule",
        re.compile(r"(^|\.)trafficPolicy\.circuitBreaker$|\.circuitBreaker$"),
        "unknown-field",
        "Istio has no circuitBreaker field: circuit breaking is trafficPolicy.outlierDetection "
        "(consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent) together with "
        "connectionPool limits",
    ),
    Hint(
        "DestinationRule",
        re.compile(r"\.consecutiveErrors$"),
        "unknown-field",
        "consecutiveErrors was removed from Istio's outlierDetection: use consecutive5xxErrors "
        "(or consecutiveGatewayErrors)",
    ),
    Hint(
        "*",
        re.compile(r"(^|\.)spec\.metadata$|template\.spec\.metadata$"),
        "unknown-field",
        "metadata belongs at the top level of the object, beside spec, not inside spec: there "
        "its labels and annotations (e.g. the Fargate compute-type) would never apply",
    ),
    Hint(
        "Deployment",
        re.compile(r"^spec\.selector$"),
        "required",
        "an apps/v1 Deployment must say which pods it owns: spec.selector has had no default "
        "since extensions/v1beta1, must match spec.template.metadata.labels and cannot be "
        "changed after creation",
    ),
    Hint(
        "*",
        re.compile(r".*"),
        "no-schema",
        "the API server would refuse it: no built-in kind and no installed CRD defines it "
        "(point --crds at the folder holding its CRD if it is one)",
    ),
)


def why(kind: str, path: str, rule: str) -> str | None:
    for hint in HINTS:
        if hint.kind in {"*", kind} and hint.rule in {"*", rule} and hint.path.search(path):
            return hint.why
    return None
