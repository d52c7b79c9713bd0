"""cfn-lint on written templates, each checked against the region its stack deploys to."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cfnlint.api import lint_file
from cfnlint.config import ManualArgs
from cfnlint.match import Match


def lint_template(template: Path, region: str) -> list[Match]:
    """cfn-lint findings of one template, checked against the region it deploys to."""
    return list(lint_file(template, config=ManualArgs(regions=[region])))


def lint_errors(templates: Iterable[tuple[Path, str]]) -> list[str]:
    """cfn-lint errors (not warnings) of (template, region) pairs, one line each."""
    return [
        f"{template.name}: {match.rule.id}: {match.message}"
        for template, region in templates
        for match in lint_template(template, region)
        if match.rule.severity == "error"
    ]
