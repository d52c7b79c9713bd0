"""The service registry: every entry resolves to an app factory, and listing imports none."""

from __future__ import annotations

import subprocess
import sys

from chariot.runtime.services.registry import SERVICES, factory, factory_path


def test_every_entry_is_an_app_factory() -> None:
    for name in SERVICES:
        found = factory(name)
        assert callable(found)
        assert f"{found.__module__}:{found.__name__}" == factory_path(name)


def test_listing_the_services_imports_none_of_them() -> None:
    code = (
        "import sys; from chariot.runtime.services.registry import SERVICES; "
        "print(sorted(m for m in sys.modules if m.startswith('chariot.runtime.services.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['chariot.runtime.services.registry']"
