"""The prod spec for readiness rules that read the spec beside their template fixtures."""

from __future__ import annotations

import pytest

from chariot.spec.model import PlatformSpec


@pytest.fixture
def spec(specs: dict[str, PlatformSpec]) -> PlatformSpec:
    return specs["prod"]
