"""The dr-region-distinct rule: the DR copies live outside the platform's region."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_another_region_passes(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).dr.dr_region == "us-west-2"


def test_the_platform_region_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["dr"]["dr_region"] = "us-east-1"
    (line,) = problems(tmp_path, data)
    assert line.endswith("dr.dr_region: the DR region must differ from the primary us-east-1")
