"""`chariot manifests` and `chariot validate manifests`: files, output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from chariot.cli.main import app
from chariot.plan.placement import place
from tests.conftest import needs_uvx
from tests.k8s.helpers import ROOT, load

runner = CliRunner()
SEED = ROOT / "tests" / "k8s" / "validate" / "data" / "seed"
DAY = ["--on", "2026-11-26"]


def _render(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["manifests", "--env", "prod", "--root", str(ROOT), "--out", str(tmp_path), *DAY, *extra],
    )
    return result.exit_code, result.stdout, result.stderr


def test_render_prod_writes_a_kustomization(tmp_path: Path) -> None:
    code, stdout, _ = _render(tmp_path, "--format", "json")
    assert code == 0, stdout
    data = json.loads(stdout)
    target = tmp_path / "prod" / "k8s"
    assert data["directory"] == str(target)
    kustomization = yaml.safe_load((target / "kustomization.yaml").read_text())
    assert len(kustomization["resources"]) == len(data["files"])
    assert data["jwt_issuer"] is None
    # without an issuer the mesh fails closed, which the validator notes as warnings only
    assert {f["severity"] for f in data["findings"]} == {"warning"}


def test_render_with_stack_outputs_adds_request_authentication(tmp_path: Path) -> None:
    outputs = tmp_path / "cdk-outputs.json"
    outputs.write_text(json.dumps({"chariot-prod-edge": {"CognitoUserPoolId": "us-east-1_Pool42"}}))
    code, stdout, _ = _render(tmp_path / "dist", "--stack-outputs", str(outputs), "-f", "json")
    assert code == 0, stdout
    data = json.loads(stdout)
    assert data["jwt_issuer"] == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool42"
    assert data["findings"] == []
    ra = yaml.safe_load(
        (
            tmp_path / "dist" / "prod" / "k8s" / "microservices" / "requestauthentication-jwt.yaml"
        ).read_text()
    )
    assert ra["spec"]["jwtRules"][0]["jwksUri"].endswith("/us-east-1_Pool42/.well-known/jwks.json")
    # only the edge was in the file: the data tier's values are still pending, and said so
    assert "GraphEndpoint" in data["pending_stack_outputs"]
    assert "CognitoUserPoolClientId" in data["pending_stack_outputs"]


def test_render_with_data_outputs_writes_security_group_policies(tmp_path: Path) -> None:
    spec = load("prod")
    data_outputs = {
        f"PodSecurityGroup{n.capitalize()}Id": f"sg-{n}" for n in (s.name for s in spec.services)
    }
    outputs = tmp_path / "cdk-outputs.json"
    outputs.write_text(
        json.dumps(
            {
                "chariot-prod-cluster": {"ClusterSecurityGroupId": "sg-cluster"},
                "chariot-prod-data": data_outputs,
                "chariot-prod-edge": {"CognitoUserPoolId": "us-east-1_Pool42"},
            }
        )
    )
    code, stdout, _ = _render(tmp_path / "dist", "--stack-outputs", str(outputs), "-f", "json")
    assert code == 0, stdout
    data = json.loads(stdout)
    assert not any(p.startswith("PodSecurityGroup") for p in data["pending_stack_outputs"])
    policy = yaml.safe_load(
        (
            tmp_path / "dist" / "prod" / "k8s" / "microservices" / "securitygrouppolicy-users.yaml"
        ).read_text()
    )
    assert policy["spec"]["securityGroups"]["groupIds"] == ["sg-users", "sg-cluster"]


def test_render_table_says_the_issuer_is_unknown(tmp_path: Path) -> None:
    code, stdout, _ = _render(tmp_path)
    assert code == 0
    assert "VirtualService" in stdout
    assert "JWT issuer: unknown" in stdout
    assert "Pending stack outputs: CognitoUserPoolClientId, GraphEndpoint" in stdout
    assert "0 errors, 3 warnings" in stdout


def test_render_refuses_a_foreign_folder_and_unknown_env(tmp_path: Path) -> None:
    target = tmp_path / "prod" / "k8s"
    target.mkdir(parents=True)
    (target / "mine.txt").write_text("keep")
    code, _, stderr = _render(tmp_path)
    assert code == 2
    assert "chariot did not write" in stderr
    result = runner.invoke(app, ["manifests", "--env", "qa", "--root", str(ROOT)])
    assert result.exit_code == 2
    assert "no such environment 'qa'" in result.stderr


def test_bad_stack_outputs_is_a_user_error(tmp_path: Path) -> None:
    outputs = tmp_path / "o.json"
    outputs.write_text("{}")
    code, _, stderr = _render(tmp_path, "--stack-outputs", str(outputs))
    assert code == 2
    assert "o.json: CognitoIssuerUrl: no output" in stderr


def test_validate_the_seed_names_every_defect() -> None:
    result = runner.invoke(
        app, ["validate", "manifests", str(SEED), "-k", "1.35", "--root", str(ROOT)]
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = [
        (
            "traffic-management.yaml:54",
            "spec.trafficPolicy.circuitBreaker",
            "Istio has no circuitBreaker",
        ),
        ("mesh-network-policies.yaml:26", "spec.rules[1]", "admits any caller"),
        ("fargate-pod.yaml", "spec.metadata", "metadata belongs at the top level"),
        ("cluster-autoscaler.yaml", "spec.selector", "must say which pods it owns"),
        ("vpa.yaml", "spec.updatePolicy.updateMode", "updateMode Auto resizes"),
    ]
    for where, field, why in expected:
        assert any(where in line and f": {field}: " in line and why in line for line in lines), (
            where
        )
    assert lines[-1] == "12 objects in 8 files: 20 errors, 0 warnings"


def test_validate_json_and_version_from_the_environments(tmp_path: Path) -> None:
    code, _, _ = _render(tmp_path, "--stack-outputs", str(_outputs(tmp_path)))
    assert code == 0
    result = runner.invoke(
        app,
        ["validate", "manifests", str(tmp_path / "prod"), "--root", str(ROOT), *DAY, "-f", "json"],
    )
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert (data["kubernetes_version"], data["errors"], data["findings"]) == ("1.35", 0, [])


def _outputs(tmp_path: Path) -> Path:
    file = tmp_path / "outputs.json"
    file.write_text(json.dumps({"edge": {"CognitoUserPoolId": "us-east-1_Pool42"}}))
    return file


def test_validate_user_errors_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["validate", "manifests", str(SEED), "-k", "1.35", "--crds", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "holds no CRD files" in result.stderr
    result = runner.invoke(
        app, ["validate", "manifests", str(SEED), "-k", "1.99", "--root", str(ROOT)]
    )
    assert result.exit_code == 2
    assert "no Kubernetes schemas for 1.99" in result.stderr


def test_crds_from_the_environment_variable(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["validate", "manifests", str(SEED), "-k", "1.35"],
        env={"CHARIOT_CRDS_DIR": str(tmp_path)},
    )
    assert result.exit_code == 2
    assert f"{tmp_path} (from --crds) holds no CRD files" in " ".join(result.stderr.split())


def test_placement_comes_from_the_planner(tmp_path: Path) -> None:
    code, stdout, _ = _render(tmp_path, "--no-validate")
    assert code == 0, stdout
    planned = place(load("prod"))["users"]
    deployment = yaml.safe_load(
        (tmp_path / "prod" / "k8s" / "microservices" / "deployment-users.yaml").read_text()
    )
    pod = deployment["spec"]["template"]["spec"]
    assert (
        pod["nodeSelector"]
        == planned.node_selector
        == {
            "workload-type": "critical-services",
            "cost-optimization": "on-demand",
        }
    )
    assert pod.get("tolerations", []) == planned.tolerations == []


@needs_uvx
def test_validate_with_checkov_reports_unjustified_failures(tmp_path: Path) -> None:
    code, _, _ = _render(tmp_path, "--no-validate")
    assert code == 0
    deployment = tmp_path / "prod" / "k8s" / "microservices" / "deployment-users.yaml"
    deployment.write_text(
        deployment.read_text().replace(
            "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"
        )
    )
    result = runner.invoke(
        app,
        [
            "validate",
            "manifests",
            str(tmp_path / "prod"),
            "-k",
            "1.35",
            "--root",
            str(ROOT),
            "--checkov",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert (finding["rule"], finding["object"]) == (
        "checkov:CKV_K8S_22",
        "Deployment microservices/users",
    )
    assert finding["file"] == str(deployment)


def test_render_dr_writes_the_dr_regions_objects_beside(tmp_path: Path) -> None:
    outputs = tmp_path / "cdk-outputs.json"
    outputs.write_text(
        json.dumps(
            {
                "chariot-prod-edge": {"CognitoUserPoolId": "us-east-1_Pool42"},
                "chariot-prod-data": {"GraphEndpoint": "primary.neptune", "GraphPort": "8182"},
                "chariot-prod-dr-data": {
                    "GraphSecondaryEndpoint": "secondary.neptune",
                    "GraphSecondaryPort": "8182",
                },
            }
        )
    )
    code, stdout, _ = _render(
        tmp_path / "dist", "--dr", "--stack-outputs", str(outputs), "-f", "json"
    )
    assert code == 0, stdout
    data = json.loads(stdout)
    target = tmp_path / "dist" / "prod" / "k8s-us-west-2"
    assert (data["directory"], data["region"]) == (str(target), "us-west-2")
    assert data["findings"] == []
    # the one issuer; the DR stacks' graph; no cache in the DR region, so none to wait for
    assert data["jwt_issuer"] == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool42"
    assert "GraphSecondaryEndpoint" not in data["pending_stack_outputs"]
    assert not [name for name in data["pending_stack_outputs"] if name.startswith("Cache")]
    deployment = yaml.safe_load((target / "microservices" / "deployment-assets.yaml").read_text())
    pod = deployment["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"chariot/dr": "standby"}
    env = {e["name"]: e["value"] for e in pod["containers"][0]["env"]}
    assert env["CHARIOT_NEPTUNE_ENDPOINT"] == "https://secondary.neptune:8182"
    assert env["CHARIOT_CACHE_BACKEND"] == "none"
    assert pod["containers"][0]["image"].startswith("111122223333.dkr.ecr.us-west-2.")
    assert not (tmp_path / "dist" / "prod" / "k8s").exists()  # rendered alone


def test_render_dr_table_says_there_is_no_cache(tmp_path: Path) -> None:
    code, stdout, _ = _render(tmp_path, "--dr")
    assert code == 0, stdout
    assert "(chariot-microservices-cluster-us-west-2, us-west-2)" in stdout
    assert (
        "No cache in us-west-2: assets, users, vulnerabilities run without one "
        "(CHARIOT_CACHE_BACKEND=none, every read to the table)"
    ) in " ".join(stdout.split())


def test_render_dr_of_backup_restore_is_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["manifests", "--env", "dev", "--dr", "--root", str(ROOT), "--out", str(tmp_path), *DAY],
    )
    assert result.exit_code == 2
    assert "--dr: dev's dr.strategy is backup_restore" in result.stderr
    assert not (tmp_path / "dev").exists()
