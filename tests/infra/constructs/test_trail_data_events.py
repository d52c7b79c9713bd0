"""The trail records management events and the data events the spec scopes."""

from __future__ import annotations

from typing import Any

from aws_cdk import App, Stack
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from chariot.infra.constructs.trail_data_events import MAX_LISTED_TABLES, event_selectors
from chariot.spec.model import PlatformSpec, TrailDataEvents
from tests.conftest import Synthesized


def _selectors(spec: PlatformSpec) -> list[dict[str, Any]]:
    """The selectors as CloudFormation sees them (property names as the template spells them)."""
    stack = Stack(App(), "Probe")
    bucket = s3.Bucket.from_bucket_name(stack, "Objects", "objects")
    cloudtrail.CfnTrail(
        stack,
        "Trail",
        is_logging=True,
        s3_bucket_name="logs",
        advanced_event_selectors=event_selectors(spec, bucket),
    )
    (trail,) = Template.from_stack(stack).find_resources("AWS::CloudTrail::Trail").values()
    selectors: list[dict[str, Any]] = trail["Properties"]["AdvancedEventSelectors"]
    return selectors


def _fields(selector: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["Field"]: f for f in selector["FieldSelectors"]}


def test_prod_records_objects_and_table_writes(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    management, objects, tables = _selectors(prod)
    assert _fields(management) == {
        "eventCategory": {"Field": "eventCategory", "Equals": ["Management"]}
    }
    assert _fields(objects)["resources.type"]["Equals"] == ["AWS::S3::Object"]
    assert "readOnly" not in _fields(objects)  # reads and writes of objects
    assert _fields(objects)["resources.ARN"]["StartsWith"] == [
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::objects/"]]}
    ]
    table_fields = _fields(tables)
    assert table_fields["readOnly"]["Equals"] == ["false"]  # writes only: reads would cost most
    assert table_fields["resources.ARN"]["Equals"] == sorted(
        f"arn:aws:dynamodb:us-east-1:111122223333:table/{s.data.table.name}-prod"
        for s in prod.services
        if s.data.table is not None
    )


def test_none_leaves_only_management_events(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    quiet = prod.model_copy(
        update={
            "security": prod.security.model_copy(
                update={"trail_data_events": TrailDataEvents(s3="none", dynamodb="none")}
            )
        }
    )
    (management,) = _selectors(quiet)
    assert management["Name"] == "Management events"


def test_beyond_the_value_limit_every_table_of_the_account_is_selected(
    specs: dict[str, PlatformSpec],
) -> None:
    prod = specs["prod"]
    template = next(s for s in prod.services if s.data.table is not None)
    many = [
        template.model_copy(
            update={
                "name": f"svc{i}",
                "data": template.data.model_copy(
                    update={"table": template.data.table.model_copy(update={"name": f"T{i:04d}"})}
                ),
            }
        )
        for i in range(MAX_LISTED_TABLES + 1)
    ]
    *_, tables = _selectors(prod.model_copy(update={"services": many}))
    assert "resources.ARN" not in _fields(tables)


def test_the_synthesized_trail_carries_the_selectors(
    synthesized: dict[str, Synthesized],
) -> None:
    (trail,) = synthesized["prod"].resources("security", "AWS::CloudTrail::Trail").values()
    selectors = trail["Properties"]["AdvancedEventSelectors"]
    assert [s["Name"] for s in selectors] == [
        "Management events",
        "S3 objects (all)",
        "DynamoDB tables (write)",
    ]
    assert "EventSelectors" not in trail["Properties"]  # basic and advanced never together
