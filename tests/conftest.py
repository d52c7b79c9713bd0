"""Shared fixtures: the project root, loaded specs, one synthesis per environment per session."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chariot.spec.load import environment_names, load_spec
from chariot.spec.model import PlatformSpec

ROOT = Path(__file__).resolve().parents[1]
# Specs are checked as of a fixed day so the suite does not start failing when a Kubernetes
# version leaves standard support; tests of the support table pass their own day.
CHECK_DAY = date(2026, 11, 26)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def specs() -> dict[str, PlatformSpec]:
    return {name: load_spec(ROOT, name, CHECK_DAY) for name in environment_names(ROOT)}


@pytest.fixture(scope="session")
def spec_data() -> dict[str, Any]:
    """The prod spec as plain data, for tests that mutate it."""
    import yaml

    data = yaml.safe_load((ROOT / "environments" / "prod.yaml").read_text())
    data["services"] = [
        yaml.safe_load(p.read_text()) for p in sorted((ROOT / "services").glob("*.yaml"))
    ]
    return data


class Synthesized:
    """The templates of one synthesized environment, by stack part ('network', ...)."""

    def __init__(self, outdir: Path, spec: PlatformSpec) -> None:
        self.outdir = outdir
        self.spec = spec

    def template_path(self, part: str) -> Path:
        return self.outdir / f"{self.spec.name}-{self.spec.environment}-{part}.template.json"

    def json(self, part: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.template_path(part).read_text())
        return data

    def resources(self, part: str, kind: str) -> dict[str, dict[str, Any]]:
        """Logical id -> resource, for every resource of CloudFormation type `kind`."""
        return {k: v for k, v in self.json(part)["Resources"].items() if v["Type"] == kind}

    def service_stacks(self) -> dict[str, dict[str, Any]]:
        """Part ('services-7') -> template, for every service stack."""
        prefix = f"{self.spec.name}-{self.spec.environment}-"
        return {
            path.name.removesuffix(".template.json").removeprefix(prefix): json.loads(
                path.read_text()
            )
            for path in sorted(self.outdir.glob(f"{prefix}services-*.template.json"))
        }

    def service_resources(self, kind: str | None = None) -> dict[str, dict[str, Any]]:
        """Logical id -> resource of type `kind` (any type when None) over the service stacks
        (logical ids are unique across them: each names its service)."""
        return {
            k: v
            for template in self.service_stacks().values()
            for k, v in template["Resources"].items()
            if kind is None or v["Type"] == kind
        }


@pytest.fixture(scope="session")
def synthesized(
    specs: dict[str, PlatformSpec], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Synthesized]:
    """Every environment synthesized once per test session (cdk-nag runs as part of it)."""
    from chariot.infra.synthesis import synthesize

    out = tmp_path_factory.mktemp("dist")
    result = {}
    for name, spec in specs.items():
        synthesize(spec, out / name, ROOT)
        result[name] = Synthesized(out / name, spec)
    return result


# checkov runs from its own tool environment through `uvx` (part of uv). A developer without uv
# gets a skip; CI never skips: there a missing uvx is a failure of the install step.
needs_uvx = pytest.mark.skipif(
    shutil.which("uvx") is None and os.environ.get("CI") != "true",
    reason="uvx (part of uv) is needed to give checkov its own environment",
)
