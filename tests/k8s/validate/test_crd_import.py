"""`chariot crds import`: upstream CRD files -> the shipped schemas, deterministically, without
documentation text, with provenance; and the result validates exactly as the upstream file."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from chariot.k8s.validate.crd_import import CrdImportError, import_crds
from chariot.k8s.validate.crd_sources import CrdSource
from chariot.k8s.validate.validator import validate_paths

DATA = Path(__file__).parent / "data"
UPSTREAM = DATA / "upstream"
EXPECTED = DATA / "shipped"  # what importing UPSTREAM writes, checked in
DAY = date(2026, 12, 1)
WIDGETS = CrdSource(
    name="widgets",
    repository="example/widgets",
    tag="v1.0.0",
    files={"widgets-1.0.0.yaml": "config/crd/widgets.yaml"},
    app_version="1.0.0",
    release="widgets",
    chart_version="1.0.0",
)


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.json"))}


def test_import_writes_the_expected_schemas(tmp_path: Path) -> None:
    [imported] = import_crds(UPSTREAM, tmp_path, DAY, [WIDGETS])
    assert imported.changed
    assert imported.crds == ["widgets.test.chariot.io"]
    assert _files(tmp_path) == _files(EXPECTED)


def test_importing_again_changes_nothing_not_even_the_date(tmp_path: Path) -> None:
    import_crds(UPSTREAM, tmp_path, DAY, [WIDGETS])
    before = _files(tmp_path)
    [again] = import_crds(UPSTREAM, tmp_path, date(2027, 1, 1), [WIDGETS])
    assert not again.changed
    assert _files(tmp_path) == before


def test_a_changed_upstream_file_gets_a_new_hash_and_date(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream"
    shutil.copytree(UPSTREAM, upstream)
    import_crds(upstream, tmp_path / "out", DAY, [WIDGETS])
    file = upstream / "widgets-1.0.0.yaml"
    file.write_text(file.read_text().replace("v1beta1", "v1alpha1"))
    [imported] = import_crds(upstream, tmp_path / "out", date(2027, 1, 1), [WIDGETS])
    provenance = json.loads((tmp_path / "out" / "widgets" / "provenance.json").read_text())
    assert imported.changed
    assert provenance["imported"] == "2027-01-01"
    assert provenance["files"][0]["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()


def test_documentation_goes_validation_stays() -> None:
    crd = json.loads((EXPECTED / "widgets" / "test.chariot.io_widgets.json").read_text())
    text = json.dumps(crd)
    assert "Widget is a test object" not in text
    assert "How big" not in text
    spec = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    assert spec["properties"]["description"] == {"type": "string"}  # a field, not a keyword
    assert spec["x-kubernetes-validations"][0]["rule"] == "self.size <= self.maxSize"
    assert spec["properties"]["maxSize"]["default"] == 10
    assert spec["properties"]["ports"]["x-kubernetes-list-map-keys"] == ["name"]
    assert [v["name"] for v in crd["spec"]["versions"]] == ["v1", "v1beta1"]
    assert crd["spec"]["versions"][1]["deprecated"] is True


def _widget(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "test.chariot.io/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "namespace": "shop"},
        "spec": spec,
    }


@pytest.mark.parametrize(
    ("obj", "rules"),
    [
        (_widget(size=3, port="http", description="kept", ports=[{"name": "a"}]), set()),
        (_widget(size=30), {"cel"}),  # above the defaulted maxSize
        (_widget(size=1, sise=2), {"crd-schema"}),  # pruning: an unknown field
        (_widget(size=1, ports=[{"name": "a"}, {"name": "a"}]), {"crd-schema"}),  # map key twice
        ({**_widget(size=1), "apiVersion": "test.chariot.io/v1beta1"}, {"crd-schema"}),
    ],
)
def test_shipped_schemas_judge_as_the_upstream_file(
    tmp_path: Path, obj: dict[str, Any], rules: set[str]
) -> None:
    import_crds(UPSTREAM, tmp_path / "shipped", DAY, [WIDGETS])
    file = tmp_path / "object.yaml"
    file.write_text(yaml.safe_dump(obj))
    upstream = validate_paths([file], "1.35", UPSTREAM)
    assert {f.rule for f in upstream} == rules
    assert validate_paths([file], "1.35", tmp_path / "shipped") == upstream


def test_missing_and_wrong_files_are_named(tmp_path: Path) -> None:
    two_files = CrdSource(**{**WIDGETS.__dict__, "files": {**WIDGETS.files, "gadgets.yaml": "g"}})
    with pytest.raises(CrdImportError, match=r"widgets v1.0.0 needs gadgets.yaml too"):
        import_crds(UPSTREAM, tmp_path, DAY, [two_files])
    with pytest.raises(CrdImportError, match=r"none of the upstream CRD files is there"):
        import_crds(tmp_path, tmp_path, DAY, [WIDGETS])
    (tmp_path / "widgets-1.0.0.yaml").write_text("kind: Namespace\n")
    with pytest.raises(
        CrdImportError, match=r"widgets-1.0.0.yaml: holds no CustomResourceDefinition"
    ):
        import_crds(tmp_path, tmp_path / "out", DAY, [WIDGETS])
    (tmp_path / "widgets-1.0.0.yaml").write_text("a: [\n")
    with pytest.raises(CrdImportError, match=r"widgets-1.0.0.yaml:2: malformed YAML"):
        import_crds(tmp_path, tmp_path / "out", DAY, [WIDGETS])
