"""One typed Settings object per service, read from the environment once at start-up.

Every service reads `CHARIOT_*` variables into a `Settings` (or a subclass adding its own
fields). Values that only make sense on one machine — the local-development Redis password,
a `file://` JWKS, the development issuer, a DynamoDB endpoint override — are refused when
`CHARIOT_ENVIRONMENT` is not `local`, so a forgotten variable fails the pod at start-up instead
of shipping a default secret.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from chariot.spec import service_environment as variables

LOCAL_PASSWORD = "chariot-local"  # noqa: S105 - public on purpose, refused outside local
"""The Redis/FalkorDB password `chariot dev up` configures; refused outside local development."""
LOCAL_ISSUER = "https://chariot.local/dev"
"""The issuer of development tokens minted by `chariot dev up`; refused outside local dev."""

Environment = Literal["local", "dev", "staging", "prod"]


class Settings(BaseSettings):
    """Configuration shared by every service; a service subclasses it for its own fields."""

    # Every field is read from CHARIOT_<FIELD>: the one contract the manifests and `dev up` set
    # (chariot.spec.service_environment).
    model_config = SettingsConfigDict(env_prefix=variables.PREFIX, frozen=True, extra="ignore")

    service: Annotated[str, Field(pattern=r"^[a-z][-a-z0-9]{0,62}$")]
    environment: Environment = "local"
    version: str = "0.1.0"

    table_name: Annotated[str, Field(min_length=3, max_length=255)]
    aws_region: str = "us-east-1"
    dynamodb_endpoint: str | None = None
    dynamodb_threads: Annotated[int, Field(ge=1, le=256)] = 32
    dynamodb_timeout_seconds: Annotated[float, Field(gt=0, le=30)] = 2.0

    # `none` runs a service that declares a cache without one: every read goes to the table,
    # as when the cache is down (the DR region has no cache before a failover makes one).
    cache_backend: Literal["redis", "none"] = "redis"
    redis_url: str = f"redis://:{LOCAL_PASSWORD}@127.0.0.1:6379/0"
    # ElastiCache with IAM authentication: redis_url is rediss://<user>@<primary>:<port>/0 and
    # the password is a token signed for the replication group (see kit/cache_auth.py).
    redis_iam_auth: bool = False
    redis_replication_group: str | None = None
    cache_ttl_seconds: Annotated[int, Field(ge=1)] = 300
    cache_timeout_seconds: Annotated[float, Field(gt=0, le=5)] = 0.5
    cache_retry_after_seconds: Annotated[float, Field(ge=0, le=60)] = 2.0

    graph_backend: Literal["falkordb", "neptune", "none"] = "none"
    graph_url: str = f"redis://:{LOCAL_PASSWORD}@127.0.0.1:6380/0"
    graph_name: str = "chariot"
    neptune_endpoint: str | None = None
    neptune_iam_auth: bool = True

    jwt_issuer: str = LOCAL_ISSUER
    jwt_audience: str = "chariot"
    # `client_id` for Cognito access tokens (no `aud`; the audience is the app client id).
    jwt_audience_claim: Literal["aud", "client_id"] = "aud"
    jwks_url: str | None = None
    jwt_algorithms: list[Literal["RS256", "ES256"]] = ["RS256", "ES256"]
    jwks_min_refresh_seconds: Annotated[float, Field(ge=0)] = 30.0

    # Load shedding per worker (kit/shedding.py). Sized from the measured per-worker capacity
    # (benchmarks/capacity.json, from benchmarks/service_path.py): 32 in flight finish within
    # the p99 limit at that rate, and 32 waiting drain within the 0.1 s queue timeout, so
    # admitted requests keep a bounded p99 (tests/runtime/kit/test_shedding.py checks the
    # arithmetic against the file). A faster worker drains the same bounds sooner; they cap
    # latency, not throughput (32 in flight at ~5 ms each allow ~6,000 req/s).
    max_concurrency: Annotated[int, Field(ge=1, le=4096)] = 32
    max_queue: Annotated[int, Field(ge=0, le=65536)] = 32
    queue_timeout_seconds: Annotated[float, Field(gt=0, le=30)] = 0.1
    shed_retry_after_seconds: Annotated[int, Field(ge=1, le=300)] = 1

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    access_log: bool = True

    @model_validator(mode="after")
    def _no_local_defaults_outside_local(self) -> Settings:
        if self.jwks_url is None:
            raise ValueError("CHARIOT_JWKS_URL is required (where the token signing keys are)")
        if self.graph_backend == "neptune" and not self.neptune_endpoint:
            raise ValueError("CHARIOT_GRAPH_BACKEND=neptune needs CHARIOT_NEPTUNE_ENDPOINT")
        if self.redis_iam_auth and self.cache_backend == "redis":
            _check_iam_cache(self.redis_url, self.redis_replication_group)
        if self.environment == "local":
            return self
        problems = []
        if self.cache_backend == "redis" and _password(self.redis_url) == LOCAL_PASSWORD:
            problems.append("CHARIOT_REDIS_URL carries the local-development password")
        if self.graph_backend == "falkordb" and _password(self.graph_url) == LOCAL_PASSWORD:
            problems.append("CHARIOT_GRAPH_URL carries the local-development password")
        if self.jwt_issuer == LOCAL_ISSUER:
            problems.append("CHARIOT_JWT_ISSUER is the local-development issuer")
        if not self.jwks_url.startswith("https://"):
            problems.append("CHARIOT_JWKS_URL must be an https:// URL outside local development")
        if self.dynamodb_endpoint is not None:
            problems.append("CHARIOT_DYNAMODB_ENDPOINT overrides AWS; only for local development")
        if problems:
            raise ValueError(f"environment {self.environment!r}: " + "; ".join(problems))
        return self


def _check_iam_cache(url: str, group: str | None) -> None:
    """IAM authentication needs TLS, the user to sign for, no password, and the group id."""
    parts = urlsplit(url)
    if parts.scheme != "rediss" or not parts.username or parts.password is not None:
        raise ValueError(
            "CHARIOT_REDIS_IAM_AUTH=true needs CHARIOT_REDIS_URL=rediss://<user>@<host>:<port>/0 "
            "(TLS, the IAM-authenticated user, no password)"
        )
    if not group:
        raise ValueError("CHARIOT_REDIS_IAM_AUTH=true needs CHARIOT_REDIS_REPLICATION_GROUP")


def _password(url: str) -> str | None:
    return urlsplit(url).password
