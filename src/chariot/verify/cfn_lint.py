"""cfn-lint on synthesized templates, each against the region its stack deploys to.

Two things keep it cheap. cfn-lint's rules are loaded once per process and reused for every
template (`cfnlint.api.lint_file` loads all of them again for each file, about 2 CPU-s a time).
And a template linted before is not linted again: the findings are kept in a cache keyed by the
template's bytes, the region and the cfn-lint version, so a synth that changes nothing in a
template (most re-runs, and every stack a change does not touch) skips it, and skips importing
cfn-lint at all when every template is known.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfnlint.rules import Rules

CACHE_ENV_VAR = "CHARIOT_CACHE_DIR"
LINT_CACHE = "cfn-lint"


@dataclass(frozen=True)
class LintFinding:
    rule: str
    severity: str  # error | warning | informational
    message: str


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """$CHARIOT_CACHE_DIR, else $XDG_CACHE_HOME/chariot, else ~/.cache/chariot."""
    env = dict(os.environ) if environ is None else environ
    if env.get(CACHE_ENV_VAR):
        return Path(env[CACHE_ENV_VAR])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chariot"


@cache
def _rules() -> Rules:
    """cfn-lint's default rule set, loaded once (it imports every rule module)."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn([])).rules


def _lint(template: Path, region: str) -> list[LintFinding]:
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import run_template_by_file_path

    # What `cfnlint.api.lint_file(template, ManualArgs(regions=[region]))` does, with the rules
    # loaded once instead of for every file.
    config = ConfigMixIn(["--template", str(template)], regions=[region])
    return [
        LintFinding(m.rule.id, m.rule.severity, m.message)
        for m in run_template_by_file_path(str(template), config, _rules(), False)
    ]


def _cache_file(folder: Path, template: Path, region: str) -> Path:
    digest = hashlib.sha256()
    for part in (version("cfn-lint"), region):
        digest.update(part.encode() + b"\0")
    digest.update(template.read_bytes())
    return folder / LINT_CACHE / f"{digest.hexdigest()}.json"


def lint_template(template: Path, region: str, cache: Path | None = None) -> list[LintFinding]:
    """Every cfn-lint finding of one template; from `cache` when these bytes were linted."""
    if cache is None:
        return _lint(template, region)
    entry = _cache_file(cache, template, region)
    if entry.is_file():
        return [LintFinding(**f) for f in json.loads(entry.read_text(encoding="utf-8"))]
    findings = _lint(template, region)
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.tmp")  # concurrent runs never see half a file
    partial.write_text(json.dumps([asdict(f) for f in findings]), encoding="utf-8")
    partial.replace(entry)
    return findings


def lint_errors(templates: Sequence[tuple[Path, str]], cache: Path | None = None) -> list[str]:
    """cfn-lint errors (not warnings) in (template, region) pairs, one line each."""
    return [
        f"{template.name}: {finding.rule}: {finding.message}"
        for template, region in templates
        for finding in lint_template(template, region, cache)
        if finding.severity == "error"
    ]
