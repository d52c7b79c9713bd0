"""The one way chariot reads YAML: bounded, with the line of every field, one-line errors.

A YAML file is untrusted input. PyYAML alone expands aliases without limit (a "billion laughs"
file of 1 KB becomes gigabytes once a consumer walks it), recurses once per nesting level
(5,000 levels raise RecursionError), and reports bad bytes as exceptions without a line. So
every file is first checked as a stream of parser events, without building anything:

- size: the file is refused above `Limits.max_bytes` before it is read;
- bytes: not UTF-8, or a control character, is an error naming the line;
- depth: more than `Limits.max_depth` nested collections is an error;
- aliases: the nodes an alias stands for are counted as if expanded, and more than
  `Limits.max_alias_nodes` of them is an error; an alias used inside its own anchor (a
  recursive structure) is an error.

The same pass records the line of each field path of the text (aliased content is not walked:
a path inside it reports the alias's line) and the duplicate keys. Only then is the document
composed and constructed by PyYAML's safe loader, whose work is now bounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from chariot.spec.problems import Loc

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What YAML refuses in a stream (PyYAML's Reader.NON_PRINTABLE), found here to name the line.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much a YAML file may hold. The defaults fit Kubernetes manifests and upstream CRD
    bundles (the largest, Istio's, is 870 kB and about 35 levels deep) with a wide margin."""

    max_bytes: int = 32 * _MIB
    max_depth: int = 200
    max_alias_nodes: int = 100_000


MANIFESTS = Limits()
SPEC = Limits(max_bytes=1 * _MIB, max_depth=64, max_alias_nodes=10_000)
"""A spec file is a few kilobytes of shallow mappings."""


class YamlError(ValueError):
    """A file that is not acceptable YAML: said in one line, `file:line: reason`."""

    def __init__(self, file: Path, reason: str, line: int | None = None) -> None:
        self.file = file
        self.reason = " ".join(reason.split())
        self.line = line
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {self.reason}")


@dataclass
class YamlDocument:
    """One document: its data, the line of each field path, and the keys given twice."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[Loc] = field(default_factory=list)

    def line(self, loc: Loc) -> int | None:
        return deepest_line(self.lines, loc)


def deepest_line(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    """The line of the deepest part of `loc` that is written in the file."""
    for end in range(len(loc), -1, -1):
        line = lines.get(loc[:end])
        if line is not None:
            return line
    return None


def _size(count: int) -> str:
    return f"{count / _MIB:.1f} MiB" if count >= _MIB else f"{count:,} bytes"


def read_text(file: Path, limits: Limits = MANIFESTS) -> str:
    """The file's text, or a YamlError: not a file, too large, not UTF-8, control characters."""
    if file.is_dir():
        raise YamlError(file, "is a folder, not a YAML file")
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            raise YamlError(
                file,
                f"the file is {_size(size)}; at most {_size(limits.max_bytes)} of YAML is read",
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise YamlError(file, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            file, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded", line
        ) from None
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise YamlError(
            file, f"control character U+{ord(bad.group()):04X} is not allowed in YAML", line
        )
    return text.removeprefix("\ufeff")


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return 0 if mark is None else mark.line + 1


@dataclass
class _Frame:
    """An open mapping or sequence during the event scan."""

    mapping: bool
    loc: Loc | None  # None inside a complex (collection) key: not indexed
    anchor: str | None
    size: int = 1
    index: int = 0
    key: str | int | None = None
    seen: set[str] = field(default_factory=set)


class _Scan:
    """One pass over the parser events: depth, alias expansion, lines and duplicate keys."""

    def __init__(self, file: Path, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.anchors: dict[str, tuple[int, str | None]] = {}  # size, scalar value
        self.open_anchors: set[str] = set()
        self.alias_nodes = 0
        self.stack: list[_Frame] = []
        self.documents: list[YamlDocument] = []

    def error(self, event: yaml.Event, reason: str) -> YamlError:
        return YamlError(self.file, reason, _line(event))

    def _place(self, event: yaml.Event, scalar: str | None) -> tuple[Loc | None, bool]:
        """Where a node event goes: its field path, and whether it is a mapping key."""
        document = self.documents[-1]
        if not self.stack:
            document.lines.setdefault((), _line(event))
            return (), False
        parent = self.stack[-1]
        if parent.loc is None:
            return None, False
        if parent.mapping and parent.key is None:
            key = scalar if scalar is not None else "?"
            loc = (*parent.loc, key)
            if scalar is not None and key in parent.seen:
                document.duplicates.append(loc)
            parent.seen.add(key)
            document.lines[loc] = _line(event)
            parent.key = key
            return (None if scalar is None else loc), True
        if parent.mapping:
            loc = (*parent.loc, parent.key) if parent.key is not None else parent.loc
            parent.key = None
        else:
            loc = (*parent.loc, parent.index)
            parent.index += 1
        document.lines.setdefault(loc, _line(event))
        return loc, False

    def _add(self, size: int) -> None:
        """Count a finished node (and what it expands to) into its parent's size."""
        if self.stack:
            self.stack[-1].size = min(self.stack[-1].size + size, self.limits.max_alias_nodes + 1)

    def event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents.append(YamlDocument(None))
        elif isinstance(event, yaml.ScalarEvent):
            self._place(event, event.value)
            if event.anchor is not None:
                self.anchors[event.anchor] = (1, event.value)
            self._add(1)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(self.stack) >= self.limits.max_depth:
                raise self.error(event, f"nested more than {self.limits.max_depth} levels deep")
            loc, is_key = self._place(event, None)
            if event.anchor is not None:
                self.open_anchors.add(event.anchor)
            mapping = isinstance(event, yaml.MappingStartEvent)
            self.stack.append(_Frame(mapping, None if is_key else loc, event.anchor))
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
                self.anchors[frame.anchor] = (frame.size, None)
            self._add(frame.size)

    def _alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise self.error(event, f"recursive alias *{name}: it is used inside its own anchor")
        if name not in self.anchors:
            raise self.error(event, f"alias *{name} names no anchor defined before it")
        size, scalar = self.anchors[name]
        self._place(event, scalar)
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise self.error(
                event,
                f"aliases expand to more than {self.limits.max_alias_nodes} nodes "
                "(a YAML alias bomb?); write the values out instead",
            )
        self._add(size)


def _yaml_error(file: Path, exc: yaml.YAMLError) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return YamlError(file, f"malformed YAML: {reason}", mark.line + 1 if mark else None)


def parse(text: str, file: Path, limits: Limits = MANIFESTS) -> list[YamlDocument]:
    """Every document of `text` (named `file` in errors), checked, then constructed."""
    scan = _Scan(file, limits)
    loader = _Loader(text)
    try:
        while loader.check_event():
            scan.event(loader.get_event())  # type: ignore[no-untyped-call]
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc) from None
    finally:
        loader.dispose()
    loader = _Loader(text)
    try:
        for document in scan.documents:
            node = loader.get_node() if loader.check_node() else None
            document.data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of 5,000 digits
        raise YamlError(file, f"cannot construct a value: {exc}") from None
    finally:
        loader.dispose()
    return scan.documents


def load_documents(file: Path, limits: Limits = MANIFESTS) -> list[YamlDocument]:
    """Every document of a YAML file (empty ones included, with data None)."""
    return parse(read_text(file, limits), file, limits)


def load_document(file: Path, limits: Limits = MANIFESTS) -> YamlDocument:
    """The single document of a YAML file; an empty file gives data None."""
    documents = load_documents(file, limits)
    if len(documents) > 1:
        second = documents[1].line(()) or None
        raise YamlError(file, f"holds {len(documents)} YAML documents; one is expected", second)
    return documents[0] if documents else YamlDocument(None)


def load_data(file: Path, limits: Limits = MANIFESTS) -> Any:
    """The data of a single-document YAML file (None when empty)."""
    return load_document(file, limits).data
