"""`chariot cost --format json` against its published schema (docs/cost.schema.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from chariot.plan.capacity import plan_capacity
from chariot.plan.cost.estimate import SCHEMA_VERSION, all_usage_keys, estimate
from chariot.plan.cost.usage import Usage, load_usage
from chariot.plan.placement import place
from chariot.spec.model import PlatformSpec
from tests.plan.cost.helpers import with_dr_stack

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "docs" / "cost.schema.json").read_text())


@pytest.fixture(scope="module")
def document(prod: PlatformSpec) -> dict[str, object]:
    usage = load_usage(ROOT / "environments" / "usage" / "prod.yaml", all_usage_keys())
    placements = place(prod)
    result = estimate(
        prod,
        ROOT / "tests" / "plan" / "fixtures" / "prod",
        usage,
        capacity=plan_capacity(prod, placements),
        placements=placements,
        today=date(2026, 11, 26),
    )
    return json.loads(json.dumps(result.to_dict()))


def test_the_json_output_validates_against_the_published_schema(
    document: dict[str, object],
) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(document, SCHEMA)
    assert (
        document["schema_version"]
        == SCHEMA_VERSION
        == SCHEMA["properties"]["schema_version"]["const"]
    )


def test_the_schema_catches_a_missing_line_field(document: dict[str, object]) -> None:
    lines = document["lines"]
    assert isinstance(lines, list)
    broken = {**document, "lines": [{k: v for k, v in lines[0].items() if k != "source"}]}
    with pytest.raises(jsonschema.ValidationError, match="source"):
        jsonschema.validate(broken, SCHEMA)


def test_an_estimate_over_two_regions_validates_and_names_both_catalogs(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    assert prod.dr is not None
    folder = with_dr_stack(prod, tmp_path / "templates", prod.dr.dr_region)
    document = estimate(prod, folder, Usage(), today=date(2026, 12, 2)).to_dict()
    jsonschema.validate(json.loads(json.dumps(document)), SCHEMA)
    assert [c["file"] for c in document["catalogs"]] == ["us-east-1.yaml", "us-west-2.yaml"]
    broken = {**document, "catalogs": [{"region": "us-west-2", "file": "us-west-2.yaml"}]}
    with pytest.raises(jsonschema.ValidationError, match="oldest_read"):
        jsonschema.validate(broken, SCHEMA)
