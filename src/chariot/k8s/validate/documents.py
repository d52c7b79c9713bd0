"""Read YAML files into documents that remember their file and the line of every field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from chariot.k8s.validate.findings import Finding, format_path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FieldPath = tuple[str | int, ...]
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Document:
    """One YAML document of a file."""

    file: str
    index: int
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line(self, path: FieldPath) -> int | None:
        """The line of the deepest part of `path` that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def _index(
    node: yaml.Node, path: FieldPath, out: dict[FieldPath, int], dupes: list[FieldPath]
) -> None:
    out.setdefault(path, node.start_mark.line + 1)  # a key's own line wins over its value's
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                dupes.append((*path, key))
            seen.add(key)
            out[(*path, key)] = key_node.start_mark.line + 1
            _index(value_node, (*path, key), out, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), out, dupes)


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[Finding]]:
    """Files named, and the YAML files under folders named (sorted, recursive)."""
    files: list[Path] = []
    problems: list[Finding] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Finding(str(path), "-", "<file>", "input", "no such file or folder"))
    return files, problems


def read(file: Path) -> Iterator[Document | Finding]:
    """Every non-empty document of one file, or a finding when the file is not YAML."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield Finding(str(file), "-", "<file>", "input", f"cannot read: {exc}")
        return
    loader = Loader(text)
    index = 0
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            lines: dict[FieldPath, int] = {}
            dupes: list[FieldPath] = []
            _index(node, (), lines, dupes)
            data = loader.construct_document(node)
            document = Document(str(file), index, data, lines)
            index += 1
            if data is None:
                continue
            for dupe in dupes:
                yield Finding(
                    str(file),
                    f"document {document.index}",
                    format_path(dupe),
                    "yaml",
                    "duplicate key: YAML keeps only the last value, the first is silently lost",
                    document.line(dupe),
                )
            yield document
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        yield Finding(
            str(file),
            f"document {index}",
            "<yaml>",
            "yaml",
            f"malformed YAML: {getattr(exc, 'problem', None) or exc}",
            mark.line + 1 if mark is not None else None,
        )
    finally:
        loader.dispose()
