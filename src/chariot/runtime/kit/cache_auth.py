"""ElastiCache IAM authentication: the cache user's password is a short-lived signed token.

The data stack makes the app user IAM-authenticated (no password exists anywhere) and grants
each service's Pod Identity role `elasticache:Connect` on the replication group and that user.
A token is a SigV4 presigned `connect` request for `<replication-group-id>` (15 minutes valid);
it is only checked when a connection authenticates, so a pooled connection outlives it. Tokens
are signed with the pod's credentials (Pod Identity) and reused until shortly before expiry.
"""

from __future__ import annotations

import time
from urllib.parse import quote, urlsplit, urlunsplit

import botocore.session
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from redis.credentials import CredentialProvider

TOKEN_SECONDS = 900  # the longest ElastiCache accepts
REFRESH_BEFORE_SECONDS = 120


def iam_token(group_id: str, user: str, region: str, credentials: Credentials) -> str:
    """The AUTH password for `user` on replication group `group_id`, as AWS documents it."""
    request = AWSRequest(
        method="GET",
        url=f"http://{group_id}/?Action=connect&User={quote(user, safe='')}",
    )
    SigV4QueryAuth(credentials, "elasticache", region, expires=TOKEN_SECONDS).add_auth(request)
    return str(request.url).removeprefix("http://")


class ElastiCacheIamCredentials(CredentialProvider):
    """(user, token) for redis-py, refreshed before the token expires."""

    def __init__(
        self,
        group_id: str,
        user: str,
        region: str,
        credentials: Credentials | None = None,
    ) -> None:
        self.group_id = group_id
        self.user = user
        self.region = region
        self._credentials = credentials
        self._token: str | None = None
        self._expires = 0.0

    def _signing_credentials(self) -> Credentials:
        if self._credentials is not None:
            return self._credentials
        found = botocore.session.get_session().get_credentials()
        if found is None:
            raise RuntimeError("no AWS credentials to sign the cache's IAM token")
        return found

    def get_credentials(self) -> tuple[str, str]:
        now = time.monotonic()
        if self._token is None or now >= self._expires:
            self._token = iam_token(
                self.group_id, self.user, self.region, self._signing_credentials()
            )
            self._expires = now + TOKEN_SECONDS - REFRESH_BEFORE_SECONDS
        return self.user, self._token

    async def get_credentials_async(self) -> tuple[str, str]:
        return self.get_credentials()


def split_user(url: str) -> tuple[str, str]:
    """(url without user info, user): redis-py refuses a user in the URL beside a provider."""
    parts = urlsplit(url)
    if not parts.username:
        raise ValueError("an IAM-authenticated cache URL names its user: rediss://<user>@host")
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc)), parts.username
