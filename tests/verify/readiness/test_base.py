"""The Platform view: references across stacks, values inside intrinsics, durations."""

from __future__ import annotations

import pytest

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import UNRESOLVED, duration_seconds
from tests.verify.readiness.fixtures import export, platform, resource, template


def _two_stacks(spec: PlatformSpec):  # type: ignore[no-untyped-def]
    producer = template(
        "producer",
        {"Key": resource("AWS::KMS::Key"), "Fn": resource("AWS::Lambda::Function", Timeout=60)},
        outputs={
            "K": export("producer:KeyArn", {"Fn::GetAtt": ["Key", "Arn"]}),
            "N": export("producer:Name", {"Fn::Join": ["-", ["app", {"Ref": "AWS::Region"}]]}),
        },
    )
    consumer = template("consumer", {"Topic": resource("AWS::SNS::Topic")})
    return platform(spec, producer, consumer), producer, consumer


def test_target_follows_ref_getatt_and_imports_across_stacks(spec: PlatformSpec) -> None:
    view, producer, consumer = _two_stacks(spec)
    ref = view.target(producer, {"Ref": "Fn"})
    assert ref is not None
    assert ref.resource.logical_id == "Fn"
    assert ref.attribute is None
    att = view.target(producer, {"Fn::GetAtt": "Key.Arn"})
    assert att is not None
    assert att.resource.logical_id == "Key"
    assert att.attribute == "Arn"
    imported = view.target(consumer, {"Fn::ImportValue": "producer:KeyArn"})
    assert imported is not None
    assert imported.resource.template is producer
    assert view.target(consumer, {"Ref": "AWS::Region"}) is None
    assert view.target(consumer, {"Fn::ImportValue": "nobody:exports-this"}) is None


def test_text_resolves_plain_values_and_marks_the_rest(spec: PlatformSpec) -> None:
    view, _, consumer = _two_stacks(spec)
    assert view.text(consumer, {"Fn::ImportValue": "producer:Name"}) == "app-us-east-1"
    assert view.text(consumer, {"Fn::Sub": "arn:${AWS::Partition}:s3:::b-${AWS::AccountId}"}) == (
        "arn:aws:s3:::b-111122223333"
    )
    joined = {"Fn::Join": ["", ["a", {"Fn::GetAtt": ["Topic", "TopicName"]}]]}
    assert view.text(consumer, joined) is None
    assert view.text(consumer, joined, UNRESOLVED) == f"a{UNRESOLVED}"


def test_json_property_parses_json_with_deploy_time_values(spec: PlatformSpec) -> None:
    manifest = {"Fn::Join": ["", ['[{"kind":"X","id":"', {"Ref": "Topic"}, '"}]']]}
    view = platform(
        spec, template(resources={"R": resource("Custom::K8s", Manifest=manifest, Bad="{")})
    )
    (res,) = view.resources("Custom::K8s")
    assert view.json_property(res, "Manifest") == [{"kind": "X", "id": UNRESOLVED}]
    assert view.json_property(res, "Bad") is None
    assert view.json_property(res, "Missing") is None


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("900s", 900), ("15m", 900), ("1h2m3s", 3723), (600, 600), ("600", 600), ("5x", None),
     ("", None), ("10", 10), (True, None)],
)  # fmt: skip
def test_duration_seconds(raw: object, seconds: int | None) -> None:
    assert duration_seconds(raw) == seconds
