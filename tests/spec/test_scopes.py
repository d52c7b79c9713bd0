"""The API's scopes: one ordering (read < write < admin) for the services, the mesh and Cognito."""

from __future__ import annotations

import pytest

from chariot.spec import scopes


def test_each_scope_grants_the_weaker_ones() -> None:
    assert scopes.satisfying(scopes.READ) == [scopes.READ, scopes.WRITE, scopes.ADMIN]
    assert scopes.satisfying(scopes.ADMIN) == [scopes.ADMIN]
    assert scopes.grants({scopes.ADMIN}, scopes.WRITE)
    assert scopes.grants({"other", scopes.WRITE}, scopes.READ)
    assert not scopes.grants({scopes.READ}, scopes.WRITE)
    assert not scopes.grants(set(), scopes.READ)


def test_names_are_cognito_custom_scopes() -> None:
    assert scopes.ALL == ("chariot/read", "chariot/write", "chariot/admin")
    assert set(scopes.DESCRIPTIONS) == set(scopes.LEVELS)
    assert scopes.scope_of("write") == scopes.WRITE
    with pytest.raises(ValueError, match="not one of read, write, admin"):
        scopes.scope_of("root")


def test_every_method_needs_read_or_write() -> None:
    assert {scopes.METHOD_SCOPE[m] for m in ("GET", "HEAD")} == {scopes.READ}
    assert {scopes.METHOD_SCOPE[m] for m in ("POST", "PUT", "PATCH", "DELETE")} == {scopes.WRITE}
