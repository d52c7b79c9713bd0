"""The report's tests: the shipped prod spec."""

from __future__ import annotations

import pytest

from chariot.spec.model import PlatformSpec


@pytest.fixture(scope="session")
def prod(specs: dict[str, PlatformSpec]) -> PlatformSpec:
    return specs["prod"]
