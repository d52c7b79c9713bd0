"""A policy that requires a request principal has a RequestAuthentication to produce one.

Without a RequestAuthentication no request carries a request principal, so such a policy
denies every request. That is the intended fail-closed state while the JWT issuer is not known
yet (see `chariot manifests --stack-outputs`), hence a warning, not an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation

ROOT_NAMESPACE = "istio-system"


def check(index: Index) -> Iterator[Violation]:
    authenticated = {o.namespace for o in index.of_kind("RequestAuthentication")}
    if ROOT_NAMESPACE in authenticated:
        return
    for policy in index.of_kind("AuthorizationPolicy"):
        if policy.namespace in authenticated:
            continue
        for position, rule in enumerate(policy.get("spec", "rules") or []):
            sources = [(e or {}).get("source") or {} for e in (rule or {}).get("from") or []]
            if any(source.get("requestPrincipals") for source in sources):
                yield Violation(
                    policy,
                    ("spec", "rules", position, "from"),
                    "requires a request principal but no RequestAuthentication exists in "
                    f"{policy.namespace!r}: every request is denied until the JWT issuer "
                    "is configured",
                    severity="warning",
                )
                break
