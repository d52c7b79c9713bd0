"""The bounded YAML loader: limits hold before anything is built, lines come from the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.spec.yaml_loader import Limits, YamlError, load_document, load_documents, parse

FILE = Path("f.yaml")


def test_lines_duplicates_and_data() -> None:
    (document,) = parse("a: 1\nb:\n  c: [1, 2]\n  d: {e: f}\nb: 3\n", FILE)
    assert document.data == {"a": 1, "b": 3}
    assert document.lines[("b", "c", 1)] == 3
    assert document.line(("b", "d", "e", "deeper")) == 4
    assert document.duplicates == [("b",)]


def test_the_line_index_does_not_walk_aliases() -> None:
    text = "base: &x {p: 1, q: [1, 2, 3]}\n" + "".join(f"k{i}: *x\n" for i in range(50))
    (document,) = parse(text, FILE)
    assert document.data["k49"] == {"p": 1, "q": [1, 2, 3]}
    assert len(document.lines) == 1 + 6 + 50  # root, base's six nodes, one line per alias
    assert document.line(("k7", "q", 2)) == 9  # inside an alias: the alias's line


@pytest.mark.parametrize(
    ("text", "limits", "message"),
    [
        ("a: &a [1, 2, 3]\nb: [*a, *a]\n", Limits(max_alias_nodes=7), "f.yaml:2: aliases expand"),
        ("a: &a [1, 2, 3]\nb: [*a, *a]\n", Limits(max_alias_nodes=8), None),
        ("a: [[[1]]]\n", Limits(max_depth=3), "f.yaml:1: nested more than 3 levels deep"),
        ("a: &r [*r]\n", Limits(), "recursive alias *r"),
        ("a: *r\n", Limits(), "alias *r names no anchor"),
        ("a: 1\n---\nb: 2\n", Limits(), None),
    ],
)
def test_limits(text: str, limits: Limits, message: str | None) -> None:
    if message is None:
        parse(text, FILE, limits)
        return
    with pytest.raises(YamlError) as raised:
        parse(text, FILE, limits)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_files(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text("a: 1\n---\nb: 2\n")
    assert [d.data for d in load_documents(file)] == [{"a": 1}, {"b": 2}]
    with pytest.raises(YamlError, match=r"x.yaml:3: holds 2 YAML documents"):
        load_document(file)
    file.write_bytes(b"a: 1\nb: \x80\n")
    with pytest.raises(YamlError, match=r"x.yaml:2: not UTF-8 text: byte 0x80"):
        load_document(file)
    file.write_text("a: 1\n" * 10)
    with pytest.raises(YamlError, match=r"the file is 50 bytes; at most 20 bytes of YAML is read"):
        load_document(file, Limits(max_bytes=20))
    with pytest.raises(YamlError, match=r"is a folder, not a YAML file"):
        load_document(tmp_path)
    with pytest.raises(YamlError, match=r"missing.yaml: cannot read: No such file"):
        load_document(tmp_path / "missing.yaml")
