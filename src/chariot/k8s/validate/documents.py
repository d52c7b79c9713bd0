"""Read YAML files into documents that remember their file and the line of every field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chariot.k8s.validate.findings import Finding, format_path
from chariot.spec import yaml_loader

FieldPath = tuple[str | int, ...]
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Document:
    """One YAML document of a file. `lines` None: the object was checked as rendered, and the
    file is read for its lines only when a finding asks for one."""

    file: str
    index: int
    data: Any
    lines: dict[FieldPath, int] | None = field(default_factory=dict)

    def line(self, path: FieldPath) -> int | None:
        """The line of the deepest part of `path` that exists in the file."""
        if self.lines is None:
            self.lines = _lines_of(Path(self.file), self.index)
        return yaml_loader.deepest_line(self.lines, path)


def _lines_of(file: Path, index: int) -> dict[FieldPath, int]:
    try:
        documents = yaml_loader.load_documents(file, yaml_loader.MANIFESTS)
    except (OSError, yaml_loader.YamlError):
        return {}  # changed or gone since it was written: the finding has no line
    return documents[index].lines if index < len(documents) else {}


def rendered(objects: Iterable[tuple[Path, Any]]) -> list[Document]:
    """Objects as chariot rendered and wrote them, one per file: the same data the file parses
    to (render.dump writes plain YAML of plain types), without parsing chariot's own output
    again (at 1000 services that parse took half of the validation's time)."""
    return [Document(str(path), 0, data, None) for path, data in objects]


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
    """Every non-empty document of one file, or a finding when the file is not YAML (read by
    the bounded loader: size, depth and alias expansion are limited) or holds no object."""
    try:
        documents = yaml_loader.load_documents(file, yaml_loader.MANIFESTS)
    except yaml_loader.YamlError as exc:
        yield Finding(str(file), "-", "<yaml>", "yaml", exc.reason, exc.line)
        return
    index = 0
    for loaded in documents:
        document = Document(str(file), index, loaded.data, loaded.lines)
        index += 1
        if loaded.data is None:
            continue
        for dupe in loaded.duplicates:
            yield Finding(
                str(file),
                f"document {document.index}",
                format_path(dupe),
                "yaml",
                "duplicate key: YAML keeps only the last value, the first is silently lost",
                document.line(dupe),
            )
        yield document
    if all(loaded.data is None for loaded in documents):
        yield Finding(str(file), "-", "<file>", "input", "holds no Kubernetes object (empty)")
