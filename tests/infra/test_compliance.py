"""cdk-nag runs on every synth: a finding stops synthesis unless acknowledged with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3

from chariot.infra.compliance import acknowledge, enable_nag
from chariot.infra.synthesis import validation_findings


def _app_with_bare_bucket(tmp_path: Path, acknowledged: bool) -> App:
    app = App(outdir=str(tmp_path))
    stack = Stack(app, "Probe")
    bucket = s3.Bucket(stack, "Bare")  # no TLS policy, no logging, no versioning
    if acknowledged:
        acknowledge(
            bucket,
            dict.fromkeys(
                (
                    "AwsSolutions-S1",
                    "AwsSolutions-S10",
                    "NIST.800.53.R5-S3BucketLoggingEnabled",
                    "NIST.800.53.R5-S3BucketReplicationEnabled",
                    "NIST.800.53.R5-S3BucketVersioningEnabled",
                    "NIST.800.53.R5-S3DefaultEncryptionKMS",
                    "NIST.800.53.R5-S3BucketSSLRequestsOnly",
                    "NIST.800.53.R5-S3BucketPublicReadProhibited",
                    "NIST.800.53.R5-S3BucketPublicWriteProhibited",
                ),
                "probe bucket in a test",
            ),
        )
    enable_nag(app)
    return app


def test_unacknowledged_findings_stop_synthesis(tmp_path: Path) -> None:
    app = _app_with_bare_bucket(tmp_path, acknowledged=False)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    rules = {f.rule for f in validation_findings(tmp_path)}
    assert {
        "AwsSolutions-S1",
        "AwsSolutions-S10",
        "NIST.800.53.R5-S3BucketSSLRequestsOnly",
    } <= rules


def test_acknowledged_findings_pass_and_are_recorded(tmp_path: Path) -> None:
    _app_with_bare_bucket(tmp_path, acknowledged=True).synth()
    template = (tmp_path / "Probe.template.json").read_text()
    assert "probe bucket in a test" in template  # the reason travels with the template


def test_a_suppression_needs_a_reason(tmp_path: Path) -> None:
    stack = Stack(App(outdir=str(tmp_path)), "Probe")
    with pytest.raises(ValueError, match="needs a reason"):
        acknowledge(stack, {"AwsSolutions-S1": "  "})
    with pytest.raises(ValueError, match="unknown rule pack"):
        acknowledge(stack, {"HIPAA.Security-S1": "x"})


def test_every_acknowledgement_in_the_platform_has_a_reason(synthesized: dict[str, object]) -> None:
    import json

    from tests.conftest import Synthesized

    for env in synthesized.values():
        assert isinstance(env, Synthesized)
        for template in env.outdir.glob("*.template.json"):
            for resource in json.loads(template.read_text())["Resources"].values():
                rules = resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
                for rule in rules:
                    assert len(rule["reason"]) >= 20, rule


def test_readiness_acknowledgements_land_on_the_resource_with_their_reason(
    tmp_path: Path,
) -> None:
    from chariot.infra.compliance import acknowledge_readiness
    from chariot.spec.platform_names import READINESS_ACKNOWLEDGEMENTS_KEY as ACKNOWLEDGEMENTS_KEY

    app = App(outdir=str(tmp_path))
    stack = Stack(app, "Probe")
    bucket = s3.Bucket(stack, "Plain")
    acknowledge_readiness(bucket, {"rule-a": "why a"})
    acknowledge_readiness(bucket, {"rule-b": "why b"})
    with pytest.raises(ValueError, match="needs a reason"):
        acknowledge_readiness(bucket, {"rule-c": " "})
    with pytest.raises(TypeError, match="no CloudFormation resource"):
        acknowledge_readiness(stack, {"rule-a": "why"})
    app.synth()
    template = json.loads((tmp_path / "Probe.template.json").read_text())
    (body,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::S3::Bucket"]
    assert body["Metadata"][ACKNOWLEDGEMENTS_KEY] == {"rule-a": "why a", "rule-b": "why b"}
