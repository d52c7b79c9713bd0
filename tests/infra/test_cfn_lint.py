"""cfn-lint on every synthesized template: zero errors; the warnings we accept are listed here."""

from __future__ import annotations

from pathlib import Path

from cfnlint.api import lint_file
from cfnlint.config import ManualArgs

from tests.conftest import Synthesized

# Warnings we accept, each with its reason. Any other warning, and every error, fails the test.
ACCEPTED_WARNINGS: dict[str, str] = {
    "W3010": "Availability zones are pinned on purpose: the spec names the exact subnet CIDR "
    "for each zone (prod: 10.0.1.0/24 in us-east-1a ...), so zones cannot be Fn::GetAZs.",
    "W3005": "CDK-generated DependsOn beside a GetAtt on its own custom-resource provider role; "
    "harmless redundancy in code we do not own.",
}


def lint(template: Path) -> list[tuple[str, str, str]]:
    matches = lint_file(template, config=ManualArgs(regions=["us-east-1"]))
    return [(m.rule.id, m.rule.severity, m.message) for m in matches]


def test_templates_have_no_errors_and_only_accepted_warnings(
    synthesized: dict[str, Synthesized],
) -> None:
    problems = []
    for env in synthesized.values():
        for template in sorted(env.outdir.glob("*.template.json")):
            for rule, severity, message in lint(template):
                if severity != "informational" and rule not in ACCEPTED_WARNINGS:
                    problems.append(f"{template.name}: {rule} {severity}: {message}")
    assert problems == []


def test_accepted_warnings_are_never_errors() -> None:
    assert all(rule.startswith("W") for rule in ACCEPTED_WARNINGS)


def test_the_linter_does_catch_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.template.json"
    bad.write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Nope": 1}}}}')
    assert any(severity == "error" for _, severity, _ in lint(bad))
