"""A custom resource's wait must end before its handler Lambda is stopped."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import NotApplicable, Violation
from tests.verify.readiness.fixtures import export, platform, resource, results, template

RULE = "waits-below-handler-timeout"


def _provider(handler_timeout: int, framework_timeout: int = 900) -> dict[str, dict[str, Any]]:
    """A CDK provider framework: onEvent invokes the user handler synchronously."""
    return {
        "Handler": resource("AWS::Lambda::Function", Timeout=handler_timeout),
        "Framework": resource(
            "AWS::Lambda::Function",
            Timeout=framework_timeout,
            Environment={
                "Variables": {"USER_ON_EVENT_FUNCTION_ARN": {"Fn::GetAtt": ["Handler", "Arn"]}}
            },
        ),
    }


def _helm(timeout: Any) -> dict[str, Any]:
    token = {"Fn::ImportValue": "cluster:ProviderArn"}
    return resource("Custom::AWSCDK-EKS-HelmChart", ServiceToken=token, Wait=True, Timeout=timeout)


def _platform(spec: PlatformSpec, wait: Any, handler_timeout: int = 900) -> Any:
    cluster = template(
        "cluster",
        _provider(handler_timeout),
        outputs={"P": export("cluster:ProviderArn", {"Fn::GetAtt": ["Framework", "Arn"]})},
    )
    return platform(spec, cluster, template("addons", {"Release": _helm(wait)}))


def test_a_wait_with_margin_below_the_handler_passes(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, "720s")) == []
    assert results(RULE, _platform(spec, "13m")) == []  # 780 s: exactly the margin


def test_a_wait_as_long_as_the_handler_fails_naming_both(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, "900s"))
    assert isinstance(found, Violation)
    assert found.subject.logical_id == "Release"  # type: ignore[union-attr]
    assert "waits 900 s" in found.reason
    assert "Framework (cluster) is stopped after 900 s" in found.reason


def test_the_shorter_of_framework_and_user_handler_counts(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, "600s", handler_timeout=600))
    assert isinstance(found, Violation)
    assert "Handler (cluster) is stopped after 600 s" in found.reason


def test_an_unknown_handler_is_reported_not_passed(spec: PlatformSpec) -> None:
    release = resource("Custom::Thing", ServiceToken="arn:aws:lambda:x", Timeout="900s")
    (found,) = results(RULE, platform(spec, template(resources={"Thing": release})))
    assert isinstance(found, NotApplicable)
    assert "handler" in found.reason


def test_custom_resources_that_do_not_wait_are_not_judged(spec: PlatformSpec) -> None:
    manifest = resource("Custom::AWSCDK-EKS-KubernetesResource", ServiceToken="x", Manifest="[]")
    assert results(RULE, platform(spec, template(resources={"M": manifest}))) == []
