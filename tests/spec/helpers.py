"""Write a spec tree (environment file + catalog) to a temp folder and load it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from chariot.spec.load import load_spec
from chariot.spec.model import PlatformSpec
from chariot.spec.problems import SpecError
from tests.conftest import CHECK_DAY


def write_tree(root: Path, data: dict[str, Any], env: str = "prod") -> Path:
    """Lay out `environments/<env>.yaml` and one `services/<name>.yaml` per service."""
    data = copy.deepcopy(data)
    services = data.pop("services", [])
    (root / "environments").mkdir(parents=True, exist_ok=True)
    (root / "services").mkdir(parents=True, exist_ok=True)
    (root / "environments" / f"{env}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    for index, service in enumerate(services):
        (root / "services" / f"{index:02d}-svc.yaml").write_text(
            yaml.safe_dump(service, sort_keys=False)
        )
    return root


def load(root: Path, data: dict[str, Any], env: str = "prod") -> PlatformSpec:
    write_tree(root, data, env)
    return load_spec(root, env, CHECK_DAY)


def problems(root: Path, data: dict[str, Any], env: str = "prod") -> list[str]:
    """The one-line messages the loader gives for `data` (fails if it loads cleanly)."""
    try:
        load(root, data, env)
    except SpecError as exc:
        return [str(p) for p in exc.problems]
    raise AssertionError("the spec was accepted")


def with_api(edge: dict[str, Any], kind: str) -> dict[str, Any]:
    """`edge` (spec data) with another API kind and the header mappings that kind accepts (the
    shipped ones strip response headers, which only the http API can)."""
    mapping = edge.get("parameter_mapping", {})
    kept = {"rest": {"set_request_headers": mapping.get("set_request_headers", {})}, "none": {}}
    return {**edge, "api_gateway": kind, "parameter_mapping": kept.get(kind, mapping)}


def catalog(spec_data: dict[str, Any], services: int, **edge: Any) -> dict[str, Any]:
    """The spec with `services` routed API services: the shipped ones, then copies of the
    first without data."""
    data = copy.deepcopy(spec_data)
    data["edge"].update(edge)
    data["edge"] = with_api(data["edge"], data["edge"]["api_gateway"])
    if edge.get("api_gateway") == "rest":
        data["edge"]["jwt"] = {}  # the rest edge authorizes with its own Cognito pool
    template = {**data["services"][0], "data": {}, "depends_on": []}
    copies = range(services - len(data["services"]))
    data["services"] += [{**template, "name": f"svc-{i}"} for i in copies]
    return data
