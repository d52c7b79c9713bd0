"""Read an environment file and the service catalog into a validated `PlatformSpec`.

Every mistake becomes a `Problem` naming the file, the YAML line, the field path and the reason;
all of them are collected and raised together as one `SpecError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from chariot.spec import yaml_loader
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
        index = loc[1] if len(loc) >= 2 and loc[0] == "services" else None
        if isinstance(index, int) and index < len(self.service_files):
            file = self.service_files[index]
            return file, loc[2:], self._line(file, loc[2:])
        return self.env_file, loc, self._line(self.env_file, loc)

    def _line(self, file: Path, loc: Loc) -> int | None:
        for end in range(len(loc), -1, -1):
            line = self.lines.get((file, loc[:end]))
            if line is not None:
                return line
        return None


def read_yaml(file: Path, source: Source) -> Any:
    """Parse one YAML file (bounded: `yaml_loader.SPEC`), recording the line of every field;
    malformed or oversized YAML and duplicate keys are Problems."""
    try:
        document = yaml_loader.load_document(file, yaml_loader.SPEC)
    except yaml_loader.YamlError as exc:
        raise SpecError([Problem(file, "<yaml>", exc.reason, exc.line)]) from None
    if document.duplicates:
        raise SpecError(
            [
                Problem(
                    file,
                    format_path(loc),
                    "duplicate key (YAML keeps only the last one)",
                    document.lines.get(loc),
                )
                for loc in document.duplicates
            ]
        )
    source.lines.update({(file, loc): line for loc, line in document.lines.items()})
    return document.data


def _reason(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required field is missing"
    value = error.get("input")
    if kind in {"int_type", "float_type"} and isinstance(value, bool):
        return f"{str(value).lower()} is a boolean, not a number"
    if kind in {"int_type", "float_type"} and isinstance(value, str):
        return f"{value!r} is text, not a number"
    if kind == "bool_type":
        return f"{value!r} is not true or false"
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
        violations = [(tuple(e["loc"]), _reason(dict(e))) for e in exc.errors(include_url=False)]
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
    if not env_file.exists():
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
        catalog = root / CATALOG_DIR
        if not catalog.is_dir():
            reason = "is a file, not" if catalog.exists() else "is missing: add"
            raise SpecError(
                [
                    Problem(
                        catalog,
                        "<folder>",
                        f"{reason} the service catalog folder (one <name>.yaml per service)",
                    )
                ]
            )
        services = []
        for file in sorted(catalog.glob("*.yaml")):
            source.service_files.append(file)
            services.append(read_yaml(file, source))
        data = {**data, "services": services}
    return spec_from_data(data, source, on)
