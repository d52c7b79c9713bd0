"""Fixtures for the manifest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.k8s.validate.settings import resolve_crds_dir
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import load


@pytest.fixture(scope="session")
def prod() -> PlatformSpec:
    return load("prod")


@pytest.fixture(scope="session")
def crds_dir() -> Path:
    return resolve_crds_dir()
