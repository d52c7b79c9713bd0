"""cfn-lint on every synthesized template: zero errors; the warnings we accept are listed here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.verify import cfn_lint
from chariot.verify.cfn_lint import (
    LINT_CACHE,
    WORKERS_ENV_VAR,
    cache_dir,
    lint_errors,
    lint_template,
    workers,
)
from tests.conftest import Synthesized

# Warnings we accept, each with its reason. Any other warning, and every error, fails the test.
ACCEPTED_WARNINGS: dict[str, str] = {
    "W3010": "Availability zones are pinned on purpose: the spec names the exact subnet CIDR "
    "for each zone (prod: 10.0.1.0/24 in us-east-1a ...), so zones cannot be Fn::GetAZs.",
    "W3005": "CDK-generated DependsOn beside a GetAtt on its own custom-resource provider role; "
    "harmless redundancy in code we do not own.",
}


def lint(template: Path, region: str = "us-east-1") -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.message) for f in lint_template(template, region)]


def regions(outdir: Path) -> dict[str, str]:
    """Template file name -> the region its stack deploys to, from the cloud assembly."""
    artifacts = json.loads((outdir / "manifest.json").read_text())["artifacts"]
    return {
        a["properties"]["templateFile"]: a["environment"].rsplit("/", 1)[-1]
        for a in artifacts.values()
        if a["type"] == "aws:cloudformation:stack"
    }


def test_templates_have_no_errors_and_only_accepted_warnings(
    synthesized: dict[str, Synthesized],
) -> None:
    problems = []
    for env in synthesized.values():
        stack_regions = regions(env.outdir)
        for template in sorted(env.outdir.glob("*.template.json")):
            for rule, severity, message in lint(template, stack_regions[template.name]):
                if severity != "informational" and rule not in ACCEPTED_WARNINGS:
                    problems.append(f"{template.name}: {rule} {severity}: {message}")
    assert problems == []


def test_accepted_warnings_are_never_errors() -> None:
    assert all(rule.startswith("W") for rule in ACCEPTED_WARNINGS)


def test_the_linter_does_catch_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.template.json"
    bad.write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Nope": 1}}}}')
    assert any(severity == "error" for _, severity, _ in lint(bad))


BAD = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Nope": 1}}}}'
GOOD = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {}}}}'


def test_findings_are_cached_by_content_and_region(tmp_path: Path) -> None:
    template = tmp_path / "t.template.json"
    template.write_text(BAD)
    cache = tmp_path / "cache"
    first = lint_template(template, "us-east-1", cache)
    assert any(f.severity == "error" for f in first)
    assert lint_template(template, "us-east-1") == first  # the same as without a cache
    (entry,) = (cache / LINT_CACHE).glob("*.json")
    # A second run reads the entry: prove it by planting a different answer there.
    entry.write_text(json.dumps([{"rule": "X1", "severity": "error", "message": "planted"}]))
    assert lint_errors([(template, "us-east-1")], cache) == ["t.template.json: X1: planted"]
    lint_template(template, "eu-west-1", cache)  # another region is another entry
    template.write_text(GOOD)  # and so is other content
    assert lint_errors([(template, "us-east-1")], cache) == []
    assert len(list((cache / LINT_CACHE).glob("*.json"))) == 3


def test_cache_dir_precedence() -> None:
    assert cache_dir({"CHARIOT_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x"}) == Path("/c")
    assert cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/chariot")
    assert cache_dir({}) == Path.home() / ".cache" / "chariot"


def test_a_pool_of_workers_gives_the_findings_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates not in the cache are linted by worker processes; the errors come back in the
    templates' order, cached ones included, and the workers fill the cache."""
    files = []
    other_bad = BAD.replace('"Q"', '"R"')  # other bytes: its own cache entry
    for name, text in (("a", other_bad), ("b", GOOD), ("c", BAD)):
        files.append(tmp_path / f"{name}.template.json")
        files[-1].write_text(text)
    cache = tmp_path / "cache"
    lint_template(files[2], "us-east-1", cache)  # c is known; a and b go to the pool
    pairs = [(f, "us-east-1") for f in files]
    monkeypatch.setenv(WORKERS_ENV_VAR, "2")
    monkeypatch.setattr(cfn_lint, "MIN_POOLED", 2)
    pooled = lint_errors(pairs, cache)
    monkeypatch.setenv(WORKERS_ENV_VAR, "1")
    assert pooled == lint_errors(pairs) != []
    assert [line.split(":")[0] for line in pooled] == ["a.template.json", "c.template.json"]
    assert len(list((cache / LINT_CACHE).glob("*.json"))) == 3


def test_workers_follow_the_setting() -> None:
    assert workers({WORKERS_ENV_VAR: "3"}) == 3
    assert workers({WORKERS_ENV_VAR: "0"}) == 1
    assert workers({WORKERS_ENV_VAR: "many"}) >= 1  # not a number: one per core
