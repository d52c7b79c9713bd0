"""The runner: rules by name, acknowledgements with reasons, stale ones, reading dist/<env>."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import (
    ACKNOWLEDGEMENTS_KEY,
    NotApplicable,
    Platform,
    Result,
    Violation,
)
from chariot.verify.readiness.runner import ReadinessInputError, load_platform, run
from tests.verify.readiness.fixtures import platform, resource, template, write_dist


def no_open_topics(view: Platform) -> Iterator[Result]:
    for topic in view.resources("AWS::SNS::Topic"):
        if topic.get("KmsMasterKeyId") is None:
            yield Violation(topic, "not encrypted")
        elif topic.get("KmsMasterKeyId") == "later":
            yield NotApplicable(topic, "key known at deploy time")


RULES = {"no-open-topics": no_open_topics}


def _topic(key: str | None = None, acks: dict[str, str] | None = None) -> dict[str, object]:
    meta = {ACKNOWLEDGEMENTS_KEY: acks} if acks else None
    return resource("AWS::SNS::Topic", meta, **({"KmsMasterKeyId": key} if key else {}))


def test_findings_carry_rule_file_and_logical_id(spec: PlatformSpec) -> None:
    report = run(platform(spec, template(resources={"Open": _topic()})), RULES)
    (finding,) = report.errors
    assert str(finding) == "app.template.json: Open: [no-open-topics] not encrypted"
    assert finding.stack == "app"


def test_an_acknowledged_finding_keeps_its_reason_and_passes(spec: PlatformSpec) -> None:
    acks = {"no-open-topics": "public announcements only"}
    report = run(platform(spec, template(resources={"Open": _topic(acks=acks)})), RULES)
    assert report.findings == []
    assert report.acknowledged[0].acknowledged == "public announcements only"


def test_stale_unknown_and_empty_acknowledgements_are_errors(spec: PlatformSpec) -> None:
    resources = {
        "Stale": _topic("key", {"no-open-topics": "was open once"}),
        "Typo": _topic("key", {"no-open-topic": "typo"}),
        "Empty": _topic(acks={"no-open-topics": " "}),
    }
    report = run(platform(spec, template(resources=resources)), RULES)
    reasons = {f.subject: f.reason for f in report.errors if f.rule == "acknowledgements"}
    assert "no longer fires here" in reasons["Stale"]
    assert "unknown rule [no-open-topic]" in reasons["Typo"]
    assert "without a reason" in reasons["Empty"]
    assert [f.subject for f in report.errors if f.rule == "no-open-topics"] == ["Empty"]


def test_not_applicable_is_reported_apart(spec: PlatformSpec) -> None:
    report = run(platform(spec, template(resources={"Later": _topic("later")})), RULES)
    assert report.findings == []
    assert [f.reason for f in report.not_applicable] == ["key known at deploy time"]


def test_load_platform_reads_the_cloud_assembly_and_manifests(
    spec: PlatformSpec, tmp_path: Path
) -> None:
    write_dist(tmp_path, {"app": {"Resources": {"T": _topic()}}}, region="eu-west-1")
    (tmp_path / "k8s" / "ns").mkdir(parents=True)
    (tmp_path / "k8s" / "ns" / "a.yaml").write_text("kind: Service\nmetadata: {name: a}\n---\n")
    view = load_platform(spec, tmp_path)
    (app,) = view.templates
    assert (app.stack, app.account, app.region) == ("app", "111122223333", "eu-west-1")
    assert [o.label for o in view.objects("Service")] == ["Service"]
    assert view.objects()[0].name == "a"


def test_a_missing_dist_names_the_file_and_the_fix(spec: PlatformSpec, tmp_path: Path) -> None:
    with pytest.raises(ReadinessInputError, match=r"manifest.json: no such file; synthesize"):
        load_platform(spec, tmp_path)
