"""No custom-resource wait reaches its handler Lambda's timeout.

A custom resource that waits (a Helm release with `--wait --timeout`, a Kubernetes object value)
does so inside the Lambda that handles it. Lambda stops a function at its configured timeout
(900 s at most) without running any more code, so when the wait is as long as the timeout a hung
install never answers CloudFormation, which then waits for the custom resource's own service
timeout (`ServiceTimeout`, 3600 s by default) before it fails and starts a rollback.
https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cfn-customresource.html

The handler is the Lambda the `ServiceToken` names; for a CDK provider framework it is also the
user function the framework invokes synchronously (`USER_ON_EVENT_FUNCTION_ARN`). The wait must
end `MARGIN_SECONDS` before the shorter of the two timeouts, leaving the handler time to clean up
and answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.verify.readiness.base import (
    NotApplicable,
    Platform,
    Resource,
    Result,
    Violation,
    duration_seconds,
)

MARGIN_SECONDS = 120
LAMBDA_DEFAULT_TIMEOUT = 3
WAIT_PROPERTIES = ("Timeout",)
FRAMEWORK_USER_FUNCTION = "USER_ON_EVENT_FUNCTION_ARN"


def handlers(platform: Platform, resource: Resource) -> list[Resource]:
    """The Lambda functions that run while `resource` is created or updated."""
    target = platform.target(resource.template, resource.get("ServiceToken"))
    if target is None or target.resource.type != "AWS::Lambda::Function":
        return []
    functions = [target.resource]
    user = target.resource.get("Environment", "Variables", FRAMEWORK_USER_FUNCTION)
    inner = platform.target(target.resource.template, user)
    if inner is not None and inner.resource.type == "AWS::Lambda::Function":
        functions.append(inner.resource)
    return functions


def timeout_of(function: Resource) -> int:
    return duration_seconds(function.get("Timeout")) or LAMBDA_DEFAULT_TIMEOUT


def check(platform: Platform) -> Iterator[Result]:
    for resource in platform.resources():
        if not resource.type.startswith("Custom::"):
            continue
        for prop in WAIT_PROPERTIES:
            raw = resource.get(prop)
            if raw is None:
                continue
            wait = duration_seconds(raw)
            functions = handlers(platform, resource)
            if wait is None or not functions:
                why = "its wait" if wait is None else "its handler (ServiceToken)"
                yield NotApplicable(resource, f"{prop} {raw!r}: {why} cannot be read here")
                continue
            shortest = min(functions, key=timeout_of)
            limit = timeout_of(shortest)
            if wait + MARGIN_SECONDS > limit:
                yield Violation(
                    resource,
                    f"{prop} {raw} waits {wait} s but its handler {shortest.logical_id} "
                    f"({shortest.template.stack}) is stopped after {limit} s: a hung wait kills "
                    f"the Lambda before it answers and CloudFormation waits an hour; keep the "
                    f"wait at most {limit - MARGIN_SECONDS} s ({MARGIN_SECONDS} s margin)",
                )
