"""The services this package can run, by catalog name: adding a service is one module + one line.

Each entry is the `module:function` of the app factory granian starts with `--factory`. Held as
text so that listing the services (the CLI, the load test, `dev up`) imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

SERVICES: dict[str, str] = {
    "users": "chariot.runtime.services.users:create_app",
    "assets": "chariot.runtime.services.assets:create_app",
    "vulnerabilities": "chariot.runtime.services.vulnerabilities:create_app",
}


def factory_path(name: str) -> str:
    """`module:function` of a service's app factory, for granian's `--factory`."""
    return SERVICES[name]


def factory(name: str) -> Callable[..., Any]:
    """The app factory itself (imports the service's module)."""
    module, function = SERVICES[name].split(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return found
