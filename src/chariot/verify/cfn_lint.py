"""cfn-lint on synthesized templates, each against the region its stack deploys to.

Two things keep it cheap. cfn-lint's rules are loaded once per process and reused for every
template (`cfnlint.api.lint_file` loads all of them again for each file, about 2 CPU-s a time).
And a template linted before is not linted again: the findings are kept in a cache keyed by the
template's bytes, the region and the cfn-lint version, so a synth that changes nothing in a
template (most re-runs, and every stack a change does not touch) skips it, and skips importing
cfn-lint at all when every template is known. The templates left are linted by a pool of
processes, one per core (`CHARIOT_LINT_WORKERS` caps it; 1 lints in this process): cfn-lint is
pure Python, so threads would not run it in parallel, and each worker loads the rules once for
the templates it is given (from MIN_POOLED templates on: below that the workers' start costs
what they save).
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
WORKERS_ENV_VAR = "CHARIOT_LINT_WORKERS"
# Fewer templates to lint than this stay in this process: each worker first imports cfn-lint and
# loads its rules (~2 CPU-s), which prod's 13 templates did not win back (2026-12-02: 22.4 s wall
# with two workers, 22.7 s without, 4 more CPU-s); 1000 services' 43 went from 188 s to 139 s.
MIN_POOLED = 16
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


def _cached(cache: Path, template: Path, region: str) -> list[LintFinding] | None:
    entry = _cache_file(cache, template, region)
    if not entry.is_file():
        return None
    return [LintFinding(**f) for f in json.loads(entry.read_text(encoding="utf-8"))]


def lint_template(template: Path, region: str, cache: Path | None = None) -> list[LintFinding]:
    """Every cfn-lint finding of one template; from `cache` when these bytes were linted."""
    if cache is None:
        return _lint(template, region)
    known = _cached(cache, template, region)
    if known is not None:
        return known
    findings = _lint(template, region)
    entry = _cache_file(cache, template, region)
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.tmp")  # concurrent runs never see half a file
    partial.write_text(json.dumps([asdict(f) for f in findings]), encoding="utf-8")
    partial.replace(entry)
    return findings


def workers(environ: dict[str, str] | None = None) -> int:
    """Lint processes: $CHARIOT_LINT_WORKERS if set (at least 1), else one per core."""
    env = dict(os.environ) if environ is None else environ
    wanted = env.get(WORKERS_ENV_VAR, "")
    if wanted.strip().isdigit():
        return max(1, int(wanted))
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _lint_all(templates: Sequence[tuple[Path, str]], cache: Path | None) -> list[list[LintFinding]]:
    """Each template's findings, in order: cached ones here, the rest across the pool."""
    known: dict[int, list[LintFinding]] = {}
    if cache is not None:
        for i, (template, region) in enumerate(templates):
            hit = _cached(cache, template, region)
            if hit is not None:
                known[i] = hit
    todo = [i for i in range(len(templates)) if i not in known]
    pool_size = min(workers(), len(todo)) if len(todo) >= MIN_POOLED else 1
    if pool_size <= 1:
        known |= {i: lint_template(*templates[i], cache) for i in todo}
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent may hold jsii's node process and its threads
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(pool_size, mp_context=context) as pool:
            files = [templates[i][0] for i in todo]
            regions = [templates[i][1] for i in todo]
            found = pool.map(lint_template, files, regions, [cache] * len(todo))
            known |= dict(zip(todo, found, strict=True))
    return [known[i] for i in range(len(templates))]


def lint_errors(templates: Sequence[tuple[Path, str]], cache: Path | None = None) -> list[str]:
    """cfn-lint errors (not warnings) in (template, region) pairs, one line each."""
    return [
        f"{template.name}: {finding.rule}: {finding.message}"
        for (template, _), findings in zip(templates, _lint_all(templates, cache), strict=True)
        for finding in findings
        if finding.severity == "error"
    ]
