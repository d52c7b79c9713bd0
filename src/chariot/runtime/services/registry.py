"""The services this package can run, by catalog name: adding a service is one module + one line.

Each entry is the app factory granian starts with `--factory`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chariot.runtime.services import assets, users, vulnerabilities

SERVICES: dict[str, Callable[[], Any]] = {
    "users": users.create_app,
    "assets": assets.create_app,
    "vulnerabilities": vulnerabilities.create_app,
}


def factory_path(name: str) -> str:
    """`module:function` of a service's app factory, for granian's `--factory`."""
    factory = SERVICES[name]
    return f"{factory.__module__}:{factory.__name__}"
