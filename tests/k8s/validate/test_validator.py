"""The seed's own manifests: every defect the design names is rejected, saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.k8s.render import render, write_objects
from chariot.k8s.validate.builtin import UnsupportedVersionError
from chariot.k8s.validate.findings import Finding
from chariot.k8s.validate.rules.base import RuleContext
from chariot.k8s.validate.validator import validate_paths, validate_rendered, validate_report
from tests.k8s.helpers import ISSUER, load, placements

SEED = Path(__file__).parent / "data" / "seed"


@pytest.fixture(scope="module")
def seed_findings(crds_dir: Path) -> list[Finding]:
    return validate_paths([SEED], "1.35", crds_dir)


def _one(findings: list[Finding], file: str, path: str, rule: str) -> Finding:
    matches = [f for f in findings if f.file.endswith(file) and f.path == path and f.rule == rule]
    assert len(matches) == 1, [str(f) for f in findings if f.file.endswith(file)]
    return matches[0]


def test_destination_rule_circuit_breaker(seed_findings: list[Finding]) -> None:
    finding = _one(
        seed_findings, "traffic-management.yaml", "spec.trafficPolicy.circuitBreaker", "crd-schema"
    )
    assert finding.object == "DestinationRule default/microservice-dr"
    assert finding.line == 54  # the line of the circuitBreaker key
    assert "unknown field" in finding.reason
    assert "Istio has no circuitBreaker field" in finding.reason
    assert "outlierDetection" in finding.reason


@pytest.mark.parametrize(
    ("file", "rule_index"), [("mesh-network-policies.yaml", 1), ("security-policies.yaml", 1)]
)
def test_authorization_policy_that_admits_everyone(
    seed_findings: list[Finding], file: str, rule_index: int
) -> None:
    finding = _one(seed_findings, file, f"spec.rules[{rule_index}]", "authz-requires-principal")
    assert finding.object == "AuthorizationPolicy microservices/microservice-authz"
    assert "rules are ORed" in finding.reason
    assert "admits any caller, anonymous ones included" in finding.reason


def test_security_policy_when_only_rule_is_rejected_too(seed_findings: list[Finding]) -> None:
    finding = _one(
        seed_findings, "security-policies.yaml", "spec.rules[2]", "authz-requires-principal"
    )
    assert "(it sets when)" in finding.reason


def test_pod_with_metadata_under_spec(seed_findings: list[Finding]) -> None:
    finding = _one(seed_findings, "fargate-pod.yaml", "spec.metadata", "schema")
    assert "metadata belongs at the top level of the object" in finding.reason
    unnamed = _one(seed_findings, "fargate-pod.yaml", "metadata.name", "object")
    assert "without a name" in unnamed.reason
    latest = _one(seed_findings, "fargate-pod.yaml", "spec.containers[0].image", "images-pinned")
    assert "'microservice:latest' is not pinned" in latest.reason


def test_cluster_autoscaler_without_selector(seed_findings: list[Finding]) -> None:
    finding = _one(seed_findings, "cluster-autoscaler.yaml", "spec.selector", "schema")
    assert finding.object == "Deployment kube-system/cluster-autoscaler"
    assert finding.reason.startswith("required field is missing")
    assert "must say which pods it owns" in finding.reason


def test_vpa_auto_beside_a_cpu_memory_hpa(seed_findings: list[Finding]) -> None:
    finding = _one(seed_findings, "vpa.yaml", "spec.updatePolicy.updateMode", "hpa-vpa-conflict")
    assert "updateMode Auto resizes cpu/memory requests" in finding.reason
    assert "HPA microservice-hpa" in finding.reason
    assert "they fight" in finding.reason


def test_fault_injection_and_dangling_references(seed_findings: list[Finding]) -> None:
    _one(
        seed_findings,
        "traffic-management.yaml",
        "spec.http[0].fault",
        "fault-injection-in-chaos-only",
    )
    gateway = _one(
        seed_findings, "traffic-management.yaml", "spec.gateways[0]", "virtualservice-refs"
    )
    assert "'microservice-gateway' does not exist" in gateway.reason


def test_istio_operator_has_no_schema(seed_findings: list[Finding]) -> None:
    finding = _one(seed_findings, "istio-operator.yaml", "kind", "no-schema")
    assert "the API server would refuse it" in finding.reason


def test_every_seed_file_fails(seed_findings: list[Finding]) -> None:
    failing = {Path(f.file).name for f in seed_findings if f.severity == "error"}
    assert failing == {p.name for p in SEED.glob("*.yaml")}


def test_report_counts_objects_and_files(crds_dir: Path) -> None:
    report = validate_report([SEED], "1.35", crds_dir)
    assert len(report.files) == 8
    assert len(report.objects) == 12
    assert report.errors == [f for f in report.findings if f.severity == "error"]


def test_kustomization_is_not_an_object(tmp_path: Path, crds_dir: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n"
    )
    assert validate_paths([tmp_path], "1.35", crds_dir) == []


def test_unknown_builtin_version_and_missing_input(tmp_path: Path, crds_dir: Path) -> None:
    with pytest.raises(UnsupportedVersionError, match=r"no Kubernetes schemas for 1\.99"):
        validate_paths([SEED], "1.99", crds_dir)
    (finding,) = validate_paths([tmp_path / "nope.yaml"], "1.35", crds_dir)
    assert (finding.rule, finding.reason) == ("input", "no such file or folder")


def test_object_without_kind(tmp_path: Path, crds_dir: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text("apiVersion: v1\nmetadata: {name: a}\n")
    (finding,) = validate_paths([file], "1.35", crds_dir)
    assert finding.path == "kind"
    assert finding.line == 1


def test_rendered_objects_give_the_findings_their_files_give(
    tmp_path: Path, crds_dir: Path
) -> None:
    """`chariot synth` checks the objects it wrote without reading them back: same findings,
    and a finding's line is read from the file only when asked."""
    spec = load("prod")
    manifests = render(spec, placements(spec), ISSUER)
    deployment = next(m for m in manifests if m["kind"] == "Deployment")
    deployment["spec"]["replicas"] = "three"  # a schema error, so there is a line to find
    written = write_objects(manifests, tmp_path, spec.environment)
    context = RuleContext.for_spec(spec)
    version = spec.cluster.kubernetes_version
    from_files = validate_report([tmp_path], version, crds_dir, context)
    from_objects = validate_rendered(written, version, crds_dir, context)
    assert [str(f) for f in from_objects.findings] == [str(f) for f in from_files.findings]
    (error,) = [f for f in from_objects.errors if f.path == "spec.replicas"]
    assert error.line is not None
    assert set(from_files.files) - set(from_objects.files) == {tmp_path / "kustomization.yaml"}
