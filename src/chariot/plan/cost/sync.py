"""`chariot cost --sync-usage-file`: add to a usage file every key the priced resources accept.

Each key the file does not set yet is added under its section with its default and a comment
giving its unit, default and meaning, so the file shows what the estimate can be told. Keys the
file already sets, and its own comments, are kept: the file is edited line by line (the only way
to keep a person's comments with PyYAML), then read back with `load_usage`, and only written
when it still loads to the same values plus the new keys.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from chariot.plan.cost.estimate import all_usage_keys
from chariot.plan.cost.model import Resource, UsageKey
from chariot.plan.cost.registry import MAPPINGS
from chariot.plan.cost.runtime import KEYS as RUNTIME_KEYS
from chariot.plan.cost.savings import KEYS as SAVINGS_KEYS
from chariot.plan.cost.usage import RESOURCES, load_usage
from chariot.spec.problems import Problem, SpecError


def accepted_keys(resources: list[Resource]) -> list[UsageKey]:
    """The keys the mappings of these resources declare, then the runtime and savings keys."""
    keys: dict[str, UsageKey] = {}
    for resource in resources:
        mapping = MAPPINGS.get(resource.type)
        for key in mapping.usage if mapping else ():
            keys.setdefault(key.path, key)
    for key in (*RUNTIME_KEYS, *SAVINGS_KEYS):
        keys.setdefault(key.path, key)
    return list(keys.values())


def _entry(key: UsageKey) -> str:
    """A key line with its unit, default and meaning; commented out when the estimate derives
    the value (setting it would override the templates or the plan)."""
    value = yaml.safe_dump({key.name: key.default}, default_flow_style=False).strip()
    if key.derived:
        return f"  # {key.name}: ...  # {key.unit}; {key.description}; derived: {key.derived}"
    return f"  {value}  # {key.unit}; default {key.default:g}; {key.description}"


def sync_usage_file(file: Path, resources: list[Resource]) -> list[str]:
    """Add the missing keys to `file` (created when absent); returns their paths."""
    text = file.read_text(encoding="utf-8") if file.is_file() else ""
    current = (yaml.safe_load(text) or {}) if text else {}
    if not isinstance(current, dict):
        raise SpecError([Problem(file, "<root>", "the file must hold a mapping")])
    missing = [
        key
        for key in accepted_keys(resources)
        if key.name not in (current.get(key.section) or {})
        and f"# {key.name}: ...  # {key.unit}" not in text  # synced before, commented out
    ]
    lines = text.splitlines()
    for key in missing:
        header = next(
            (i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key.section)}:", line)),
            None,
        )
        if header is None:
            lines += [f"{key.section}: {{}}" if key.derived else f"{key.section}:", _entry(key)]
            continue
        if not key.derived and lines[header].rstrip().endswith("{}"):
            lines[header] = f"{key.section}:"
        lines.insert(header + 1, _entry(key))
    if not missing:
        return []
    new_text = "\n".join(lines) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    candidate = file.with_suffix(".sync.yaml")
    candidate.write_text(new_text, encoding="utf-8")
    try:
        loaded = load_usage(candidate, all_usage_keys())
    finally:
        candidate.unlink()
    for section, values in current.items():
        if section != RESOURCES and isinstance(values, dict):
            for name, value in values.items():
                if loaded.values.get(section, {}).get(name) != value:
                    raise SpecError(
                        [
                            Problem(
                                file, f"{section}.{name}", "would change when synced: not written"
                            )
                        ]
                    )
    file.write_text(new_text, encoding="utf-8")
    return [key.path for key in missing]
