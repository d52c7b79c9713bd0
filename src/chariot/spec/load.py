"""Read an environment file and the service catalog into a validated `PlatformSpec`.

Every mistake becomes a `Problem` naming the file, the YAML line, the field path and the reason;
all of them are collected and raised together as one `SpecError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chariot.spec.model import PlatformSpec
from chariot.spec.problems import Loc, Problem, SpecError, format_path
from chariot.spec.rules.base import Context
from chariot.spec.rules.registry import RULES

ENVIRONMENTS_DIR = "environments"
CATALOG_DIR = "services"


@dataclass
class Source:
    """Where each part of the merged document came from, to point errors at a file and line."""

    env_file: Path
    service_files: list[Path] = field(default_factory=list)
    lines: dict[tuple[Path, Loc], int] = field(default_factory=dict)

    def locate(self, loc: Loc) -> tuple[Path, Loc, int | None]:
        """Map a location in the merged document to (file, location in that file, line)."""
        if len(loc) >= 2 and loc[0] == "services" and isinstance(loc[1], int):
            if loc[1] < len(self.service_files):
                file = self.service_files[loc[1]]
                inner = loc[2:]
                return file, inner, self._line(file, inner)
        return self.env_file, loc, self._line(self.env_file, loc)

    def _line(self, file: Path, loc: Loc) -> int | None:
        for end in range(len(loc), -1, -1):
            line = self.lines.get((file, loc[:end]))
            if line is not None:
                return line
        return None


def _index_lines(node: yaml.Node, file: Path, loc: Loc, out: dict[tuple[Path, Loc], int]) -> None:
    out[(file, loc)] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise SpecError(
                    [
                        Problem(
                            file,
                            format_path((*loc, key)),
                            "duplicate key (YAML keeps only the last one)",
                            key_node.start_mark.line + 1,
                        )
                    ]
                )
            seen.add(key)
            out[(file, (*loc, key))] = key_node.start_mark.line + 1
            _index_lines(value_node, file, (*loc, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, file, (*loc, index), out)


def read_yaml(file: Path, source: Source) -> Any:
    """Parse one YAML file, recording the line of every node; malformed YAML is a Problem."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError([Problem(file, "<file>", f"cannot read: {exc.strerror}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise SpecError([Problem(file, "<yaml>", f"malformed YAML: {reason}", line)]) from None
    if node is not None:
        _index_lines(node, file, (), source.lines)
    return data


def _reason(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in {"string_pattern_mismatch", "literal_error", "enum"} and "input" in error:
        message = f"{error['input']!r}: {message}"
    return message


def _problems(source: Source, violations: list[tuple[Loc, str]]) -> list[Problem]:
    problems = []
    for loc, reason in violations:
        file, inner, line = source.locate(loc)
        problems.append(Problem(file, format_path(inner), reason, line))
    return problems


def spec_from_data(data: Any, source: Source, on: date | None = None) -> PlatformSpec:
    """Validate a merged document: structure first, then the cross-field rules."""
    if not isinstance(data, dict):
        raise SpecError([Problem(source.env_file, "<root>", "the file must hold a mapping")])
    try:
        spec = PlatformSpec.model_validate(data)
    except ValidationError as exc:
        violations = [
            (tuple(e["loc"]), _reason(dict(e))) for e in exc.errors(include_url=False)
        ]
        raise SpecError(_problems(source, violations)) from None
    ctx = Context(on=on or date.today())
    violations = [v for rule in RULES.values() for v in rule(spec, ctx)]
    if violations:
        raise SpecError(_problems(source, violations))
    return spec


def environment_names(root: Path) -> list[str]:
    """The environments that have a spec file under `root/environments`."""
    return sorted(p.stem for p in (root / ENVIRONMENTS_DIR).glob("*.yaml"))


def load_spec(root: Path, environment: str, on: date | None = None) -> PlatformSpec:
    """Load `environments/<environment>.yaml` plus every `services/*.yaml` under `root`."""
    env_file = root / ENVIRONMENTS_DIR / f"{environment}.yaml"
    if not env_file.is_file():
        known = ", ".join(environment_names(root)) or "none"
        raise SpecError(
            [Problem(env_file, "<file>", f"no such environment {environment!r} (known: {known})")]
        )
    source = Source(env_file)
    data = read_yaml(env_file, source)
    if isinstance(data, dict):
        if "services" in data:
            raise SpecError(
                [
                    Problem(
                        env_file,
                        "services",
                        f"services are catalog entries: one file each under {CATALOG_DIR}/",
                        source.lines.get((env_file, ("services",))),
                    )
                ]
            )
        if data.get("environment") not in (None, environment):
            raise SpecError(
                [
                    Problem(
                        env_file,
                        "environment",
                        f"{data['environment']!r} does not match the file name {environment!r}",
                        source.lines.get((env_file, ("environment",))),
                    )
                ]
            )
        services = []
        for file in sorted((root / CATALOG_DIR).glob("*.yaml")):
            source.service_files.append(file)
            services.append(read_yaml(file, source))
        data = {**data, "services": services}
    return spec_from_data(data, source, on)
