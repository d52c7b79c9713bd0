from __future__ import annotations

from pathlib import Path

from chariot.k8s.validate.documents import Document, expand, read
from chariot.k8s.validate.findings import Finding


def test_lines_of_fields_and_empty_documents(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("---\n---\nkind: A\nspec:\n  items:\n  - x: 1\n")
    (document,) = list(read(file))
    assert isinstance(document, Document)
    assert document.line(("spec", "items", 0, "x")) == 6
    assert document.line(("spec", "missing", "deeper")) == 4


def test_duplicate_keys_are_findings(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("kind: A\nkind: B\n")
    finding, document = list(read(file))
    assert isinstance(finding, Finding)
    assert (finding.path, finding.line, finding.rule) == ("kind", 2, "yaml")
    assert isinstance(document, Document)


def test_malformed_yaml(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("kind: [unclosed\n")
    (finding,) = list(read(file))
    assert isinstance(finding, Finding)
    assert finding.reason.startswith("malformed YAML")


def test_expand_folders_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["b.yaml", "sub/a.yml", "notes.txt"]:
        (tmp_path / name).write_text("kind: A\n")
    files, problems = expand([tmp_path, tmp_path / "gone.yaml"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["b.yaml", "sub/a.yml"]
    assert [p.reason for p in problems] == ["no such file or folder"]
