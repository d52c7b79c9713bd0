from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_catalog_tags_name_the_platform_repository(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    assert {s.image for s in load(tmp_path, spec_data).services} == {"0.1.0"}


def test_docker_hub_image_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][0]["image"] = "chariot/assets:0.1.0"
    (line,) = problems(tmp_path, data)
    assert "services/00-svc.yaml" in line
    assert "image: service 'assets' names an image in docker.io" in line
    assert "registry.external (none)" in line


def test_external_registry_the_spec_names(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["registry"] = {"external": ["ghcr.io"]}
    data["services"][0]["image"] = "ghcr.io/acme/assets:2.3.1"
    data["services"][1]["canary"] = {"version": "v2", "image": "quay.io/x/y:1", "weight": 5}
    (line,) = problems(tmp_path, data)
    assert "canary.image: service 'users' names an image in quay.io" in line


def test_full_reference_needs_a_tag_or_digest(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][0]["image"] = "ghcr.io/acme/assets"
    (line,) = problems(tmp_path, data)
    assert "image: " in line
    assert "a full reference with a tag or digest" in line
