"""The whole renderer: every environment's objects, written, then validated like a cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chariot.k8s.render import KUSTOMIZATION, render, write_manifests
from chariot.k8s.validate.rules.base import RuleContext
from chariot.k8s.validate.validator import validate_paths
from chariot.spec.model import Canary, PlatformSpec, Tier
from tests.k8s.helpers import ISSUER, deployed, load, placements, with_services


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_every_environment_validates_without_findings(
    environment: str, tmp_path: Path, crds_dir: Path
) -> None:
    spec = load(environment)
    written = write_manifests(spec, placements(spec), tmp_path, ISSUER)
    findings = validate_paths(
        [tmp_path], spec.cluster.kubernetes_version, crds_dir, RuleContext.for_spec(spec)
    )
    assert [str(f) for f in findings] == []
    assert len(written) == len(render(spec, placements(spec), ISSUER))


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_with_deployed_outputs_every_environment_validates_without_findings(
    environment: str, tmp_path: Path, crds_dir: Path
) -> None:
    """The SecurityGroupPolicies appear only with the outputs; the pinned CRD must accept them."""
    spec = load(environment)
    manifests = render(spec, placements(spec), ISSUER, deployed(spec))
    assert [m["kind"] for m in manifests].count("SecurityGroupPolicy") == len(
        spec.security.pod_security_groups
    )
    write_manifests(spec, placements(spec), tmp_path, ISSUER, deployed(spec))
    findings = validate_paths(
        [tmp_path], spec.cluster.kubernetes_version, crds_dir, RuleContext.for_spec(spec)
    )
    assert [str(f) for f in findings] == []


def test_canary_and_chaos_render_valid_too(
    prod: PlatformSpec, tmp_path: Path, crds_dir: Path
) -> None:
    from chariot.spec.model import Chaos, FaultAbort

    canary = Canary(version="v2", image="0.2.0", weight=10)
    batch = prod.service("assets").model_copy(update={"tier": Tier.BATCH})  # spot, tainted pool
    users = prod.service("users").model_copy(update={"canary": canary, "vpa": "initial"})
    spec = with_services(prod, [users, batch])
    chaos = Chaos(services=["users"], abort=FaultAbort(percent=1, http_status=503))
    spec = spec.model_copy(update={"mesh": spec.mesh.model_copy(update={"chaos": chaos})})
    write_manifests(spec, placements(spec), tmp_path, ISSUER)
    findings = validate_paths([tmp_path], "1.35", crds_dir, RuleContext.for_spec(spec))
    assert [str(f) for f in findings] == []


def test_without_issuer_the_only_findings_are_fail_closed_warnings(
    prod: PlatformSpec, tmp_path: Path, crds_dir: Path
) -> None:
    write_manifests(prod, placements(prod), tmp_path)
    findings = validate_paths([tmp_path], "1.35", crds_dir, RuleContext.for_spec(prod))
    assert findings
    assert {(f.severity, f.rule) for f in findings} == {("warning", "request-principal-has-issuer")}


def test_kustomization_lists_every_file(prod: PlatformSpec, tmp_path: Path) -> None:
    written = write_manifests(prod, placements(prod), tmp_path, ISSUER)
    kustomization = yaml.safe_load((tmp_path / KUSTOMIZATION).read_text())
    assert kustomization["kind"] == "Kustomization"
    assert sorted(kustomization["resources"]) == sorted(
        p.relative_to(tmp_path).as_posix() for p in written
    )
    assert "_cluster/namespace-microservices.yaml" in kustomization["resources"]
    assert kustomization["resources"][0] == "_cluster/namespace-microservices.yaml"


def test_rewrite_replaces_stale_files_but_refuses_foreign_folders(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    write_manifests(prod, placements(prod), tmp_path, ISSUER)
    stale = tmp_path / "microservices" / "deployment-gone.yaml"
    stale.write_text("kind: Deployment\n")
    write_manifests(prod, placements(prod), tmp_path, ISSUER)
    assert not stale.exists()
    foreign = tmp_path / "elsewhere"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="chariot did not write"):
        write_manifests(prod, placements(prod), foreign, ISSUER)


def test_two_builders_claiming_one_object_is_an_error(
    prod: PlatformSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chariot.k8s import registry
    from chariot.k8s.namespaces import build

    monkeypatch.setitem(registry.BUILDERS, "namespaces-again", build)
    with pytest.raises(ValueError, match="both produce Namespace /microservices"):
        render(prod, placements(prod))


def test_objects_use_current_api_versions(prod: PlatformSpec) -> None:
    versions = {m["kind"]: m["apiVersion"] for m in render(prod, placements(prod), ISSUER)}
    assert versions["VirtualService"] == "networking.istio.io/v1"
    assert versions["AuthorizationPolicy"] == "security.istio.io/v1"
    assert versions["HorizontalPodAutoscaler"] == "autoscaling/v2"
    assert versions["VerticalPodAutoscaler"] == "autoscaling.k8s.io/v1"


def test_files_have_no_yaml_aliases(prod: PlatformSpec, tmp_path: Path) -> None:
    for path in write_manifests(prod, placements(prod), tmp_path, ISSUER):
        text = path.read_text()
        assert "&id" not in text, path
        assert "*id" not in text, path
