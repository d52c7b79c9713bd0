"""Usage assumptions per environment: `environments/usage/<env>.yaml`.

Keys are declared by the price mappings (section, name, unit, default); the file sets the values
a platform team knows better than code (requests per month, GB out, log GB, storage GB).
Per-resource values go under `resources: {<LogicalId>: {<name>: value}}`. An unknown key is an
error, and every value an estimate uses is reported with where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chariot.plan.cost.model import Resource, UsageKey
from chariot.spec import yaml_loader
from chariot.spec.problems import Problem, SpecError

USAGE_DIR = Path("environments") / "usage"
RESOURCES = "resources"


@dataclass(frozen=True)
class Usage:
    """Values from a usage file; `get` falls back to a derived value, then the key's default."""

    values: dict[str, dict[str, float]] = field(default_factory=dict)
    overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    file: Path | None = None

    def get(
        self,
        key: UsageKey,
        resource: Resource | None = None,
        derived: tuple[float, str] | None = None,
    ) -> tuple[float, str]:
        """(value, assumption text) for `key`, most specific first."""
        given = self.given(key, resource)
        if given is not None:
            return given
        if derived is not None:
            return derived[0], f"{key.path} = {derived[0]:g} {key.unit} ({derived[1]})"
        return key.default, f"{key.path} = {key.default:g} {key.unit} (default)"

    def given(self, key: UsageKey, resource: Resource | None = None) -> tuple[float, str] | None:
        """(value, assumption text) when the usage file sets `key` (per resource first)."""
        where = self.file.as_posix() if self.file else "usage"
        if resource is not None:
            value = self.overrides.get(resource.logical_id, {}).get(key.name)
            if value is not None:
                return (
                    value,
                    f"{key.name} = {value:g} {key.unit} ({where}: resources.{resource.logical_id})",
                )
        value = self.values.get(key.section, {}).get(key.name)
        if value is not None:
            return value, f"{key.path} = {value:g} {key.unit} ({where})"
        return None


def _number(file: Path, path: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SpecError([Problem(file, path, f"{value!r}: must be a number >= 0")])
    return float(value)


def _overrides(
    file: Path, entries: dict[Any, Any], names: set[str], out: dict[str, dict[str, float]]
) -> list[Problem]:
    problems: list[Problem] = []
    for logical_id, fields in entries.items():
        if not isinstance(fields, dict):
            problems.append(Problem(file, f"resources.{logical_id}", "must be a mapping"))
            continue
        for name, value in fields.items():
            path = f"resources.{logical_id}.{name}"
            if name not in names:
                problems.append(Problem(file, path, "unknown usage key"))
                continue
            out.setdefault(str(logical_id), {})[name] = _number(file, path, value)
    return problems


def load_usage(file: Path, keys: Iterable[UsageKey]) -> Usage:
    """Read a usage file, checking every key against the declared ones."""
    declared: dict[str, dict[str, UsageKey]] = {}
    for key in keys:
        declared.setdefault(key.section, {})[key.name] = key
    names = {name for section in declared.values() for name in section}
    try:
        data = yaml_loader.load_data(file, yaml_loader.SPEC) or {}
    except yaml_loader.YamlError as exc:
        raise SpecError([Problem(file, "<yaml>", exc.reason, exc.line)]) from None
    if not isinstance(data, dict):
        raise SpecError([Problem(file, "<root>", "the file must hold a mapping")])
    values: dict[str, dict[str, float]] = {}
    overrides: dict[str, dict[str, float]] = {}
    problems: list[Problem] = []
    for section, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(Problem(file, str(section), "must be a mapping of keys to numbers"))
            continue
        if section == RESOURCES:
            problems += _overrides(file, entries, names, overrides)
            continue
        if section not in declared:
            known = ", ".join(sorted(declared))
            problems.append(Problem(file, str(section), f"unknown usage section (known: {known})"))
            continue
        for name, value in entries.items():
            path = f"{section}.{name}"
            if name not in declared[section]:
                known = ", ".join(sorted(declared[section]))
                problems.append(Problem(file, path, f"unknown usage key (known: {known})"))
                continue
            values.setdefault(section, {})[name] = _number(file, path, value)
    if problems:
        raise SpecError(problems)
    return Usage(values, overrides, file)


def usage_file(root: Path, environment: str) -> Path:
    return root / USAGE_DIR / f"{environment}.yaml"
