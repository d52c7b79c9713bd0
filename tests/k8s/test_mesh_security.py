from __future__ import annotations

from chariot.k8s.context import RenderContext
from chariot.k8s.issuer import JwtIssuer
from chariot.k8s.mesh_security import build
from chariot.spec import scopes
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import ISSUER, find, kinds, placements


def _render(spec: PlatformSpec, issuer: JwtIssuer | None = ISSUER) -> list[dict]:  # type: ignore[type-arg]
    return list(build(RenderContext(spec, placements(spec), issuer)))


def test_strict_mtls_per_namespace(prod: PlatformSpec) -> None:
    peer = find(_render(prod), "PeerAuthentication", "default", "microservices")
    assert peer["apiVersion"] == "security.istio.io/v1"
    assert peer["spec"] == {"mtls": {"mode": "STRICT"}}


def test_request_authentication_uses_the_issuer(prod: PlatformSpec) -> None:
    jwt = find(_render(prod), "RequestAuthentication", "jwt", "microservices")
    assert jwt["spec"]["jwtRules"] == [
        {
            "issuer": "https://login.chariot.test",
            "jwksUri": "https://login.chariot.test/.well-known/jwks.json",
            "forwardOriginalToken": True,
            "audiences": ["chariot-api"],
        }
    ]


def test_default_deny_is_an_empty_policy(prod: PlatformSpec) -> None:
    deny = find(_render(prod), "AuthorizationPolicy", "default-deny", "microservices")
    assert deny["spec"] == {}


def test_every_allow_rule_names_principal_request_principal_operation_and_condition(
    prod: PlatformSpec,
) -> None:
    policies = [p for p in kinds(_render(prod), "AuthorizationPolicy") if p["spec"]]
    assert sorted(p["metadata"]["name"] for p in policies) == ["assets", "users", "vulnerabilities"]
    for policy in policies:
        assert policy["spec"]["action"] == "ALLOW"
        for rule in policy["spec"]["rules"]:
            (source,) = [entry["source"] for entry in rule["from"]]
            assert source["principals"]
            assert source["requestPrincipals"] == ["https://login.chariot.test/*"]
            assert rule["to"][0]["operation"]["methods"]
            assert {"key": "request.auth.audiences", "values": ["chariot-api"]} in rule["when"]


def test_edge_rule_admits_the_gateway_and_callers_have_their_own_rule(prod: PlatformSpec) -> None:
    assets = find(_render(prod), "AuthorizationPolicy", "assets")
    edge, edge_writes, caller, caller_writes = assets["spec"]["rules"]
    assert edge_writes["from"] == edge["from"]
    assert caller_writes["from"] == caller["from"]
    assert edge["from"][0]["source"]["principals"] == [
        "cluster.local/ns/istio-ingress/sa/istio-ingressgateway"
    ]
    assert edge["to"][0]["operation"]["paths"] == ["/v1/assets", "/v1/assets/*"]
    # vulnerabilities depends on assets
    assert caller["from"][0]["source"]["principals"] == [
        "cluster.local/ns/microservices/sa/vulnerabilities"
    ]


def test_callers_share_two_rules_whatever_their_number(prod: PlatformSpec) -> None:
    """Istio's CRD takes at most 512 rules: one rule pair per caller broke it at 256 callers."""
    vulnerabilities = next(s for s in prod.services if s.name == "vulnerabilities")
    copies = [vulnerabilities.model_copy(update={"name": f"vuln-{n}"}) for n in range(300)]
    spec = prod.model_copy(update={"services": [*prod.services, *copies]})
    assets = find(_render(spec), "AuthorizationPolicy", "assets")
    _, _, caller, caller_writes = assets["spec"]["rules"]
    assert caller_writes["from"] == caller["from"]
    assert len(caller["from"][0]["source"]["principals"]) == 301


def test_reads_need_a_read_scope_and_writes_a_write_scope(prod: PlatformSpec) -> None:
    """Issue 14, item 10: the mesh checks the same scope per method as the services."""
    for policy in [p for p in kinds(_render(prod), "AuthorizationPolicy") if p["spec"]]:
        needs = {}
        for rule in policy["spec"]["rules"]:
            (scope,) = [c for c in rule["when"] if c["key"] == "request.auth.claims[scope]"]
            for method in rule["to"][0]["operation"]["methods"]:
                needs.setdefault(method, set()).add(tuple(scope["values"]))
        read = (scopes.READ, scopes.WRITE, scopes.ADMIN)
        write = (scopes.WRITE, scopes.ADMIN)
        assert needs == {
            "GET": {read},
            "POST": {write},
            "PUT": {write},
            "PATCH": {write},
            "DELETE": {write},
        }


def test_cognito_issuer_checks_token_use(prod: PlatformSpec) -> None:
    cognito = JwtIssuer(
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123",
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123/.well-known/jwks.json",
        (),
        "test",
        cognito=True,
    )
    rule = find(_render(prod, cognito), "AuthorizationPolicy", "users")["spec"]["rules"][0]
    assert {"key": "request.auth.claims[token_use]", "values": ["access"]} in rule["when"]


def test_unknown_issuer_fails_closed(prod: PlatformSpec) -> None:
    objects = _render(prod, None)
    assert kinds(objects, "RequestAuthentication") == []
    rule = find(objects, "AuthorizationPolicy", "users")["spec"]["rules"][0]
    # a request principal is still required, and without a RequestAuthentication none exists
    assert rule["from"][0]["source"]["requestPrincipals"] == ["*"]
