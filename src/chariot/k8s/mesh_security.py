"""Istio security: mTLS, JWT authentication and authorization (security.istio.io/v1).

Per meshed namespace: PeerAuthentication (the spec's mode, STRICT in every environment), a
RequestAuthentication for the issuer when it is known, and a default-deny AuthorizationPolicy
(empty spec). Per service: one ALLOW policy whose every rule names, in one rule, the peer
principal (ingress gateway or a calling service), the required request principal (a valid JWT of
the issuer), the operations and the conditions (issuer, audience, and the scope the operations
need: reads a token granting `read`, writes one granting `write`) — Istio ORs rules, so a rule
with only `to` or only `when` would admit anyone. RequestAuthentication alone lets token-less
requests through; requiring a request principal is what refuses them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s import platform
from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, service_labels
from chariot.spec import scopes
from chariot.spec.model import Service

API = "security.istio.io/v1"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# The scope each method needs (spec/scopes.py), checked on the token's `scope` claim: Istio
# matches a condition on `request.auth.claims[scope]` against each space-separated scope
# (https://istio.io/latest/docs/reference/config/security/conditions/,
# https://github.com/istio/api/pull/3547: `scope` and `permission` are always split).
BY_SCOPE = {
    needed: [m for m in METHODS if scopes.METHOD_SCOPE[m] == needed]
    for needed in (scopes.READ, scopes.WRITE)
}
ANY_REQUEST_PRINCIPAL = "*"  # with no issuer configured no request has one: fail closed


def _conditions(ctx: RenderContext) -> list[dict[str, Any]]:
    issuer = ctx.issuer
    if issuer is None:
        return []
    conditions = [{"key": "request.auth.claims[iss]", "values": [issuer.issuer]}]
    if issuer.audiences:
        conditions.append({"key": "request.auth.audiences", "values": list(issuer.audiences)})
    elif issuer.cognito:
        # Cognito access tokens carry no `aud`; `token_use` tells them from ID tokens
        conditions.append({"key": "request.auth.claims[token_use]", "values": ["access"]})
    return conditions


def _rules(ctx: RenderContext, principals: list[str], paths: list[str]) -> list[dict[str, Any]]:
    """One rule per scope level: reads need a token granting read, writes one granting write.
    A source matches any of its `principals`
    (https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source)."""
    request_principal = (
        ctx.issuer.request_principals if ctx.issuer is not None else ANY_REQUEST_PRINCIPAL
    )
    rules = []
    for needed, methods in BY_SCOPE.items():
        rule: dict[str, Any] = {
            "from": [
                {"source": {"principals": principals, "requestPrincipals": [request_principal]}}
            ],
            "to": [{"operation": {"methods": methods, "paths": paths}}],
        }
        conditions = _conditions(ctx)
        if conditions:
            scope = {"key": "request.auth.claims[scope]", "values": scopes.satisfying(needed)}
            rule["when"] = [*conditions, scope]
        rules.append(rule)
    return rules


def allow_rules(ctx: RenderContext, service: Service) -> list[dict[str, Any]]:
    """Edge traffic through the ingress gateway, then the calling services, all in the same
    two rules: a rule per caller would pass the CRD's 512 rules at 255 callers."""
    gateway = platform.principal(
        platform.INGRESS_NAMESPACE, platform.INGRESS_GATEWAY_SERVICE_ACCOUNT
    )
    rules = _rules(ctx, [gateway], [f"/v1/{service.name}", f"/v1/{service.name}/*"])
    callers = [platform.principal(c.namespace, c.name) for c in ctx.callers(service)]
    if callers:
        rules += _rules(ctx, callers, ["/v1/*"])
    return rules


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for namespace in ctx.namespaces:
        if not ctx.meshed(namespace):
            continue
        yield obj(
            API,
            "PeerAuthentication",
            "default",
            namespace,
            {"mtls": {"mode": ctx.spec.mesh.mtls}},
        )
        if ctx.issuer is not None:
            rule: dict[str, Any] = {
                "issuer": ctx.issuer.issuer,
                "jwksUri": ctx.issuer.jwks_uri,
                "forwardOriginalToken": True,  # services pass the caller's token on
            }
            if ctx.issuer.audiences:
                rule["audiences"] = list(ctx.issuer.audiences)
            yield obj(API, "RequestAuthentication", "jwt", namespace, {"jwtRules": [rule]})
        yield obj(API, "AuthorizationPolicy", "default-deny", namespace, {})
        for service in ctx.services_in(namespace):
            if not service.meshed:
                continue
            spec = {
                "selector": {"matchLabels": service_labels(service)},
                "action": "ALLOW",
                "rules": allow_rules(ctx, service),
            }
            yield obj(
                API, "AuthorizationPolicy", service.name, namespace, spec, service_labels(service)
            )
