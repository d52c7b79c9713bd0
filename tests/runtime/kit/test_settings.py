"""Settings: read from CHARIOT_* once; local-development defaults refused anywhere else."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from chariot.runtime.kit.settings import LOCAL_PASSWORD, Settings
from chariot.spec import service_environment as variables

PROD = {
    "service": "assets",
    "environment": "prod",
    "table_name": "AssetService-prod",
    "redis_url": "rediss://:s3cr3t-from-secrets-manager@cache.internal:6379/0",
    "jwt_issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
    "jwks_url": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/jwks.json",
    "graph_backend": "neptune",
    "neptune_endpoint": "https://graph.cluster.neptune.amazonaws.com:8182",
}


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARIOT_SERVICE", "users")
    monkeypatch.setenv("CHARIOT_TABLE_NAME", "UserService-dev")
    monkeypatch.setenv("CHARIOT_JWKS_URL", "file:///tmp/jwks.json")
    monkeypatch.setenv("CHARIOT_CACHE_TTL_SECONDS", "300")
    settings = Settings()  # type: ignore[call-arg]
    assert (settings.service, settings.table_name, settings.cache_ttl_seconds) == (
        "users",
        "UserService-dev",
        300,
    )
    assert settings.environment == "local"


def test_production_settings_are_accepted() -> None:
    assert Settings(**PROD).environment == "prod"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"redis_url": f"redis://:{LOCAL_PASSWORD}@cache:6379/0"}, "REDIS_URL"),
        ({"jwt_issuer": "https://chariot.local/dev"}, "JWT_ISSUER"),
        ({"jwks_url": "file:///keys/jwks.json"}, "JWKS_URL must be an https"),
        ({"dynamodb_endpoint": "http://127.0.0.1:8000"}, "DYNAMODB_ENDPOINT"),
        (
            {"graph_backend": "falkordb", "graph_url": f"redis://:{LOCAL_PASSWORD}@g:6379"},
            "GRAPH_URL",
        ),
    ],
)
def test_local_defaults_are_refused_outside_local(override: dict[str, str], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        Settings(**{**PROD, **override})  # type: ignore[arg-type]


def test_missing_jwks_and_neptune_endpoint_are_errors() -> None:
    with pytest.raises(ValidationError, match="CHARIOT_JWKS_URL is required"):
        Settings(**{**PROD, "jwks_url": None})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="NEPTUNE_ENDPOINT"):
        Settings(**{**PROD, "neptune_endpoint": None})  # type: ignore[arg-type]


def test_every_name_of_the_contract_is_read() -> None:
    """Each variable the manifests and `dev up` may set is a Settings field (or a process
    variable of `chariot.runtime.serve`): a rename on one side fails here, not in a pod."""
    names = [
        value
        for key, value in vars(variables).items()
        if key.isupper() and key not in ("PREFIX", "PROCESS")
    ]
    assert len(names) > 20
    for name in names:
        field = name.removeprefix(variables.PREFIX).lower()
        assert name in variables.PROCESS or field in Settings.model_fields, name


def test_the_unprefixed_names_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """One contract: SERVICE_NAME or TABLE_NAME alone do not configure a service."""
    monkeypatch.setenv("SERVICE_NAME", "assets")
    monkeypatch.setenv("TABLE_NAME", "AssetService-staging")
    monkeypatch.setenv(variables.JWKS_URL, "file:///tmp/jwks.json")
    with pytest.raises(ValidationError, match="service"):
        Settings()  # type: ignore[call-arg]


IAM_CACHE = {
    **PROD,
    "redis_url": "rediss://chariot-prod-app@master.cache.amazonaws.com:6379/0",
    "redis_iam_auth": True,
    "redis_replication_group": "chariot-prod-cache",
}


def test_iam_authenticated_cache_settings_are_accepted() -> None:
    settings = Settings(**IAM_CACHE)  # type: ignore[arg-type]
    assert settings.redis_iam_auth
    assert settings.redis_replication_group == "chariot-prod-cache"


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"redis_url": "redis://chariot-prod-app@cache:6379/0"}, "rediss://<user>"),
        ({"redis_url": "rediss://:token@cache:6379/0"}, "rediss://<user>"),
        ({"redis_url": "rediss://app:password@cache:6379/0"}, "no password"),
        ({"redis_replication_group": None}, "REDIS_REPLICATION_GROUP"),
    ],
)
def test_iam_authenticated_cache_needs_tls_a_user_and_the_group(
    override: dict[str, object], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        Settings(**{**IAM_CACHE, **override})  # type: ignore[arg-type]


def test_a_pending_cache_url_fails_at_start_naming_the_variable() -> None:
    """What a Deployment rendered before the data stack's outputs were known looks like."""
    pending = {k: v for k, v in IAM_CACHE.items() if k != "redis_url"}
    with pytest.raises(ValidationError, match="CHARIOT_REDIS_URL"):
        Settings(**pending)  # type: ignore[arg-type]


def test_without_a_cache_no_redis_url_is_needed() -> None:
    """The DR region's manifests run the services without a cache (CHARIOT_CACHE_BACKEND=none):
    the local default URL is then never used, so it is not refused."""
    settings = Settings(  # type: ignore[arg-type]
        **{**PROD, "redis_url": f"redis://:{LOCAL_PASSWORD}@127.0.0.1:6379/0"},
        cache_backend="none",
    )
    assert settings.cache_backend == "none"
    with pytest.raises(ValidationError, match="cache_backend"):
        Settings(**PROD, cache_backend="memcached")  # type: ignore[arg-type]


def test_a_service_declaring_a_cache_runs_without_one_when_told() -> None:
    from chariot.runtime.kit.app import _connect

    settings = Settings(  # type: ignore[arg-type]
        **{**PROD, "graph_backend": "none", "neptune_endpoint": None}, cache_backend="none"
    )

    async def scenario() -> tuple[object, object, object]:
        kit = await _connect(settings, cache=True, graph=False)
        redis = settings.model_copy(update={"cache_backend": "redis"})
        with_cache = await _connect(redis, cache=True, graph=False)
        assert with_cache.redis is not None
        await with_cache.redis.aclose()
        return kit.cache, kit.redis, with_cache.cache

    cache, redis, cache_when_redis = asyncio.run(scenario())
    assert (cache, redis) == (None, None)  # every read goes to the table
    assert cache_when_redis is not None


def test_what_only_redis_holds_answers_503_without_a_cache() -> None:
    """The users' sessions live in Redis only: without a cache they are unavailable (503),
    never a 500."""
    from chariot.runtime.kit.app import _connect
    from chariot.runtime.kit.errors import UnavailableError

    settings = Settings(  # type: ignore[arg-type]
        **{**PROD, "graph_backend": "none", "neptune_endpoint": None}, cache_backend="none"
    )
    kit = asyncio.run(_connect(settings, cache=True, graph=False))
    with pytest.raises(UnavailableError, match="cache unavailable") as raised:
        kit.need_redis()
    assert raised.value.status == 503
