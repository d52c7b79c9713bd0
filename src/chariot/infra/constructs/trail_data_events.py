"""The trail's advanced event selectors: management events, and data events for the platform's
objects bucket and the services' DynamoDB tables (spec `security.trail_data_events`).

A trail takes basic or advanced selectors, not both, and with advanced selectors management
events need a selector of their own
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html).
Tables are named per service (`<Table>-<env>`, no common prefix), so they are listed by ARN; a
trail holds at most 500 selector values in all, so beyond `MAX_LISTED_TABLES` the selector
covers every table of the account instead (an account per environment holds only the
platform's tables). The log bucket is never selected: its own writes would be recorded into it.
"""

from __future__ import annotations

from aws_cdk import IResolvable
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_s3 as s3

from chariot.spec.model import DataEventScope, PlatformSpec
from chariot.spec.platform_names import table_name

MAX_LISTED_TABLES = 400

Selector = cloudtrail.CfnTrail.AdvancedEventSelectorProperty
Field = cloudtrail.CfnTrail.AdvancedFieldSelectorProperty


def _data(name: str, resource_type: str, scope: DataEventScope, *more: Field) -> Selector:
    fields = [
        Field(field="eventCategory", equal_to=["Data"]),
        Field(field="resources.type", equal_to=[resource_type]),
        *more,
    ]
    if scope == "write":
        fields.append(Field(field="readOnly", equal_to=["false"]))
    return Selector(name=name, field_selectors=fields)


def event_selectors(spec: PlatformSpec, objects: s3.IBucket) -> list[IResolvable | Selector]:
    """Management events always; data events as the spec scopes them."""
    scopes = spec.security.trail_data_events
    selectors: list[IResolvable | Selector] = [
        Selector(
            name="Management events",
            field_selectors=[Field(field="eventCategory", equal_to=["Management"])],
        )
    ]
    if scopes.s3 != "none":
        selectors.append(
            _data(
                f"S3 objects ({scopes.s3})",
                "AWS::S3::Object",
                scopes.s3,
                Field(field="resources.ARN", starts_with=[f"{objects.bucket_arn}/"]),
            )
        )
    tables = sorted(
        f"arn:aws:dynamodb:{spec.region}:{spec.account}:table/"
        + table_name(service.data.table.name, spec.environment)
        for service in spec.services
        if service.data.table is not None
    )
    if scopes.dynamodb != "none" and tables:
        listed = [Field(field="resources.ARN", equal_to=tables)]
        selectors.append(
            _data(
                f"DynamoDB tables ({scopes.dynamodb})",
                "AWS::DynamoDB::Table",
                scopes.dynamodb,
                *(listed if len(tables) <= MAX_LISTED_TABLES else []),
            )
        )
    return selectors
