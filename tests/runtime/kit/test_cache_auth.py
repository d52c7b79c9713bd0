"""ElastiCache IAM tokens: a SigV4-presigned `connect` for the group and user, reused until
shortly before it expires; the user moves from the URL to the credential provider."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.credentials import Credentials

from chariot.runtime.kit.cache_auth import (
    TOKEN_SECONDS,
    ElastiCacheIamCredentials,
    iam_token,
    split_user,
)

CREDENTIALS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


def test_token_is_a_presigned_connect_for_the_group_and_user() -> None:
    token = iam_token("chariot-prod-cache", "chariot-prod-app", "eu-west-1", CREDENTIALS)
    assert not token.startswith("http")
    parts = urlsplit(f"http://{token}")
    assert parts.hostname == "chariot-prod-cache"
    query = parse_qs(parts.query)
    assert query["Action"] == ["connect"]
    assert query["User"] == ["chariot-prod-app"]
    assert query["X-Amz-Expires"] == [str(TOKEN_SECONDS)]
    assert query["X-Amz-Credential"][0].endswith("/eu-west-1/elasticache/aws4_request")
    assert len(query["X-Amz-Signature"][0]) == 64


def test_provider_reuses_a_token_until_it_nears_expiry() -> None:
    provider = ElastiCacheIamCredentials("g", "app", "us-east-1", CREDENTIALS)
    user, first = provider.get_credentials()
    assert user == "app"
    assert provider.get_credentials()[1] is first
    # Rotated pod credentials are used once the refresh point has passed, not before.
    provider._credentials = Credentials("AKIDROTATED", "secret")
    assert provider.get_credentials()[1] is first
    provider._expires = 0.0
    refreshed = provider.get_credentials()[1]
    assert "AKIDROTATED" in refreshed
    assert provider._expires > 0.0


def test_async_credentials_are_the_same_pair() -> None:
    provider = ElastiCacheIamCredentials("g", "app", "us-east-1", CREDENTIALS)
    assert asyncio.run(provider.get_credentials_async()) == provider.get_credentials()


def test_split_user_moves_the_user_out_of_the_url() -> None:
    assert split_user("rediss://app@master.cache.amazonaws.com:6379/0") == (
        "rediss://master.cache.amazonaws.com:6379/0",
        "app",
    )
    with pytest.raises(ValueError, match="names its user"):
        split_user("rediss://master.cache.amazonaws.com:6379/0")
