"""No ALLOW AuthorizationPolicy rule admits a request that carries no principal.

Istio ORs the rules of a policy and ANDs the parts of one rule. A rule with only `to` or only
`when` (or an empty rule) therefore admits every caller, anonymous ones included — the seed's
policies do exactly that. Each rule must name who is allowed in its `from`: peer principals
(mTLS identities, or service accounts / namespaces, which are derived from them) or request
principals (a validated JWT), in a source that no negative field widens to everyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, Violation

IDENTIFYING = ("principals", "requestPrincipals", "serviceAccounts", "namespaces")


def _identifies(source: dict[str, Any]) -> bool:
    return any(source.get(key) for key in IDENTIFYING)


def check(index: Index) -> Iterator[Violation]:
    for policy in index.of_kind("AuthorizationPolicy"):
        spec = policy.get("spec") or {}
        if spec.get("action", "ALLOW") != "ALLOW":
            continue
        for position, entry in enumerate(spec.get("rules") or []):
            rule = entry or {}
            sources = [(e or {}).get("source") or {} for e in rule.get("from") or []]
            path = ("spec", "rules", position)
            if not sources:
                parts = [key for key in ("to", "when") if rule.get(key)] or ["nothing"]
                yield Violation(
                    policy,
                    path,
                    f"rule {position} has no `from` (it sets {' and '.join(parts)}): rules are "
                    "ORed, so this rule alone admits any caller, anonymous ones included; put "
                    "the principals or requestPrincipals, the operations and the conditions in "
                    "ONE rule",
                )
                continue
            for s_index, source in enumerate(sources):
                if not _identifies(source):
                    yield Violation(
                        policy,
                        (*path, "from", s_index, "source"),
                        f"rule {position} source {s_index} names no principals or "
                        "requestPrincipals: it admits callers without an identity",
                    )
