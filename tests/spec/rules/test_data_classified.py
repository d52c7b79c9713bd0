"""The data-classified rule, and the class of each store the catalog gives."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from chariot.spec.data_classification import highest, store_classifications
from tests.spec.helpers import load, problems


def test_prod_classifies_every_store(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    levels = store_classifications(load(tmp_path, spec_data))
    assert levels["table:UserService-prod"] == "confidential"
    assert levels["table:VulnerabilityService-prod"] == "restricted"
    assert levels["graph"] == "restricted"  # vulnerabilities use the graph
    assert levels["cache"] == "restricted"
    assert levels["objects"] == "restricted"
    assert (levels["logs"], levels["static"]) == ("confidential", "public")


def test_a_service_storing_data_must_name_its_class(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    index = next(i for i, s in enumerate(data["services"]) if s["name"] == "users")
    del data["services"][index]["data"]["classification"]
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "data.classification: users stores data (table, graph or cache) but names no class: "
        "set public, internal, confidential or restricted"
    )


def test_highest_orders_the_classes() -> None:
    assert highest(["public", "restricted", "internal"]) == "restricted"
    assert highest([None]) == "internal"
